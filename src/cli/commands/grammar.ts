// `coinai grammar check FILE`: validates a grammar and reports its depth bounds, phenotype count and sizes.
import type { Command } from 'commander';
import { sampleParamRange } from '../../arch/cost-range.js';
import { toHex } from '../../codec/hex.js';
import { countDerivations, isSurjective } from '../../grammar/count.js';
import { loadGrammar } from '../../io/grammar-file.js';
import { parseInteger } from '../options.js';
import { print } from '../output.js';

const RANGE_INPUT = { kind: 'image', h: 28, w: 28, c: 1 } as const;
const RANGE_CLASSES = 10;
const RANGE_SAMPLES = 2000;

export function register(program: Command): void {
  const grammar = program.command('grammar').description('architecture grammars');
  grammar
    .command('check <file>')
    .description('parse and validate a grammar; count its phenotypes exactly')
    .option('--max-depth <d>', "override the grammar's max depth D", parseInteger('--max-depth', { min: 1, max: 999 }))
    .option('--json', 'print JSON')
    .action((file: string, opts: { maxDepth?: number; json?: boolean }) => {
      const { id, grammar: g } = loadGrammar(file, { maxDepth: opts.maxDepth });
      const phenotypes = countDerivations(g);
      const range = sampleParamRange(g, RANGE_INPUT, RANGE_CLASSES, RANGE_SAMPLES);
      const data = {
        file,
        grammarId: toHex(id),
        rules: g.rules.length,
        start: g.rules[0].name,
        minDepth: g.rules[0].minDepth,
        maxDepth: g.maxDepth,
        phenotypes: phenotypes <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(phenotypes) : phenotypes.toString(),
        surjective: isSurjective(g),
        params: { input: '28x28x1', classes: RANGE_CLASSES, ...range, method: `sample of ${range.samples} hashes` },
      };
      print(opts.json, data, (d) =>
        [
          `grammar     ${d.file} (id ${d.grammarId})`,
          `rules       ${d.rules}, start <${d.start}>`,
          `depth       minDepth ${d.minDepth}, maxDepth ${d.maxDepth}`,
          `phenotypes  ${d.phenotypes} (derivations; distinct phenotypes when the grammar is unambiguous)`,
          `surjective  ${d.surjective ? 'yes: every derivation is reached by some 512-bit hash' : 'not proven'}`,
          `params      ${d.params.min} .. ${d.params.max} on 28x28x1, ${RANGE_CLASSES} classes (${d.params.method})`,
        ].join('\n'),
      );
    });
}
