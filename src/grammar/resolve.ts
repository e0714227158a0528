// Parsed rules -> Grammar: resolves nonterminal names, computes minDepth, and checks the depth bound.
import { GrammarError } from './errors.js';
import type { Alternative, Grammar, GrammarSymbol, Rule } from './types.js';

type RawSymbol = { kind: 'nonterminal'; name: string } | { kind: 'terminal'; text: string };

export interface RawRule {
  name: string;
  line: number;
  alternatives: { symbols: RawSymbol[]; line: number }[];
}

export function resolveGrammar(raw: RawRule[], maxDepth: number, depthLine: number): Grammar {
  const index = new Map<string, number>();
  raw.forEach((r, i) => {
    const first = index.get(r.name);
    if (first !== undefined)
      throw new GrammarError(r.line, `duplicate rule <${r.name}> (first on line ${raw[first].line})`);
    index.set(r.name, i);
  });
  const rules: Rule[] = raw.map((r) => ({
    name: r.name,
    line: r.line,
    minDepth: Infinity,
    alternatives: r.alternatives.map((a): Alternative => ({
      line: a.line,
      depthNeeded: Infinity,
      symbols: a.symbols.map((s): GrammarSymbol => {
        if (s.kind === 'terminal') return s;
        const rule = index.get(s.name);
        if (rule === undefined) throw new GrammarError(a.line, `undefined nonterminal <${s.name}>`);
        return { kind: 'nonterminal', rule };
      }),
    })),
  }));
  computeMinDepths(rules);
  const stuck = rules.find((r) => r.minDepth === Infinity);
  if (stuck) throw new GrammarError(stuck.line, `<${stuck.name}> has no terminating alternative`);
  if (rules[0].minDepth > maxDepth) {
    throw new GrammarError(
      depthLine,
      `max depth ${maxDepth} is below minDepth(<${rules[0].name}>) = ${rules[0].minDepth}`,
    );
  }
  return { rules, maxDepth };
}

/**
 * minDepth(A) = 1 + min over alternatives of (max minDepth of its nonterminals, or 0): the least fixpoint, by
 * Knuth's generalisation of Dijkstra's algorithm, settling rules in increasing minDepth: an alternative gets its
 * value when the last of its nonterminals settles, and that one has the largest minDepth of them. Linear in the
 * grammar's size (iterating the equations to the fixpoint took one pass per depth level: quadratic in the rules,
 * a minute for a 1 MB chain of rules). Rules that never settle keep minDepth Infinity.
 */
function computeMinDepths(rules: Rule[]): void {
  const best = rules.map(() => Infinity);
  const buckets: number[][] = [];
  const offer = (rule: number, depth: number) => {
    if (depth < best[rule]) {
      best[rule] = depth;
      (buckets[depth] ??= []).push(rule);
    }
  };
  // Per rule, the alternatives (by owner rule) holding it, once per occurrence; per alternative, how many of its
  // nonterminal occurrences are not settled yet.
  const users: { owner: number; alt: Alternative }[][] = rules.map(() => []);
  const unsettled = new Map<Alternative, number>();
  rules.forEach((rule, owner) => {
    for (const alt of rule.alternatives) {
      let n = 0;
      for (const s of alt.symbols) {
        if (s.kind === 'nonterminal') {
          users[s.rule].push({ owner, alt });
          n++;
        }
      }
      unsettled.set(alt, n);
      if (n === 0) offer(owner, 1);
    }
  });
  for (let depth = 1; depth < buckets.length; depth++) {
    for (const rule of buckets[depth] ?? []) {
      if (best[rule] !== depth || rules[rule].minDepth !== Infinity) continue; // settled at a smaller depth
      rules[rule].minDepth = depth;
      for (const { owner, alt } of users[rule]) {
        const left = unsettled.get(alt)! - 1;
        unsettled.set(alt, left);
        if (left === 0) offer(owner, depth + 1);
      }
    }
  }
  for (const rule of rules) for (const alt of rule.alternatives) alt.depthNeeded = depthNeeded(rules, alt);
}

/** Max of minDepth over the alternative's nonterminals, 0 if none (a loop: Math.max(...) of a few hundred thousand
 * symbols overflows the stack). */
function depthNeeded(rules: Rule[], alt: Alternative): number {
  let d = 0;
  for (const s of alt.symbols) if (s.kind === 'nonterminal' && rules[s.rule].minDepth > d) d = rules[s.rule].minDepth;
  return d;
}
