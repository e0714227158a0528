// A request the API refuses: the status code and the one-line message of its {error} answer.
// `code` is the machine-readable reason (e.g. a mempool rejection code) where there is one, else the status's.
import { CodedError } from '../../base/coded-error.js';

export class ApiError extends CodedError {
  constructor(
    readonly statusCode: 400 | 404,
    message: string,
    code = statusCode === 404 ? 'not-found' : 'bad-request',
  ) {
    super(code, message, message);
  }
}

export const notFound = (what: string) => new ApiError(404, `${what} not found`);
