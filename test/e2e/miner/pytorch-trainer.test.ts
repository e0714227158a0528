// The reference PyTorch trainer (trainers/pytorch/train.py) through the external-trainer protocol: its layer
// conventions make weights load exactly (the same weights score the same in PyTorch's float32 and the exact
// float64 evaluator), and `coinai mine --trainer` mines a block with it that the chain accepts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Architecture } from '../../../src/arch/ir.js';
import { deriveArchitecture } from '../../../src/consensus/derive-architecture.js';
import { parseGenesisConfig } from '../../../src/consensus/genesis-config.js';
import { predictClasses } from '../../../src/ml/eval/evaluate.js';
import { sliceSplit } from '../../../src/ml/data/dataset.js';
import { resolveHyperParams } from '../../../src/ml/train/hyper-params.js';
import { train } from '../../../src/ml/train/trainer.js';
import { loadRules } from '../../../src/node/chain/load-rules.js';
import { externalTrainer } from '../../../src/node/miner/external-trainer.js';
import { runCli } from '../../helpers/cli.js';
import { pythonWithTorch } from '../../helpers/python.js';
import { writeTinyImageChain } from '../../helpers/tiny-image-chain.js';

const python = pythonWithTorch();
const TRAINER = `${python.present ? python.require() : '/usr/bin/python3'} trainers/pytorch/train.py`;
/** What docs/TRAINERS.md promises: float32 and float64 disagree on at most 1 sample in 1000 (and at least 1). */
const allowedSamples = (total: number) => Math.max(1, Math.floor(total / 1000));

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coinai-pytorch-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('the PyTorch trainer', python.options, () => {
  test("predicts what the exact evaluator predicts with the same weights, on the dev chain's architectures", async () => {
    python.require();
    const dev = parseGenesisConfig(JSON.parse(readFileSync('config/genesis.dev.json', 'utf8')));
    const { rules, dataset } = loadRules(dev);
    const brief = { train: sliceSplit(dataset.train, 0, 1024), validation: sliceSplit(dataset.validation, 0, 64) };
    const work = { parentHash: new Uint8Array(32), txRoot: new Uint8Array(32), miner: new Uint8Array(20) };
    const archs: { phenotype: string; arch: Architecture }[] = [0n, 2n, 9n, 11n].map((nonce) =>
      deriveArchitecture(rules, { ...work, nonce }),
    );
    // The grammar only derives stride-1 convolutions with odd kernels; TF-style 'same' padding is asymmetric with
    // a stride of 2 or an even kernel (the extra row and column go after).
    archs.push({
      phenotype: 'asymmetric same padding',
      arch: {
        input: rules.problem.input,
        classes: 10,
        layers: [
          { type: 'conv2d', filters: 8, kernel: 3, stride: 2, padding: 'same' },
          { type: 'activation', fn: 'tanh' },
          { type: 'conv2d', filters: 6, kernel: 4, stride: 1, padding: 'same' },
          { type: 'batchNorm' },
          { type: 'activation', fn: 'relu' },
          { type: 'maxPool2d', size: 2, stride: 2 },
          { type: 'flatten' },
          { type: 'dense', units: 10 },
        ],
      },
    });
    for (const d of archs) {
      // One short epoch, so that the predictions depend on the input and spread over the classes (at random
      // initialisation, deep networks predict one class), with batch-norm statistics of real activations.
      const { params } = await train(d.arch, brief, { seed: 1, learningRate: 0.005, batchSize: 32 }, { epochs: 1 });
      const model = { grammarId: rules.grammarId, phenotype: d.phenotype, arch: d.arch, params };
      // Labelled with the exact evaluator's own predictions, the validation split scores PyTorch's agreement.
      const { x, count } = sliceSplit(rules.validation, 0, 1000);
      const y = Uint8Array.from(predictClasses(model, x, count));
      const top = Math.max(...Array.from({ length: 10 }, (_, c) => y.filter((v) => v === c).length));
      assert.ok(top <= 0.9 * count, `${d.phenotype}: ${top} of ${count} predictions are one class`);
      const split = { x, y, count };
      const t = externalTrainer({
        command: TRAINER,
        workDir: await mkdtemp(join(dir, 'agree-')),
        data: { ...dataset, train: split, validation: split },
        cores: 2,
      });
      // A budget of 0: the trainer only loads the weights, validates and writes them back.
      const result = await t.train({
        arch: d.arch,
        hyperParams: resolveHyperParams({}),
        timeBudgetSeconds: 0,
        targetScore: () => 1,
        initialParams: params,
        signal: new AbortController().signal,
        onEpoch: () => {},
      });
      assert.deepEqual(result.params, params, d.phenotype);
      const disagree = count - Math.round(result.validationAccuracy * count);
      assert.ok(disagree <= allowedSamples(count), `${d.phenotype}: PyTorch disagrees on ${disagree} of ${count}`);
    }
  });

  test('coinai mine --trainer mines a block the chain accepts, scored as the trainer reported', async () => {
    python.require();
    const { file } = await writeTinyImageChain(dir, []);
    const datadir = join(dir, 'node');
    const r = runCli([
      'mine',
      '--datadir',
      datadir,
      '--genesis',
      file,
      '--blocks',
      '1',
      '--time-budget',
      '10',
      '--candidates',
      '2',
      '--trainer',
      TRAINER,
      '--json',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const [block] = JSON.parse(r.stdout) as {
      height: number;
      score: { correct: number; total: number };
      trainerAccuracy: number;
    }[];
    assert.equal(block.height, 1);
    const reported = Math.round(block.trainerAccuracy * block.score.total);
    assert.ok(Math.abs(reported - block.score.correct) <= allowedSamples(block.score.total), r.stdout);
    const verified = runCli(['chain', 'verify', '--datadir', datadir, '--json']);
    assert.equal(verified.status, 0, verified.stderr);
    assert.equal(JSON.parse(verified.stdout).blocks, 1);
  });
});
