// Test helpers: brute-force views of a grammar to check the DP counts and the derivation rule against.
import { allowedAlternatives, type Grammar, type GrammarSymbol } from '../../../src/grammar/types.js';

type Pending = { symbol: GrammarSymbol; depth: number }[];
export interface Derivation {
  terminals: string[];
  /** The alternative index i among n allowed, for every nonterminal with n > 1, in leftmost order. */
  choices: { i: number; n: number }[];
}

/** Every derivation within the depth bound, by exhaustive leftmost expansion. */
export function enumerateDerivations(grammar: Grammar): Derivation[] {
  const out: Derivation[] = [];
  const walk = (pending: Pending, terminals: string[], choices: Derivation['choices']): void => {
    const k = pending.findIndex((p) => p.symbol.kind === 'nonterminal');
    if (k < 0) {
      out.push({ terminals: [...terminals, ...pending.map((p) => (p.symbol as { text: string }).text)], choices });
      return;
    }
    const done = [...terminals, ...pending.slice(0, k).map((p) => (p.symbol as { text: string }).text)];
    const { symbol, depth } = pending[k];
    const allowed = allowedAlternatives(grammar, grammar.rules[(symbol as { rule: number }).rule], depth);
    allowed.forEach((alt, i) => {
      const expanded = alt.symbols.map((s) => ({ symbol: s, depth: depth + 1 }));
      walk(
        [...expanded, ...pending.slice(k + 1)],
        done,
        allowed.length > 1 ? [...choices, { i, n: allowed.length }] : choices,
      );
    });
  };
  walk([{ symbol: { kind: 'nonterminal', rule: 0 }, depth: 1 }], [], []);
  return out;
}

/** A hash that makes the derivation rule take exactly these choices: H = c1 + n1(c2 + n2(... (ck + nk * 1))). */
export function hashForChoices(choices: Derivation['choices'], bytes = 64): Uint8Array {
  const h = choices.reduceRight((acc, { i, n }) => BigInt(i) + BigInt(n) * acc, 1n);
  const hex = h.toString(16).padStart(2 * bytes, '0');
  if (hex.length > 2 * bytes) throw new Error('derivation needs a longer hash');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** How many derivations within the depth bound yield exactly `terminals` (1 for every phenotype iff unambiguous). */
export function countParses(grammar: Grammar, terminals: string[]): bigint {
  const memo = new Map<string, Map<number, bigint>>();
  const parses = (rule: number, depth: number, pos: number): Map<number, bigint> => {
    const key = `${rule}/${depth}/${pos}`;
    let result = memo.get(key);
    if (result) return result;
    result = new Map();
    for (const alt of allowedAlternatives(grammar, grammar.rules[rule], depth)) {
      let frontier = new Map([[pos, 1n]]);
      for (const s of alt.symbols) {
        const next = new Map<number, bigint>();
        for (const [p, c] of frontier) {
          if (s.kind === 'terminal') {
            if (terminals[p] === s.text) add(next, p + 1, c);
          } else {
            for (const [e, c2] of parses(s.rule, depth + 1, p)) add(next, e, c * c2);
          }
        }
        frontier = next;
      }
      for (const [e, c] of frontier) add(result, e, c);
    }
    memo.set(key, result);
    return result;
  };
  return parses(0, 1, 0).get(terminals.length) ?? 0n;
}

function add(map: Map<number, bigint>, key: number, value: bigint): void {
  map.set(key, (map.get(key) ?? 0n) + value);
}
