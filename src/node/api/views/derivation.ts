// How a block's work hash drove the grammar, as JSON: the rules the derivation met (each alternative as BNF text),
// then each expansion (the rule, its depth, the alternatives allowed there, m and the index m mod n it took), and
// the phenotype. Bounded by the grammar: at most maxExpansions(grammar) steps (src/grammar/count.ts).
import type { Alternative } from '../../../grammar/types.js';
import { toHex } from '../../../codec/hex.js';
import type { BlockDerivation } from '../node-api.js';
import { arrayOf, hexBytes, nullable, object, UINT } from '../schema.js';

export function derivationView({ workHash, grammar, steps, phenotype }: BlockDerivation) {
  // Only the rules the derivation expanded, numbered in order of first use.
  const used = new Map<number, number>();
  for (const s of steps) if (!used.has(s.rule)) used.set(s.rule, used.size);
  const text = (a: Alternative) =>
    a.symbols.map((s) => (s.kind === 'terminal' ? s.text : `<${grammar.rules[s.rule].name}>`)).join(' ');
  return {
    workHash: toHex(workHash),
    maxDepth: grammar.maxDepth,
    rules: [...used.keys()].map((r) => ({
      name: grammar.rules[r].name,
      alternatives: grammar.rules[r].alternatives.map(text),
    })),
    steps: steps.map((s) => {
      const { alternatives } = grammar.rules[s.rule];
      return {
        rule: used.get(s.rule)!,
        depth: s.depth,
        allowed: s.allowed.map((a) => alternatives.indexOf(a)),
        m: s.m === undefined ? null : s.m.toString(),
        reset: s.reset,
        chosen: s.chosen,
      };
    }),
    phenotype,
  };
}

export const DERIVATION = object(
  {
    workHash: hexBytes(64, 'H: SHA3-512 of the work fields (docs/PROTOCOL.md 5.2)'),
    maxDepth: { ...UINT, description: "the grammar's depth bound" },
    rules: arrayOf(
      object({
        name: { type: 'string' },
        alternatives: arrayOf({ type: 'string', description: 'an alternative in BNF: terminals and <nonterminals>' }),
      }),
    ),
    steps: arrayOf(
      object(
        {
          rule: { ...UINT, description: 'index into rules' },
          depth: { ...UINT, description: 'the start symbol has depth 1' },
          allowed: arrayOf({ ...UINT, description: "index into the rule's alternatives" }),
          m: nullable({
            type: 'string',
            pattern: '^[0-9]+$',
            description: 'm before the choice, decimal; null when one alternative was allowed (nothing drawn)',
          }),
          reset: { type: 'boolean', description: 'm had fallen below n and was reset to H' },
          chosen: { ...UINT, description: 'i = m mod n, index into allowed' },
        },
        'one nonterminal expanded, leftmost first',
      ),
    ),
    phenotype: { type: 'string', description: 'the terminals, joined by spaces' },
  },
  "how the block's work hash drove the grammar",
);
