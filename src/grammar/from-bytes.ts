// A grammar from the bytes of its file: the id is the SHA3-256 of exactly those bytes. Errors name `path`.
// Reading the file is the io layer's job (src/io/grammar-file.ts).
import { utf8Text } from '../codec/bytes.js';
import { GrammarError } from './errors.js';
import { grammarId } from './id.js';
import { parseGrammar, type ParseOptions } from './parse.js';
import type { Grammar } from './types.js';

export interface LoadedGrammar {
  path: string;
  id: Uint8Array;
  grammar: Grammar;
}

export function grammarFromBytes(bytes: Uint8Array, path: string, options: ParseOptions = {}): LoadedGrammar {
  try {
    return { path, id: grammarId(bytes), grammar: parseGrammar(utf8Text(bytes), options) };
  } catch (err) {
    throw err instanceof GrammarError ? new GrammarError(err.line, err.reason, path) : err;
  }
}
