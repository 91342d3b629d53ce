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

/** The API's message for an unexpected 500 (api.openai.com, verbatim). */
export const SERVER_ERROR_MESSAGE = 'The server had an error while processing your request. Sorry about that!';

/**
 * What a failed response states when its record holds no error: the stream's `error` event and
 * Aitronos' `response.failed`. (Shorter than SERVER_ERROR_MESSAGE; kept as it was.)
 */
export const UNRECORDED_FAILURE: Readonly<{ code: string; message: string }> = { code: 'server_error', message: 'The server had an error while processing your request.' };

/** The API's generic 500 `server_error`, as an unexpected exception is answered. */
export function serverError(message: string = SERVER_ERROR_MESSAGE, headers: Readonly<Record<string, string>> = {}): ApiError {
  return new ApiError(500, 'server_error', message, null, null, headers);
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): ApiError {
  return new ApiError(400, 'invalid_request_error', message, param, code);
}

/** An unknown path, in the API's words (`Invalid URL (POST /v1/chat/completions)`, no final period). */
export function invalidUrl(methodAndPath: string): ApiError {
  return new ApiError(404, 'invalid_request_error', `Invalid URL (${methodAndPath})`, null, null);
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
