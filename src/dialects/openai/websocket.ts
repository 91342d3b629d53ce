/** OpenAI dialect over WebSocket: frames are stream event payloads; errors are nested ResponseWsError frames. */
import type { Emulator } from '../../emulator';
import { renderOpenAIError } from '../../http/send';
import type { WsDialect, WsRoute } from '../../ws/responses-socket';
import type { StreamRendering } from '../dialect';
import { parseCreateResponse } from './parse-request';
import { requestOptions } from './routes';

/** A mid-stream error is flat in SSE and nested over WebSocket. */
const openaiSocketStream: StreamRendering = () => ({
  terminator: null,
  render: (event) => {
    if (event.type !== 'error') return [{ name: event.type, data: event }];
    const { code, message, param, sequence_number } = event;
    return [{ name: 'error', data: { type: 'error', sequence_number, error: { type: 'server_error', code, message, param } } }];
  },
});

export function openaiWsRoute(emulator: Emulator): WsRoute {
  const dialect: WsDialect = {
    name: 'openai',
    parse: (body, policy) => parseCreateResponse(emulator.schemas, body, policy),
    stream: openaiSocketStream,
    error: (error) => ({ type: 'error', status: error.status, error: error.toBody().error }),
    refusal: renderOpenAIError,
  };
  const paths = emulator.config.dialect === 'openai' ? ['/v1/responses', '/responses'] : [];
  return { paths, dialect, options: requestOptions };
}
