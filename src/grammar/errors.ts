// The one error a bad grammar file raises: what is wrong and on which line (1-based), and in which file once known.
import { CodedError } from '../base/coded-error.js';

export class GrammarError extends CodedError<'invalid-grammar'> {
  constructor(
    readonly line: number,
    readonly reason: string,
    readonly file?: string,
  ) {
    super('invalid-grammar', reason, `${file === undefined ? '' : `${file}: `}line ${line}: ${reason}`);
  }
}
