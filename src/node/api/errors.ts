// A request the API refuses: the status code and the one-line message of its {error} answer.
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly statusCode: 400 | 404,
    message: string,
    /** Machine-readable reason, e.g. a mempool rejection code. */
    readonly code?: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, `${what} not found`);
