/**
 * The Open Responses dialect (the open specification of the Responses API): always served under
 * `/open-responses`, and at `/v1/responses(/compact)` too with `--dialect open-responses`; its
 * Response resource, stream (`[DONE]` at the end) and error types are its own.
 */
import type { Dialect, ResponseRendering } from '../dialect';
import { openResponsesEndpoints } from './endpoints';
import { parseOpenResponsesCreate } from './parse-request';
import { openResponsesErrorType, openResponsesStream, renderOpenResponsesError, renderResource } from './render';

/** Open Responses is always served under this prefix (`/open-responses/v1/responses`). */
export const OPEN_RESPONSES_PREFIX = '/open-responses';

export const OPEN_RESPONSES_RENDERING: ResponseRendering = { json: (record) => renderResource(record), stream: openResponsesStream };

export const openResponsesDialect: Dialect = {
  name: 'open-responses',
  paths: { owned: /^\/open-responses(\/|$)/, asDefault: /^(\/v1)?\/responses(\/compact)?\/?$/ },
  parseCreate: (raw, { schemas, policy }) => ({ request: parseOpenResponsesCreate(schemas, raw, policy), rendering: OPEN_RESPONSES_RENDERING }),
  renderError: renderOpenResponsesError,
  headers: {},
  processingHeader: null,
  echoesOrganization: false,
  webSocket: {
    // Frames are the SSE events' payloads (nested `error` then `response.failed` included, no `[DONE]`).
    paths: (config) => [`${OPEN_RESPONSES_PREFIX}/v1/responses`, ...(config.dialect === 'open-responses' ? ['/v1/responses', '/responses'] : [])],
    stream: openResponsesStream,
    // A WebSocketErrorEvent: `{type: "error", status, error: {type, code, message, param}}`.
    errorFrame: (error) => ({ type: 'error', status: error.status, error: { type: openResponsesErrorType(error), code: error.code ?? openResponsesErrorType(error), message: error.message, param: error.param } }),
  },
  endpoints: (core) => openResponsesEndpoints(core, openResponsesDialect),
  mount: `${OPEN_RESPONSES_PREFIX}/v1`,
};
