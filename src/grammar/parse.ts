// Grammar text -> validated Grammar. Pure: the loader (load.ts) does the file I/O.
import { GrammarError } from './errors.js';
import { lexLine, type Token } from './lexer.js';
import { resolveGrammar, type RawRule } from './resolve.js';
import { DEFAULT_MAX_DEPTH, type Grammar } from './types.js';

const MAX_DEPTH_HEADER = /^\s*#\s*max-depth\s*:\s*(\S*)\s*$/;

export interface ParseOptions {
  /** Overrides the file's `# max-depth: D` header (e.g. `grammar check --max-depth`). */
  maxDepth?: number;
}

export function parseGrammar(text: string, options: ParseOptions = {}): Grammar {
  const rules: RawRule[] = [];
  let header: { depth: number; line: number } | undefined;
  text.split(/\r?\n/).forEach((source, index) => {
    const line = index + 1;
    const m = MAX_DEPTH_HEADER.exec(source);
    if (m) {
      if (header) throw new GrammarError(line, `second max-depth header (first on line ${header.line})`);
      header = { depth: parseDepth(m[1], line), line };
      return;
    }
    const tokens = lexLine(source, line);
    if (tokens.length === 0) return;
    if (tokens[0].kind === 'bar') {
      const rule = rules[rules.length - 1];
      if (!rule) throw new GrammarError(line, 'a `|` continuation line needs a rule above it');
      // A loop, not push(...): a spread of a few hundred thousand alternatives overflows the stack.
      for (const alt of splitAlternatives(tokens.slice(1), line)) rule.alternatives.push(alt);
    } else if (tokens[0].kind === 'nonterminal' && tokens[1]?.kind === 'defines') {
      rules.push({ name: tokens[0].name, line, alternatives: splitAlternatives(tokens.slice(2), line) });
    } else {
      throw new GrammarError(line, 'expected `<name> ::= ...` or a `|` continuation line');
    }
  });
  if (rules.length === 0) throw new GrammarError(1, 'no rules');
  const maxDepth = options.maxDepth ?? header?.depth ?? DEFAULT_MAX_DEPTH;
  return resolveGrammar(rules, maxDepth, header?.line ?? rules[0].line);
}

/** Depths up to 999 keep the counting recursion well inside the stack. */
function parseDepth(text: string, line: number): number {
  if (!/^[1-9][0-9]{0,2}$/.test(text)) {
    throw new GrammarError(line, `max-depth must be an integer from 1 to 999, got "${text}"`);
  }
  return Number(text);
}

/** Alternatives separated by `|`; none may be empty. */
function splitAlternatives(tokens: Token[], line: number): RawRule['alternatives'] {
  const alternatives: RawRule['alternatives'] = [{ symbols: [], line }];
  for (const t of tokens) {
    const current = alternatives[alternatives.length - 1];
    if (t.kind === 'bar') {
      if (current.symbols.length === 0) throw new GrammarError(line, 'empty alternative');
      alternatives.push({ symbols: [], line });
    } else if (t.kind === 'defines') {
      throw new GrammarError(line, 'unexpected `::=` (one rule per line)');
    } else {
      current.symbols.push(t);
    }
  }
  if (alternatives[alternatives.length - 1].symbols.length === 0) throw new GrammarError(line, 'empty alternative');
  return alternatives;
}
