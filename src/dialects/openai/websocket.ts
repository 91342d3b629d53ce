/** OpenAI dialect over WebSocket: frames are the stream's event payloads, as over SSE; request errors are ResponseWsError frames. */
import type { Emulator } from '../../emulator';
import type { WsDialect, WsRoute } from '../../ws/responses-socket';
import { canonicalStream } from '../dialect';
import { renderOpenAIError } from './dialect';
import { parseCreateResponse } from './parse-request';
import { requestOptions } from './routes';

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
