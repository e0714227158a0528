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

/** minDepth(A) = 1 + min over alternatives of (max minDepth of its nonterminals, or 0): a least fixpoint. */
function computeMinDepths(rules: Rule[]): void {
  for (let changed = true; changed;) {
    changed = false;
    for (const rule of rules) {
      for (const alt of rule.alternatives) {
        alt.depthNeeded = depthNeeded(rules, alt);
        if (alt.depthNeeded + 1 < rule.minDepth) {
          rule.minDepth = alt.depthNeeded + 1;
          changed = true;
        }
      }
    }
  }
}

/** Max of minDepth over the alternative's nonterminals, 0 if none (a loop: Math.max(...) of a few hundred thousand
 * symbols overflows the stack). */
function depthNeeded(rules: Rule[], alt: Alternative): number {
  let d = 0;
  for (const s of alt.symbols) if (s.kind === 'nonterminal' && rules[s.rule].minDepth > d) d = rules[s.rule].minDepth;
  return d;
}
