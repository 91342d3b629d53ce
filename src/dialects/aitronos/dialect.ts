/**
 * The Aitronos (Freddy) dialect: `POST /v1/model/response` and threads, its camelCase Response
 * Object, its own stream events and `{success: false, error: {…}}` errors. No WebSocket mode.
 */
import type { Dialect } from '../dialect';
import { aitronosEndpoints } from './endpoints';
import { parseAitronosCreate } from './parse-request';
import { aitronosStream, failureOf, FREDDY_API_VERSION, renderAitronosError, renderAitronosResponse, type AitronosEcho } from './render';

/** The paths it owns (everything else under /v1 is OpenAI's or, by choice, Open Responses'). */
export const AITRONOS_PATHS = /^\/v1\/(model\/response|threads)(\/|$)/;

export const aitronosDialect: Dialect = {
  name: 'aitronos',
  paths: { owned: AITRONOS_PATHS, asDefault: null },
  parseCreate(raw, { schemas, policy, config }) {
    const { request, organizationId, thread } = parseAitronosCreate(schemas, raw, policy);
    const echo: AitronosEcho = { organizationId, threadId: thread?.id ?? null, toolFinishReason: config.aitronosToolFinishReason };
    return {
      request,
      rendering: { json: (record) => renderAitronosResponse(record, echo), stream: aitronosStream(echo), failure: failureOf },
      prepare: thread ? (threads) => void threads.ensureThread(thread.id, thread.metadata) : undefined,
    };
  },
  renderError: renderAitronosError,
  headers: { 'freddy-api-version': FREDDY_API_VERSION },
  processingHeader: 'freddy-processing-ms',
  echoesOrganization: false,
  webSocket: null,
  endpoints: (core) => aitronosEndpoints(core, aitronosDialect),
  // Its paths are absolute (`/v1/model/response`), walked only for the paths it owns.
  mount: '',
};
