// Reads a grammar file; the grammar itself is built from the bytes by src/grammar/from-bytes.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkStatementLanguage } from '../arch/grammar-analysis.js';
import { GrammarError } from '../grammar/errors.js';
import { grammarFromBytes, type LoadedGrammar } from '../grammar/from-bytes.js';
import type { ParseOptions } from '../grammar/parse.js';

export type { LoadedGrammar } from '../grammar/from-bytes.js';

/** The default grammar, shipped in grammars/ at the package root (from src/io or dist/io). */
export const DEFAULT_GRAMMAR_PATH = fileURLToPath(new URL('../../grammars/cnn-v2.bnf', import.meta.url));

export function loadGrammar(path = DEFAULT_GRAMMAR_PATH, options: ParseOptions = {}): LoadedGrammar {
  const loaded = grammarFromBytes(readFileSync(path), path, options);
  try {
    // Every terminal must be one the semantics read (docs/PROTOCOL.md 3.3): refused now, not when a hash reaches it.
    checkStatementLanguage(loaded.grammar);
  } catch (err) {
    throw err instanceof GrammarError ? new GrammarError(err.line, err.reason, path) : err;
  }
  return loaded;
}
