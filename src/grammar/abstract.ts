// Every state a left-to-right reader of the terminals can end in, over all derivations of a grammar at once:
// a DP over (nonterminal, depth, state entering it) -> the set of states leaving it. Exact whenever the
// reader's next state depends only on its current state and the terminal (states are merged by key), and
// finite when the reader has finitely many states. Used to check a grammar's terminals against the
// semantics' statement language and to bound shapes (src/arch/grammar-analysis.ts).
import { allowedAlternatives, type Alternative, type Grammar } from './types.js';

export interface Reader<S> {
  /** States with equal keys are the same state. */
  key(state: S): string;
  /** The state after one terminal; may throw, and is told the line of the alternative holding the terminal. */
  terminal(state: S, text: string, alternative: Alternative): S;
}

export interface Reach<S> {
  /** The distinct states the reader ends in after a whole phenotype. */
  final: S[];
  /** The (nonterminal, depth, state) entries the DP evaluated: its cost. */
  entries: number;
}

export function reachableStates<S>(grammar: Grammar, initial: S, reader: Reader<S>): Reach<S> {
  const memo = new Map<string, Map<string, S>>();
  const expand = (rule: number, depth: number, entry: S): Map<string, S> => {
    const memoKey = `${rule}|${depth}|${reader.key(entry)}`;
    let out = memo.get(memoKey);
    if (out) return out;
    out = new Map();
    for (const alt of allowedAlternatives(grammar, grammar.rules[rule], depth)) {
      let frontier = new Map([[reader.key(entry), entry]]);
      for (const symbol of alt.symbols) {
        const next = new Map<string, S>();
        for (const state of frontier.values()) {
          if (symbol.kind === 'terminal') {
            const s = reader.terminal(state, symbol.text, alt);
            next.set(reader.key(s), s);
          } else {
            for (const [k, s] of expand(symbol.rule, depth + 1, state)) next.set(k, s);
          }
        }
        frontier = next;
      }
      for (const [k, s] of frontier) out.set(k, s);
    }
    memo.set(memoKey, out);
    return out;
  };
  const final = [...expand(0, 1, initial).values()];
  return { final, entries: memo.size };
}
