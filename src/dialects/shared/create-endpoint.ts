/**
 * The create endpoint of any dialect (`POST …/responses`, Aitronos' `POST /v1/model/response`): the
 * dialect parses the body into a create call, the stores get what the call needs first, the core
 * creates the response, and the reply carries the call's rendering (JSON, stream, or queued).
 */
import type { RequestParsing, ResponseCreation, ThreadService } from '../../core/services';
import type { Dialect } from '../dialect';
import type { Endpoint } from '../endpoint';

/** What a create endpoint calls: parsing, creating, and the threads a call may need first (Aitronos). */
export type CreateServices = RequestParsing & ResponseCreation & Pick<ThreadService, 'ensureThread'>;

/** `forceStream`: the endpoint streams whatever the body says (Aitronos' `/v1/model/response/stream`). */
export function createEndpoint(core: CreateServices, dialect: Pick<Dialect, 'parseCreate'>, path: string, forceStream = false): Endpoint {
  return {
    method: 'post',
    path,
    body: true,
    handle(call) {
      const { body } = call;
      const raw = forceStream && body && typeof body === 'object' ? { ...body, stream: true } : body;
      const { request, rendering, prepare } = dialect.parseCreate(raw, { schemas: core.schemas, policy: call.policy(), config: core.config });
      prepare?.(core);
      return { kind: 'created', request, created: core.createResponse(request, call.options()), rendering };
    },
  };
}
