// The one error a bad grammar file raises: what is wrong and on which line (1-based).
export class GrammarError extends Error {
  override name = 'GrammarError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}
