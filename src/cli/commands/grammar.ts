// `coinai grammar check FILE`: validates a grammar and reports its depth bounds, phenotype count, entropy, head
// bound and sizes; `--strict` refuses one a governance grammar must not be (docs/PROTOCOL.md 3.2 and 3.5).
import type { Command } from 'commander';
import { sampleParamRange } from '../../arch/cost-range.js';
import { describeShape, parseShape } from '../../arch/describe.js';
import { analyseHead, HEAD_LIMIT, MIN_BITS, strictFaults } from '../../arch/grammar-analysis.js';
import { toHex } from '../../codec/hex.js';
import { countDerivations, isSurjective, log2Tenths, maxChoiceProduct, minChoiceProduct } from '../../grammar/count.js';
import { loadGrammar } from '../../io/grammar-file.js';
import { parseInteger } from '../options.js';
import { CliError, print } from '../output.js';

const RANGE_SAMPLES = 2000;

interface CheckOptions {
  maxDepth?: number;
  input: string;
  classes: number;
  strict?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const grammar = program.command('grammar').description('architecture grammars');
  grammar
    .command('check <file>')
    .description('parse and validate a grammar; count its phenotypes, entropy and classifier input exactly')
    .option('--max-depth <d>', "override the grammar's max depth D", parseInteger('--max-depth', { min: 1, max: 999 }))
    .option('--input <shape>', 'input shape for the head bound and parameter range (HxWxC or N)', '28x28x1')
    .option(
      '--classes <n>',
      'class count for the head bound and parameter range',
      parseInteger('--classes', { min: 2, max: 256 }),
      10,
    )
    .option(
      '--strict',
      `refuse (exit 1) a grammar under ${MIN_BITS} bits, over ${HEAD_LIMIT} head features, or that skips statements`,
    )
    .option('--json', 'print JSON')
    .action((file: string, opts: CheckOptions) => {
      const { maxDepth, classes } = opts;
      const input = parseShape(opts.input);
      if (input === undefined) throw new CliError(`--input must be HxWxC or N, not '${opts.input}'`);
      const { id, grammar: g } = loadGrammar(file, { maxDepth });
      const phenotypes = countDerivations(g);
      const minProduct = minChoiceProduct(g);
      const maxProduct = maxChoiceProduct(g);
      const head = analyseHead(g, input, classes);
      const range = sampleParamRange(g, input, classes, RANGE_SAMPLES);
      const data = {
        file,
        grammarId: toHex(id),
        rules: g.rules.length,
        start: g.rules[0].name,
        minDepth: g.rules[0].minDepth,
        maxDepth: g.maxDepth,
        phenotypes: safe(phenotypes),
        surjective: isSurjective(g),
        minBits: log2Tenths(minProduct),
        minChoiceProduct: minProduct.toString(),
        maxProbability: `1/${minProduct}`,
        maxBits: log2Tenths(maxProduct),
        input: describeShape(input),
        classes,
        headBound: head.headBound,
        headLimit: HEAD_LIMIT,
        skipsStatements: head.skipsStatements,
        insertsFlatten: head.insertsFlatten,
        params: { ...range, method: `sample of ${range.samples} hashes` },
      };
      print(opts.json, data, (d) =>
        [
          `grammar     ${d.file} (id ${d.grammarId})`,
          `rules       ${d.rules}, start <${d.start}>`,
          `depth       minDepth ${d.minDepth}, maxDepth ${d.maxDepth}`,
          `phenotypes  ${d.phenotypes} (derivations; distinct phenotypes when the grammar is unambiguous)`,
          `surjective  ${d.surjective ? 'yes: every derivation is reached by some 512-bit hash' : 'not proven'}`,
          `entropy     min ${d.minBits} bits: the most likely phenotype has probability ${d.maxProbability} (restarts aside)`,
          `head        at most ${d.headBound} features into the first dense layer on ${d.input} (limit ${d.headLimit}; exact)`,
          `legalise    ${d.skipsStatements ? 'some phenotypes have skipped statements' : 'never skips a statement'}, ` +
            `${d.insertsFlatten ? 'sometimes inserts a flatten' : 'never inserts a flatten'} on ${d.input}`,
          `params      ${d.params.min} .. ${d.params.max} on ${d.input}, ${classes} classes (${d.params.method})`,
        ].join('\n'),
      );
      if (opts.strict) {
        const faults = strictFaults(g, head, input);
        if (faults.length > 0) throw new CliError(`${file} fails --strict: ${faults.join('; ')}`);
      }
    });
}

function safe(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}
