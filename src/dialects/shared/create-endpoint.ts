/**
 * The create endpoint of any dialect (`POST …/responses`, Aitronos' `POST /v1/model/response`): the
 * dialect parses the body into a create call, the stores get what the call needs first, the core
 * creates the response, and the reply carries the call's rendering (JSON, stream, or queued).
 */
import type { Emulator } from '../../emulator';
import type { Dialect } from '../dialect';
import type { Endpoint } from '../endpoint';

/** `forceStream`: the endpoint streams whatever the body says (Aitronos' `/v1/model/response/stream`). */
export function createEndpoint(emulator: Emulator, dialect: Pick<Dialect, 'parseCreate'>, path: string, forceStream = false): Endpoint {
  return {
    method: 'post',
    path,
    body: true,
    handle(call) {
      const { body } = call;
      const raw = forceStream && body && typeof body === 'object' ? { ...body, stream: true } : body;
      const { request, rendering, prepare } = dialect.parseCreate(raw, { schemas: emulator.schemas, policy: call.policy(), config: emulator.config });
      prepare?.(emulator);
      return { kind: 'created', request, created: emulator.createResponse(request, call.options()), rendering };
    },
  };
}
