// Bring your own trainer (docs/TRAINERS.md): each training job goes to an external command as a job file (the
// architecture as IR JSON and as PyTorch modules, the data set's files and split sizes, the hyper-parameters, the
// time budget and the stopping target), and the weights come back as one float32 file in the model file's tensor
// order. Nothing the trainer says is trusted: the weights are checked for size and finiteness here, and the miner
// scores them with the exact evaluator before it submits anything.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CodedError } from '../../base/coded-error.js';
import { paramSpecs } from '../../arch/ir.js';
import type { Dataset } from '../../ml/data/dataset.js';
import type { Split } from '../../ml/data/split.js';
import { canonicalWeights } from '../../ml/model/codec.js';
import type { StopReason } from '../../ml/train/trainer.js';
import type { CandidateTrainer, TrainJob, TrainedWeights } from './candidate-trainer.js';
import { torchDescription } from './torch-description.js';

export const TRAINER_PROTOCOL = 'coinai-trainer/1';

/** Seconds past the budget a trainer may take (starting an interpreter, loading a framework) before it is killed. */
const GRACE_SECONDS = 60;
const STDERR_TAIL = 2000;
const STOP_REASONS: readonly StopReason[] = ['epochs', 'time', 'target'];

export class TrainerError extends CodedError<'trainer-failed' | 'trainer-output'> {}

export interface ExternalTrainerOptions {
  /** A shell command; the job file's path is appended as its last argument. */
  readonly command: string;
  /** Where the data files and the jobs' folders go. */
  readonly workDir: string;
  readonly data: Dataset;
  /** The miner's `--cores`: the CPU threads a trainer should use (it may have a GPU and use one). */
  readonly cores: number;
  /** Lines the trainer writes to stderr that are not its progress. */
  readonly onStderr?: (line: string) => void;
}

export function externalTrainer(opts: ExternalTrainerOptions): CandidateTrainer {
  let dataFiles: Promise<DataFiles> | undefined;
  return {
    async train(job) {
      job.signal.throwIfAborted();
      dataFiles ??= writeData(opts.data, join(opts.workDir, 'data'));
      const data = await dataFiles;
      const dir = await mkdtemp(join(opts.workDir, 'job-'));
      try {
        return await runJob(opts, job, data, dir);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

interface SplitFiles {
  readonly x: string;
  readonly y: string;
  readonly count: number;
}
interface DataFiles {
  readonly train: SplitFiles;
  readonly validation: SplitFiles;
}

async function writeData(data: Dataset, dir: string): Promise<DataFiles> {
  await mkdir(dir, { recursive: true });
  const write = async (name: string, split: Split): Promise<SplitFiles> => {
    const x = join(dir, `${name}-x.f32`);
    const y = join(dir, `${name}-y.u8`);
    await writeFile(x, littleEndian(split.x));
    await writeFile(y, split.y);
    return { x, y, count: split.count };
  };
  return { train: await write('train', data.train), validation: await write('validation', data.validation) };
}

function littleEndian(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

async function runJob(opts: ExternalTrainerOptions, job: TrainJob, data: DataFiles, dir: string) {
  const specs = paramSpecs(job.arch);
  const paths = { job: join(dir, 'job.json'), weights: join(dir, 'weights.f32'), result: join(dir, 'result.json') };
  const init = job.initialParams && join(dir, 'init.f32');
  if (init && job.initialParams) await writeFile(init, littleEndian(concat(job.initialParams)));
  const target = job.targetScore();
  await writeFile(
    paths.job,
    JSON.stringify({
      protocol: TRAINER_PROTOCOL,
      architecture: job.arch,
      torch: torchDescription(job.arch),
      data: { input: job.arch.input, classes: job.arch.classes, ...data },
      hyperParams: job.hyperParams,
      timeBudgetSeconds: job.timeBudgetSeconds,
      cores: opts.cores,
      // The threshold only falls, so stopping at today's value is never too early for the miner.
      targetAccuracy: target,
      init: init ?? null,
      output: { weights: paths.weights, result: paths.result },
    }),
  );
  await run(opts, job, paths.job);
  const result = parseResult(await readFile(paths.result, 'utf8').catch(() => missing('result.json')));
  const bytes = await readFile(paths.weights).catch(() => missing('weights.f32'));
  const sizes = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (bytes.length !== total * 4)
    throw new TrainerError(
      'trainer-output',
      `weights.f32 has ${bytes.length} bytes, the architecture needs ${total * 4}`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const params = sizes.map((n, k) => {
    const t = new Float32Array(n);
    for (let i = 0; i < n; i++, offset += 4) {
      t[i] = view.getFloat32(offset, true);
      if (!Number.isFinite(t[i]))
        throw new TrainerError('trainer-output', `layer ${specs[k].layer} ${specs[k].name}: weight ${i} is ${t[i]}`);
    }
    return t;
  });
  return { ...result, params: canonicalWeights(params) } satisfies TrainedWeights;
}

function concat(tensors: Float32Array[]): Float32Array {
  const out = new Float32Array(tensors.reduce((n, t) => n + t.length, 0));
  tensors.reduce((offset, t) => (out.set(t, offset), offset + t.length), 0);
  return out;
}

function missing(file: string): never {
  throw new TrainerError('trainer-output', `the trainer exited 0 without writing ${file}`);
}

function parseResult(text: string): Omit<TrainedWeights, 'params'> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TrainerError('trainer-output', 'result.json is not JSON');
  }
  const r = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const accuracy = r.validationAccuracy;
  if (typeof accuracy !== 'number' || !(accuracy >= 0 && accuracy <= 1))
    throw new TrainerError('trainer-output', 'result.json: validationAccuracy must be a number in [0, 1]');
  const stopReason = STOP_REASONS.find((s) => s === r.stopReason);
  if (!stopReason) throw new TrainerError('trainer-output', `result.json: stopReason must be one of ${STOP_REASONS}`);
  const seconds = r.seconds;
  if (typeof seconds !== 'number' || !(seconds >= 0))
    throw new TrainerError('trainer-output', 'result.json: seconds must be a non-negative number');
  return { validationAccuracy: accuracy, stopReason, seconds };
}

/** Runs the command on the job file; its stdout lines that are JSON epoch reports become the job's epoch events. */
function run(opts: ExternalTrainerOptions, job: TrainJob, jobFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Its own process group, so that killing it also ends what the shell started.
    const child = spawn(`${opts.command} ${shellQuote(jobFile)}`, {
      shell: true,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, COINAI_JOB: jobFile },
    });
    let stderr = '';
    let failure: Error | undefined;
    const kill = (why: Error) => {
      failure ??= why;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const onAbort = () => kill(job.signal.reason instanceof Error ? job.signal.reason : new Error('aborted'));
    job.signal.addEventListener('abort', onAbort);
    const limit = setTimeout(
      () => kill(new TrainerError('trainer-failed', `still running ${GRACE_SECONDS} s past its time budget: killed`)),
      (job.timeBudgetSeconds + GRACE_SECONDS) * 1000,
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      const epoch = parseEpoch(line);
      if (epoch) job.onEpoch(epoch);
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr = (stderr + line + '\n').slice(-STDERR_TAIL);
      opts.onStderr?.(line);
    });
    child.on('error', (err) =>
      kill(new TrainerError('trainer-failed', `cannot start '${opts.command}': ${err.message}`)),
    );
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      job.signal.removeEventListener('abort', onAbort);
      if (failure) return reject(failure);
      if (code === 0) return resolve();
      const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
      reject(new TrainerError('trainer-failed', `'${opts.command}' ${how}${stderr ? `:\n${stderr.trimEnd()}` : ''}`));
    });
  });
}

function parseEpoch(line: string): Parameters<TrainJob['onEpoch']>[0] | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const e = JSON.parse(line) as Record<string, unknown>;
    const { epoch, loss, validationAccuracy, seconds } = e;
    if (typeof epoch === 'number' && typeof loss === 'number' && typeof validationAccuracy === 'number')
      return { epoch, loss, validationAccuracy, seconds: typeof seconds === 'number' ? seconds : 0 };
  } catch {
    // not a progress line
  }
  return undefined;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
