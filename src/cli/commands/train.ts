// coinai train: trains an architecture (from a work hash, a phenotype or an IR JSON file) on a data
// set and writes the model file.
import { readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { inferShapes, paramCount, type Architecture, type Shape } from '../../arch/ir.js';
import { phenotypeToArchitecture } from '../../arch/semantics.js';
import { toHex } from '../../codec/hex.js';
import { deriveTerminals } from '../../grammar/derive.js';
import { loadGrammar } from '../../io/grammar-file.js';
import type { Dataset } from '../../ml/data/dataset.js';
import { describe } from '../../io/data/inputs.js';
import { loadDataset } from '../../io/data/load.js';
import { writeModelFile } from '../../io/model-file.js';
import { GRAMMAR_ID_BYTES } from '../../ml/model/model.js';
import { modelRoot } from '../../ml/model/root.js';
import { OPTIMIZERS, type OptimizerName } from '../../ml/optim/optimizer.js';
import { SCHEDULES, type Schedule } from '../../ml/optim/schedule.js';
import { train, type TrainProgress } from '../../ml/train/trainer.js';
import { parseChoice, parseDuration, parseHex, parseInteger, parseNumber } from '../options.js';
import { CliError, print } from '../output.js';

const WORK_HASH_BYTES = 64;
/** Epochs when neither --epochs nor --time-budget is given: as PyTorch's MNIST example. */
export const DEFAULT_EPOCHS = 14;

interface Options {
  hash?: Uint8Array;
  phenotype?: string;
  arch?: string;
  grammar?: string;
  data: string;
  epochs?: number;
  timeBudget?: number;
  target?: number;
  batch?: number;
  lr?: number;
  optimizer?: OptimizerName;
  momentum?: number;
  weightDecay?: number;
  schedule?: Schedule;
  seed?: number;
  workers?: number;
  out?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('train')
    .description('train an architecture on a data set and write the model file')
    .option(
      '--hash <hex>',
      'work hash H (128 hex digits): train the architecture it derives',
      parseHex('--hash', WORK_HASH_BYTES),
    )
    .option('--phenotype <text>', 'train the architecture of a phenotype (terminals separated by spaces)')
    .option('--arch <file>', 'train an architecture given as IR JSON (e.g. bench/reference-cnn.json)')
    .option('--grammar <file>', 'grammar for --hash and --phenotype (default: grammars/cnn-v2.bnf)')
    .option('--data <dir>', "data set folder, MNIST IDX folder, or 'default' for the bundled digits", 'default')
    .option(
      '--epochs <n>',
      `epochs (default: ${DEFAULT_EPOCHS}, or unlimited under --time-budget)`,
      parseInteger('--epochs', { min: 1 }),
    )
    .option(
      '--time-budget <duration>',
      'stop training after this long: seconds, or e.g. 90s, 5m, 1h',
      parseDuration('--time-budget'),
    )
    .option(
      '--target <accuracy>',
      'stop after an epoch whose validation accuracy reaches this (0..1)',
      parseNumber('--target', { max: 1 }),
    )
    .option('--batch <n>', 'batch size (default 64)', parseInteger('--batch', { min: 1 }))
    .option('--lr <rate>', 'base learning rate (default 0.002)', parseNumber('--lr'))
    .option('--optimizer <name>', `${OPTIMIZERS.join(' | ')} (default adam)`, parseChoice('--optimizer', OPTIMIZERS))
    .option('--momentum <m>', 'SGD momentum (default 0.9)', parseNumber('--momentum'))
    .option('--weight-decay <wd>', 'L2 weight decay on weights (default 0)', parseNumber('--weight-decay'))
    .option(
      '--schedule <name>',
      `learning rate schedule: ${SCHEDULES.join(' | ')} (default cosine)`,
      parseChoice('--schedule', SCHEDULES),
    )
    .option('--seed <n>', 'seed for initialisation, shuffling and dropout (default 0)', parseInteger('--seed'))
    .option('--workers <n>', 'worker threads (default: one per core)', parseInteger('--workers', { min: 1 }))
    .option('--out <file>', 'write the trained model file (.cai)')
    .option('--json', 'print JSON')
    .action(async (opts: Options) => {
      const data = loadDataset(opts.data);
      const source = architecture(opts, data);
      const bar = !opts.json && process.stderr.isTTY ? progressBar() : undefined;
      const result = await train(
        source.arch,
        data,
        {
          batchSize: opts.batch,
          learningRate: opts.lr,
          optimizer: opts.optimizer,
          momentum: opts.momentum,
          weightDecay: opts.weightDecay,
          schedule: opts.schedule,
          seed: opts.seed,
        },
        {
          epochs: opts.epochs ?? (opts.timeBudget === undefined ? DEFAULT_EPOCHS : undefined),
          timeBudgetSeconds: opts.timeBudget,
          targetScore: opts.target,
          workers: opts.workers,
          onProgress: bar?.update ?? (opts.json ? undefined : epochLine),
        },
      ).finally(() => bar?.stop());
      const bytes = opts.out
        ? writeModelFile(opts.out, {
            grammarId: source.grammarId,
            phenotype: source.phenotype,
            arch: source.arch,
            params: result.params,
          })
        : undefined;
      const last = result.history[result.history.length - 1];
      const summary = {
        data: data.name,
        phenotype: source.phenotype,
        params: paramCount(source.arch),
        epochs: result.history.length,
        stopReason: result.stopReason,
        samples: result.samples,
        seconds: result.seconds,
        validationAccuracy: last?.validationAccuracy,
        history: result.history,
        ...(opts.out && bytes && { out: opts.out, bytes: bytes.length, modelRoot: toHex(modelRoot(bytes)) }),
      };
      print(opts.json, summary, (s) =>
        [
          `trained ${s.params} parameters on ${s.data}: ${s.epochs} epochs, ${s.samples} samples in ${s.seconds.toFixed(1)} s (stopped: ${s.stopReason})`,
          `validation accuracy ${s.validationAccuracy?.toFixed(4)} (float32; \`coinai eval\` gives the consensus score)`,
          ...(s.out ? [`wrote ${s.out} (${s.bytes} bytes, model root ${s.modelRoot})`] : []),
        ].join('\n'),
      );
    });
}

interface ArchSource {
  arch: Architecture;
  phenotype: string;
  grammarId: Uint8Array;
}

function architecture(opts: Options, data: Dataset): ArchSource {
  const given = [opts.hash, opts.phenotype, opts.arch].filter((o) => o !== undefined).length;
  if (given !== 1) throw new CliError('give exactly one of --hash, --phenotype, --arch');
  let source: ArchSource;
  if (opts.arch !== undefined) {
    source = { arch: readArchitecture(opts.arch), phenotype: '', grammarId: new Uint8Array(GRAMMAR_ID_BYTES) };
  } else {
    const { id, grammar } = loadGrammar(opts.grammar);
    const terminals =
      opts.hash !== undefined ? deriveTerminals(grammar, opts.hash) : opts.phenotype!.trim().split(/\s+/);
    source = {
      arch: phenotypeToArchitecture(terminals, data.input, data.classes),
      phenotype: terminals.join(' '),
      grammarId: id,
    };
  }
  if (!sameShape(source.arch.input, data.input) || source.arch.classes !== data.classes) {
    throw new CliError(
      `the architecture takes ${describe(source.arch.input)} into ${source.arch.classes} classes; ` +
        `${data.name} has ${describe(data.input)} in ${data.classes} classes`,
    );
  }
  return source;
}

function readArchitecture(file: string): Architecture {
  let arch: Architecture;
  try {
    arch = JSON.parse(readFileSync(file, 'utf8')) as Architecture;
  } catch (err) {
    throw new CliError(`${file}: ${(err as Error).message}`);
  }
  if (typeof arch !== 'object' || arch === null || !Array.isArray(arch.layers) || typeof arch.input !== 'object') {
    throw new CliError(`${file}: not an architecture (expected { input, classes, layers })`);
  }
  try {
    const shapes = inferShapes(arch);
    const sides = shapes.flatMap((s) => (s.kind === 'image' ? [s.h, s.w, s.c] : [s.n]));
    if (!sides.every((v) => Number.isInteger(v) && v > 0) || !Number.isFinite(paramCount(arch)))
      throw new Error('a layer has a missing or bad field');
  } catch (err) {
    throw new CliError(`${file}: ${(err as Error).message}`);
  }
  return arch;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.kind === 'image' && b.kind === 'image'
    ? a.h === b.h && a.w === b.w && a.c === b.c
    : a.kind === 'flat' && b.kind === 'flat' && a.n === b.n;
}

/** A terminal progress bar over each epoch's samples. */
function progressBar(): { update: (p: TrainProgress) => void; stop: () => void } {
  const bar = new SingleBar({
    format: 'epoch {epoch} |{bar}| {percentage}% | loss {loss} | acc {acc} | {speed} samples/s | {elapsed}s',
    stream: process.stderr,
    hideCursor: true,
  });
  let epoch = 0;
  const update = (p: TrainProgress) => {
    if (p.kind === 'epoch') {
      bar.stop();
      epochLine(p);
      epoch = 0;
      return;
    }
    const values = {
      epoch: p.epoch,
      loss: p.loss.toFixed(4),
      acc: p.accuracy.toFixed(4),
      speed: Math.round(p.samplesPerSecond),
      elapsed: Math.round(p.elapsedSeconds),
    };
    if (p.epoch !== epoch) {
      bar.start(p.epochSamples, p.samples, values);
      epoch = p.epoch;
    } else {
      bar.update(p.samples, values);
    }
  };
  return { update, stop: () => bar.stop() };
}

function epochLine(p: TrainProgress): void {
  if (p.kind !== 'epoch') return;
  const r = p.record;
  process.stderr.write(
    `epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)} acc ${r.trainAccuracy.toFixed(4)}, ` +
      `validation loss ${r.validationLoss.toFixed(4)} acc ${r.validationAccuracy.toFixed(4)}, ` +
      `${Math.round(r.samplesPerSecond)} samples/s, ${r.elapsedSeconds.toFixed(1)} s\n`,
  );
}
