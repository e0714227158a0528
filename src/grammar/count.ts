// Exact counts over the depth-bounded derivations, by dynamic programming over (nonterminal, depth).
import { allowedAlternatives, type Alternative, type Grammar } from './types.js';

/**
 * The number of complete derivations from the start symbol within the depth bound. For an unambiguous
 * grammar (distinct derivations give distinct terminal strings) this is the number of distinct phenotypes.
 */
export function countDerivations(grammar: Grammar): bigint {
  return depthDp(grammar, (_n, alts) => alts.reduce((sum, a) => sum + a, 0n));
}

/**
 * The largest product, over one derivation, of the allowed-alternative counts n > 1 met on the way. A hash
 * reaches every derivation when this is <= 2^(8*hashBytes - 1) (see docs/PROTOCOL.md, surjectivity).
 */
export function maxChoiceProduct(grammar: Grammar): bigint {
  return depthDp(grammar, (n, alts) => BigInt(n) * alts.reduce((max, a) => (a > max ? a : max), 0n));
}

/**
 * The smallest product, over one derivation, of the allowed-alternative counts met on the way: the most likely
 * phenotype of an unambiguous grammar has probability about 1 / this (docs/PROTOCOL.md 3.2, entropy). Exact: the
 * choices of the nonterminals of one alternative multiply independently, so the minimum of their product is the
 * product of their minima.
 */
export function minChoiceProduct(grammar: Grammar): bigint {
  return depthDp(grammar, (n, alts) => BigInt(n) * alts.reduce((min, a) => (a < min ? a : min)));
}

/**
 * The most nonterminals one derivation within the depth bound expands: the longest a derivation trace
 * (deriveTrace) can be. Each alternative's nonterminals add up here rather than multiply.
 */
export function maxExpansions(grammar: Grammar): bigint {
  const most = (alts: bigint[]) => alts.reduce((max, a) => (a > max ? a : max), 0n);
  return depthDp(
    grammar,
    (_n, alts) => 1n + most(alts),
    (sum, a) => sum + a,
    0n,
  );
}

/** floor(10 * log2(x)) / 10 for x >= 1, exactly: log2 with one decimal, never overstated. */
export function log2Tenths(x: bigint): number {
  if (x < 1n) throw new RangeError('log2Tenths needs x >= 1');
  return ((x ** 10n).toString(2).length - 1) / 10;
}

/** Whether every derivation (hence every phenotype) is the result of some hash of `hashBytes` bytes. */
export function isSurjective(grammar: Grammar, hashBytes = 64): boolean {
  return maxChoiceProduct(grammar) <= 1n << BigInt(8 * hashBytes - 1);
}

/**
 * f(A, d) = combine(n, [product over the alternative's nonterminals B of f(B, d + 1)] for each allowed alternative),
 * where n is the number of allowed alternatives; returns f(start, 1). `join` and `unit` replace the product and 1.
 */
function depthDp(
  grammar: Grammar,
  combine: (n: number, alternatives: bigint[]) => bigint,
  join = (p: bigint, a: bigint) => p * a,
  unit = 1n,
): bigint {
  const memo = grammar.rules.map(() => new Map<number, bigint>());
  const f = (rule: number, depth: number): bigint => {
    let v = memo[rule].get(depth);
    if (v === undefined) {
      const allowed = allowedAlternatives(grammar, grammar.rules[rule], depth);
      v = combine(
        allowed.length,
        allowed.map((a) => product(a, depth + 1)),
      );
      memo[rule].set(depth, v);
    }
    return v;
  };
  const product = (alt: Alternative, depth: number): bigint =>
    alt.symbols.reduce((p, s) => (s.kind === 'nonterminal' ? join(p, f(s.rule, depth)) : p), unit);
  return f(0, 1);
}
