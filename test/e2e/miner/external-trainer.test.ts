// Trainers that misbehave, as a buggy or hostile `--trainer` command would: the miner checks what comes back,
// scores it itself, and fails the job with a TrainerError that says why; a new head kills the process at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paramCount } from '../../../src/arch/ir.js';
import { resolveHyperParams } from '../../../src/ml/train/hyper-params.js';
import { ChainManager } from '../../../src/node/chain/chain-manager.js';
import { verifyChain } from '../../../src/node/chain/verify-chain.js';
import { ChainStore } from '../../../src/node/db/chain-store.js';
import { ObjectStore } from '../../../src/node/models/object-store.js';
import type { TrainJob } from '../../../src/node/miner/candidate-trainer.js';
import { externalTrainer, TrainerError } from '../../../src/node/miner/external-trainer.js';
import { Miner } from '../../../src/node/miner/miner.js';
import { DEFAULT_MINER_OPTIONS } from '../../../src/node/miner/options.js';
import { miner } from '../../helpers/chain/fixtures.js';
import { dataset, evaluate, tinyConfig, tinyRules } from '../../unit/consensus/pouw-fixtures.js';

const config = tinyConfig();
const rules = tinyRules(config);
const arch = {
  input: dataset.input,
  classes: 2,
  layers: [
    { type: 'dense', units: 3 },
    { type: 'activation', fn: 'relu' },
    { type: 'dense', units: 2 },
  ],
} as const satisfies TrainJob['arch'];
const WEIGHTS = paramCount(arch);

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-trainer-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** A trainer as a Node script: `body` runs with `job` (the parsed job file) and `write(name, bytes)` in scope. */
async function script(name: string, body: string): Promise<string> {
  const file = join(dir, `${name}.mjs`);
  await writeFile(
    file,
    `import { readFileSync, writeFileSync } from 'node:fs';\n` +
      `const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));\n` +
      `const result = (r) => writeFileSync(job.output.result, JSON.stringify(r));\n` +
      `const weights = (values) => writeFileSync(job.output.weights, Buffer.from(new Float32Array(values).buffer));\n` +
      body,
  );
  return `'${process.execPath}' '${file}'`;
}

function job(signal = new AbortController().signal): TrainJob {
  return {
    arch,
    hyperParams: resolveHyperParams({}),
    timeBudgetSeconds: 5,
    targetScore: () => 1,
    signal,
    onEpoch: () => {},
  };
}

async function trainWith(command: string, signal?: AbortSignal) {
  const workDir = await mkdtemp(join(dir, 'work-'));
  return externalTrainer({ command, workDir, data: dataset, cores: 3 }).train(job(signal));
}

describe('an external trainer', () => {
  test('that claims 100% for weights of zeros gets a block with the exact score, which the chain accepts', async () => {
    const liar = await script(
      'liar',
      `weights(new Array(job.torch.params.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0)).fill(0));\n` +
        `console.log(JSON.stringify({ epoch: 1, loss: 0, validationAccuracy: 1, seconds: 0 }));\n` +
        `result({ validationAccuracy: 1, stopReason: 'target', seconds: 0 });\n`,
    );
    const chain = new ChainManager(
      await ChainStore.create(join(dir, 'chain'), config),
      new ObjectStore(join(dir, 'models')),
      rules,
      evaluate,
    );
    const workDir = await mkdtemp(join(dir, 'work-'));
    let nonce = 0n;
    const m = new Miner(chain, dataset, {
      ...DEFAULT_MINER_OPTIONS,
      miner: miner.address,
      policy: 'single',
      minParams: 0,
      // Past genesis by 100 s: the threshold is at its 10% floor, which any model reaches.
      clock: () => config.timestamp + 100,
      nonce: () => ++nonce,
      trainer: externalTrainer({ command: liar, workDir, data: dataset, cores: 1 }),
    });
    const mined = await m.mineBlock();
    assert.equal(mined.trainerAccuracy, 1);
    // All-zero weights give equal logits: every sample goes to class 0.
    const zeros = dataset.validation.y.filter((y) => y === 0).length;
    assert.deepEqual(mined.score, { correct: zeros, total: dataset.validation.count });
    const verified = await verifyChain(config, chain.store, chain.models, rules, evaluate, config.timestamp + 100);
    assert.equal(verified.blocks, 1);
    await chain.store.close();
  });

  test("is told the miner's --cores in its job file", async () => {
    const echo = await script(
      'cores',
      `weights(new Array(${WEIGHTS}).fill(0));\n` +
        `result({ validationAccuracy: job.cores / 10, stopReason: 'time', seconds: 0 });\n`,
    );
    assert.equal((await trainWith(echo)).validationAccuracy, 0.3);
  });

  test('that writes the wrong number of weights fails the job, naming both sizes', async () => {
    const short = await script(
      'short',
      `weights(new Array(${WEIGHTS - 1}).fill(0.5));\nresult({ validationAccuracy: 0.5, stopReason: 'time', seconds: 1 });\n`,
    );
    await assert.rejects(trainWith(short), (err: unknown) => {
      assert.ok(err instanceof TrainerError && err.code === 'trainer-output');
      assert.match(err.message, new RegExp(`${(WEIGHTS - 1) * 4} bytes, the architecture needs ${WEIGHTS * 4}`));
      return true;
    });
  });

  test('that writes a NaN weight fails the job, naming the tensor', async () => {
    const nan = await script(
      'nan',
      `const w = new Array(${WEIGHTS}).fill(0.5); w[16] = NaN; weights(w);\n` +
        `result({ validationAccuracy: 0.9, stopReason: 'time', seconds: 1 });\n`,
    );
    // Tensor order: dense 0 weight [3, 4], bias [3], dense 2 weight [2, 3]: value 16 is the second tensor's last.
    await assert.rejects(trainWith(nan), {
      name: 'TrainerError',
      code: 'trainer-output',
      message: /layer 0 bias: weight 3 is NaN|layer 2 weight: weight 1 is NaN/,
    });
  });

  test('whose result is malformed or missing fails the job', async () => {
    const bad = await script(
      'bad',
      `weights(new Array(${WEIGHTS}).fill(0));\nresult({ validationAccuracy: 2, stopReason: 'time', seconds: 1 });\n`,
    );
    await assert.rejects(trainWith(bad), {
      code: 'trainer-output',
      message: /validationAccuracy must be a number in \[0, 1\]/,
    });
    const silent = await script('silent', '');
    await assert.rejects(trainWith(silent), { code: 'trainer-output', message: /without writing result\.json/ });
  });

  test('that exits with an error fails the job with its status and the end of its stderr', async () => {
    const crash = await script('crash', `console.error('CUDA out of memory'); process.exit(3);\n`);
    await assert.rejects(trainWith(crash), {
      code: 'trainer-failed',
      message: /exited with status 3:\nCUDA out of memory/,
    });
  });

  test('is killed, with what it started, when the job is aborted', async () => {
    const pids = join(dir, 'pids');
    // The shell starts the script, which starts a child of its own; both must go.
    const hang = await script(
      'hang',
      `import { spawn } from 'node:child_process';\n` +
        `const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });\n` +
        `writeFileSync(${JSON.stringify(pids)}, process.pid + ' ' + child.pid);\nsetInterval(() => {}, 1000);\n`,
    );
    const abort = new AbortController();
    const training = trainWith(hang, abort.signal);
    for (;;) {
      const text = await readFile(pids, 'utf8').catch(() => '');
      if (text.includes(' ')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    abort.abort();
    await assert.rejects(training, { name: 'AbortError' });
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const ids = (await readFile(pids, 'utf8')).split(' ').map(Number);
    for (let i = 0; i < 100 && ids.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(ids.filter(alive), []);
  });
});
