// coinai export: writes a model in a format other tools run (ONNX).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { modelToOnnx } from '../../ml/export/onnx.js';
import { readModelFile } from '../../io/model-file.js';
import { parseChoice } from '../options.js';
import { CliError, print } from '../output.js';

export function register(program: Command): void {
  program
    .command('export')
    .description('export a model to ONNX (opset 13)')
    .requiredOption('--model <file>', 'model file (.cai)')
    .option('--format <format>', 'onnx', parseChoice('--format', ['onnx'] as const), 'onnx')
    .requiredOption('--out <file>', 'output file')
    .option('--json', 'print JSON')
    .action((opts: { model: string; format: string; out: string; json?: boolean }) => {
      const onnx = modelToOnnx(readModelFile(opts.model).model);
      try {
        writeFileSync(opts.out, onnx);
      } catch (err) {
        throw new CliError(
          `${opts.out}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        );
      }
      print(opts.json, { out: opts.out, bytes: onnx.length }, (r) => `wrote ${r.out} (${r.bytes} bytes)`);
    });
}
