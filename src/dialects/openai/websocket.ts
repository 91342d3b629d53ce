/** OpenAI dialect over WebSocket: frames are stream event payloads; errors are nested ResponseWsError frames. */
import type { ApiError } from '../../errors';
import type { Emulator } from '../../emulator';
import type { StreamEvent } from '../../render/events';
import type { WsDialect, WsRoute } from '../../ws/responses-socket';
import { parseCreateResponse } from './parse-request';
import { requestOptions } from './routes';

export function openaiWsRoute(emulator: Emulator): WsRoute {
  const dialect: WsDialect = {
    name: 'openai',
    parse: (body) => parseCreateResponse(emulator.schemas, body),
    event: (event: StreamEvent, streamId) => {
      // A mid-stream error is flat in SSE and nested over WebSocket.
      if (event.type === 'error') {
        const { code, message, param, sequence_number } = event;
        return withStream({ type: 'error', sequence_number, error: { type: 'server_error', code, message, param } }, streamId);
      }
      return withStream(event, streamId);
    },
    error: (error: ApiError, streamId) => withStream({ type: 'error', status: error.status, error: error.toBody().error }, streamId),
  };
  return { paths: ['/v1/responses', '/responses'], dialect, options: requestOptions };
}

function withStream<T extends object>(frame: T, streamId: string | undefined): T {
  return streamId === undefined ? frame : { ...frame, stream_id: streamId };
}
