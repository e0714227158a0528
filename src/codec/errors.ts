// The one error every decoder throws: malformed bytes or text, naming the field that is wrong.
export class DecodeError extends Error {
  override name = 'DecodeError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`invalid ${field}: ${reason}`);
  }
}
