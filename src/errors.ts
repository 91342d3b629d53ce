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

/** The API's words for a body that is not JSON (OpenAI's own message, kept verbatim). */
export const PARSE_FAILED_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. " +
  'The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix ' +
  'this, please contact us through our help center at help.openai.com.)';

/**
 * A request body that is not JSON. Its own class so that a dialect with its own words for it
 * (Aitronos: `INVALID_JSON`) recognises it by type, not by comparing message text.
 */
export class JsonParseError extends ApiError {
  constructor() {
    super(400, 'invalid_request_error', PARSE_FAILED_MESSAGE, null, null);
  }
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'invalid_request_error', message, null, null);
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
