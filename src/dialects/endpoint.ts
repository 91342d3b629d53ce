/**
 * Endpoint operations as data, with no transport in sight: an endpoint is a method, a path and a
 * `handle(call) → Reply`. A call is what a request says (path parameters, query, body, headers) and
 * what the transport decided for it (the unknown-parameters policy, the request options); a Reply is
 * what to answer, for the pipeline to perform: JSON, a created response (JSON, stream or queued, in
 * its dialect's rendering), or a stored response's events (followed live or replayed).
 *
 * HTTP (through its one Express adapter, src/http/api-adapter.ts) and the in-process fetch both
 * serve these tables through the pipeline's `handle` (src/pipeline/handle.ts), which matches paths
 * with src/pipeline/api-routes.ts; WebSocket, whose frames only create responses, reaches
 * the same create parsing and rendering through the dialect's `parseCreate` and `webSocket`.
 */
import type { CanonicalRequest } from '../canonical/request';
import type { CreatedResponse, RequestOptions } from '../emulator-types';
import type { ResponseRecord } from '../model/response-record';
import type { Generation } from '../state/generation-playback';
import type { UnknownParamsPolicy } from '../validation/unknown-params';
import type { ResponseRendering } from './rendering';

export interface Call {
  /** Path parameters by name (`:id` → `params.id`). */
  readonly params: Readonly<Record<string, string>>;
  /** The query, parsed (`include[]=a&include[]=b` → `include: ['a', 'b']`). */
  readonly query: Readonly<Record<string, unknown>>;
  /** The parsed JSON body (undefined without one). */
  readonly body: unknown;
  /** How this call's body treats unknown parameters (`--unknown-params`; warnings reach the journal). */
  policy(): UnknownParamsPolicy;
  /** The core's options for this call: header overrides (a malformed one throws the API's 400) and the gate's decisions. */
  options(): RequestOptions;
  /** Notes in the journal that a stored response answered. */
  answeredFromStore(responseId: string): void;
}

/** A stored response's events as a stream: from `after` on, with or without obfuscation. */
export interface StreamFrom {
  after: number;
  obfuscation: boolean;
}

export type Reply =
  | { kind: 'json'; status: number; body: unknown }
  /** A response just created: answered in `rendering` (JSON at once or when done, a stream, or queued). */
  | { kind: 'created'; request: CanonicalRequest; created: CreatedResponse; rendering: ResponseRendering }
  /** A generation still running: caught up, then followed (the caller does not own it). */
  | ({ kind: 'live'; generation: Generation } & StreamFrom)
  /** A finished response's events, replayed from its record. */
  | ({ kind: 'replay'; record: ResponseRecord } & StreamFrom);

export interface Endpoint {
  method: 'get' | 'post' | 'delete';
  /** Express-style path, relative to where the dialect is served (`/responses/:id`). */
  path: string;
  /** Whether it reads a JSON body (parsed, with the body limit, before the gate). */
  body: boolean;
  handle(call: Call): Reply;
}

/** A JSON reply with status 200 (most replies). */
export function ok(body: unknown): Reply {
  return { kind: 'json', status: 200, body };
}
