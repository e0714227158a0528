// coinai predict: the class the exact evaluator assigns to each input sample.
import type { Command } from 'commander';
import { loadInputs } from '../../io/data/inputs.js';
import { predictClasses } from '../../ml/eval/evaluate.js';
import { readModelFile } from '../../io/model-file.js';
import { print } from '../output.js';

export function register(program: Command): void {
  program
    .command('predict')
    .description('classify samples: an IDX images file, a PNG image, or a CSV of feature rows in [0, 1]')
    .requiredOption('--model <file>', 'model file (.cai)')
    .requiredOption('--input <file>', 'IDX (gzipped or not), PNG or CSV')
    .option('--json', 'print JSON')
    .action((opts: { model: string; input: string; json?: boolean }) => {
      const { model } = readModelFile(opts.model);
      const inputs = loadInputs(opts.input, model.arch.input);
      const classes = Array.from(predictClasses(model, inputs.x, inputs.count));
      print(opts.json, classes, (c) => c.join('\n'));
    });
}
