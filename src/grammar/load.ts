// Reads a grammar file: the only I/O of the grammar module.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkStatementLanguage } from '../arch/grammar-analysis.js';
import { GrammarError } from './errors.js';
import { grammarId } from './id.js';
import { parseGrammar, type ParseOptions } from './parse.js';
import type { Grammar } from './types.js';

/** The default grammar, shipped in grammars/ at the package root (from src/grammar or dist/grammar). */
export const DEFAULT_GRAMMAR_PATH = fileURLToPath(new URL('../../grammars/cnn-v1.bnf', import.meta.url));

export interface LoadedGrammar {
  path: string;
  id: Uint8Array;
  grammar: Grammar;
}

export function loadGrammar(path = DEFAULT_GRAMMAR_PATH, options: ParseOptions = {}): LoadedGrammar {
  const bytes = readFileSync(path);
  try {
    const grammar = parseGrammar(bytes.toString('utf8'), options);
    // Every terminal must be one the semantics read (docs/PROTOCOL.md 3.3): refused now, not when a hash reaches it.
    checkStatementLanguage(grammar);
    return { path, id: grammarId(bytes), grammar };
  } catch (err) {
    throw err instanceof GrammarError ? new GrammarError(err.line, err.reason, path) : err;
  }
}
