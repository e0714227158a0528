// A request the API refuses: the status code and the one-line message of its {error} answer.
// `code` is the machine-readable reason (e.g. a mempool rejection code) where there is one, else the status's.
import { CodedError } from '../../base/coded-error.js';

/** The statuses the API refuses with, and the code each answers with unless a more precise one is given. */
export const STATUS_CODES = {
  400: 'bad-request',
  403: 'host-not-allowed',
  404: 'not-found',
  408: 'request-timeout',
  413: 'body-too-large',
  414: 'url-too-long',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  431: 'headers-too-large',
} as const;

export type ApiStatus = keyof typeof STATUS_CODES;

export class ApiError extends CodedError {
  constructor(
    readonly statusCode: ApiStatus,
    message: string,
    code: string = STATUS_CODES[statusCode],
  ) {
    super(code, message, message);
  }
}

export const notFound = (what: string) => new ApiError(404, `${what} not found`);
