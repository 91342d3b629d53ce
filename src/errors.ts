/**
 * The canonical error: what went wrong, independent of wire dialect. Each dialect renders it into
 * its own body (OpenAI: `{"error": {message, type, param, code}}`).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** An exact body to send instead (a recorded error replayed as it was). */
  rawBody: unknown = undefined;

  toBody(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    if (this.rawBody !== undefined) return this.rawBody as ReturnType<ApiError['toBody']>;
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): ApiError {
  return new ApiError(400, 'invalid_request_error', message, param, code);
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'invalid_request_error', message, null, null);
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
