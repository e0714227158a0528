// `coinai arch --hash H`: the architecture a work hash derives, with its cost.
import type { Command } from 'commander';
import { architectureCost } from '../../arch/cost.js';
import { describeLayer, describeShape, parseShape } from '../../arch/describe.js';
import { inferShapes } from '../../arch/ir.js';
import { phenotypeToArchitecture } from '../../arch/semantics.js';
import { toHex } from '../../codec/hex.js';
import { deriveTerminals } from '../../grammar/derive.js';
import { loadGrammar } from '../../io/grammar-file.js';
import { parseHex, parseInteger } from '../options.js';
import { CliError, print } from '../output.js';

const WORK_HASH_BYTES = 64;
/** The largest --classes and --batch. */
const MAX_SIZE = 9_999_999;

interface ArchOptions {
  hash: Uint8Array;
  grammar?: string;
  input: string;
  classes: number;
  batch: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('arch')
    .description('derive the architecture of a work hash through a grammar, and its cost')
    .requiredOption('--hash <hex>', 'work hash H: 128 hex digits (SHA3-512)', parseHex('--hash', WORK_HASH_BYTES))
    .option('--grammar <file>', 'grammar file (default: grammars/cnn-v2.bnf)')
    .option('--input <shape>', 'input shape: HxWxC for images, N for flat features', '28x28x1')
    .option('--classes <n>', 'number of classes', parseInteger('--classes', { min: 1, max: MAX_SIZE }), 10)
    .option('--batch <n>', 'batch size for memoryBytes', parseInteger('--batch', { min: 1, max: MAX_SIZE }), 32)
    .option('--json', 'print JSON')
    .action((opts: ArchOptions) => {
      const { hash, classes, batch } = opts;
      const input = parseShape(opts.input);
      if (!input) throw new CliError(`--input must be HxWxC or N, not '${opts.input}'`);
      const { path, id, grammar } = loadGrammar(opts.grammar);
      const terminals = deriveTerminals(grammar, hash);
      const arch = phenotypeToArchitecture(terminals, input, classes);
      const shapes = inferShapes(arch);
      const data = {
        hash: toHex(hash),
        grammar: path,
        grammarId: toHex(id),
        phenotype: terminals.join(' '),
        input,
        classes,
        layers: arch.layers,
        batch,
        ...architectureCost(arch, batch),
      };
      print(opts.json, data, (d) =>
        [
          `phenotype    ${d.phenotype}`,
          `grammar      ${d.grammar} (id ${d.grammarId})`,
          `input        ${describeShape(input)}, ${classes} classes`,
          'layers',
          ...arch.layers.map(
            (l, i) =>
              `  ${String(i + 1).padStart(2)}  ${describeLayer(l).padEnd(40)} -> ${describeShape(shapes[i + 1])}`,
          ),
          `params       ${d.params}`,
          `flops        ${d.flops} per sample (forward)`,
          `memoryBytes  ${d.memoryBytes} at batch ${batch}`,
        ].join('\n'),
      );
    });
}
