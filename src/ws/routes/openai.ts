/** OpenAI dialect over WebSocket: frames are the stream's event payloads, as over SSE; request errors are ResponseWsError frames. */
import type { Emulator } from '../../emulator';
import type { WsDialect, WsRoute } from '../responses-socket';
import { canonicalStream } from '../../dialects/dialect';
import { renderOpenAIError } from '../../dialects/openai/dialect';
import { parseCreateResponse } from '../../dialects/openai/parse-request';
import { requestOptions } from '../../http/request-options';

export function openaiWsRoute(emulator: Emulator): WsRoute {
  const dialect: WsDialect = {
    name: 'openai',
    parse: (body, policy) => parseCreateResponse(emulator.schemas, body, policy),
    // A mid-stream error is the same nested `error` event, then `response.failed`, as over SSE.
    stream: canonicalStream,
    error: (error) => ({ type: 'error', status: error.status, error: error.toBody().error }),
    refusal: renderOpenAIError,
  };
  const paths = emulator.config.dialect === 'openai' ? ['/v1/responses', '/responses'] : [];
  return { paths, dialect, options: requestOptions };
}
