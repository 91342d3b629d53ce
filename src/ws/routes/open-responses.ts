/**
 * Open Responses over WebSocket (`/open-responses/v1/responses`, and `/v1/responses` with
 * `--dialect open-responses`): frames are the SSE events' payloads (nested `error` then
 * `response.failed` included, no `[DONE]`); a request that fails gets a WebSocketErrorEvent
 * `{type: "error", status, error: {type, code, message, param}}`.
 */
import type { Emulator } from '../../emulator';
import type { WsDialect, WsRoute } from '../responses-socket';
import { OPEN_RESPONSES_PREFIX } from '../../dialects/dialect';
import { requestOptions } from '../../http/request-options';
import { parseOpenResponsesCreate } from '../../dialects/open-responses/parse-request';
import { openResponsesErrorType, openResponsesStream, renderOpenResponsesError } from '../../dialects/open-responses/render';

export function openResponsesWsRoute(emulator: Emulator): WsRoute {
  const dialect: WsDialect = {
    name: 'open-responses',
    parse: (body, policy) => parseOpenResponsesCreate(emulator.schemas, body, policy),
    stream: openResponsesStream,
    error: (error) => ({ type: 'error', status: error.status, error: { type: openResponsesErrorType(error), code: error.code ?? openResponsesErrorType(error), message: error.message, param: error.param } }),
    refusal: renderOpenResponsesError,
  };
  const paths = [`${OPEN_RESPONSES_PREFIX}/v1/responses`];
  if (emulator.config.dialect === 'open-responses') paths.push('/v1/responses', '/responses');
  return { paths, dialect, options: (req) => ({ ...requestOptions(req), dialect: 'open-responses' }) };
}
