// A grammar after parsing and validation: the data the derivation rule and the phenotype count read.

/** A symbol of an alternative: a terminal's text, or a nonterminal as an index into Grammar.rules. */
export type GrammarSymbol = { kind: 'terminal'; text: string } | { kind: 'nonterminal'; rule: number };

export interface Alternative {
  symbols: GrammarSymbol[];
  /** Max of minDepth over this alternative's nonterminals, 0 if none: allowed at depth d iff <= maxDepth - d. */
  depthNeeded: number;
  line: number;
}

export interface Rule {
  name: string;
  alternatives: Alternative[];
  /** The least derivation depth that ends in terminals only (the start symbol has depth 1). */
  minDepth: number;
  line: number;
}

/** A valid grammar: rules[0] is the start symbol and minDepth(start) <= maxDepth. */
export interface Grammar {
  rules: Rule[];
  maxDepth: number;
}

/** Max depth D when the grammar file has no `# max-depth: D` header. */
export const DEFAULT_MAX_DEPTH = 16;

/** The alternatives (in file order) a nonterminal may take at `depth`: those that can still end within maxDepth. */
export function allowedAlternatives(grammar: Grammar, rule: Rule, depth: number): Alternative[] {
  return rule.alternatives.filter((a) => a.depthNeeded <= grammar.maxDepth - depth);
}
