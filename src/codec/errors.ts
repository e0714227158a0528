// The one error every decoder throws: malformed bytes or text, naming the field that is wrong.
import { CodedError } from '../base/coded-error.js';

export class DecodeError extends CodedError<'invalid'> {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super('invalid', `${field}: ${reason}`, `invalid ${field}: ${reason}`);
  }
}
