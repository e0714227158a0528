// coinai eval: scores a model on a data set split with the consensus evaluator.
import type { Command } from 'commander';
import type { Shape } from '../../arch/ir.js';
import { loadDataset } from '../../io/data/load.js';
import { describe } from '../../io/data/inputs.js';
import { evaluateParallel } from '../../ml/eval-pool/parallel.js';
import { correctCount, ratioToNumber, scoreRatio, totalCount } from '../../ml/eval/score.js';
import { readModelFile } from '../../io/model-file.js';
import { parseChoice, parseInteger } from '../options.js';
import { CliError, print } from '../output.js';

interface Options {
  model: string;
  data: string;
  split: 'validation' | 'test';
  workers: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('eval')
    .description('score a model on a data set with the exact (consensus) evaluator')
    .requiredOption('--model <file>', 'model file (.cai)')
    .option('--data <dir>', "data set folder, or 'default' for the bundled digits", 'default')
    .option(
      '--split <name>',
      'validation or test',
      parseChoice('--split', ['validation', 'test'] as const),
      'validation',
    )
    .option(
      '--workers <n>',
      'worker threads (the counts do not depend on it)',
      parseInteger('--workers', { min: 1 }),
      1,
    )
    .option('--json', 'print JSON')
    .action(async (opts: Options) => {
      const { bytes, model } = readModelFile(opts.model);
      const data = loadDataset(opts.data);
      const split = data[opts.split];
      if (!split) throw new CliError(`${opts.data}: data set ${data.name} has no ${opts.split} split`);
      if (!sameShape(model.arch.input, data.input) || model.arch.classes !== data.classes) {
        throw new CliError(
          `${opts.model} takes ${describe(model.arch.input)} into ${model.arch.classes} classes; ` +
            `${data.name} has ${describe(data.input)} in ${data.classes} classes`,
        );
      }
      const confusion = await evaluateParallel(bytes, split, opts.workers);
      const result = {
        correct: correctCount(confusion),
        total: totalCount(confusion),
        score: ratioToNumber(scoreRatio(confusion, data.metric)),
        metric: data.metric,
      };
      print(
        opts.json,
        result,
        (r) => `${r.metric} ${r.score.toFixed(4)} (${r.correct}/${r.total} correct) on ${data.name} ${opts.split}`,
      );
    });
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.kind === 'image' && b.kind === 'image'
    ? a.h === b.h && a.w === b.w && a.c === b.c
    : a.kind === 'flat' && b.kind === 'flat' && a.n === b.n;
}
