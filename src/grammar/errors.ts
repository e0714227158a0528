// The one error a bad grammar file raises: what is wrong and on which line (1-based), and in which file once known.
export class GrammarError extends Error {
  override name = 'GrammarError';
  constructor(
    readonly line: number,
    readonly reason: string,
    readonly file?: string,
  ) {
    super(`${file === undefined ? '' : `${file}: `}line ${line}: ${reason}`);
  }
}
