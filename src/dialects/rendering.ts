/**
 * How a dialect writes things: errors, stream frames, a response's JSON. Apart from dialect.ts so that
 * the endpoint tables (./endpoint.ts), which the Dialect type names, can use them without a cycle.
 */
import type { ApiError } from '../errors';
import type { StreamEvent } from '../render/events';
import type { ResponseRecord } from '../model/response-record';

/** What an error renderer may put in the body besides the error itself. */
export interface ErrorContext {
  requestId: string;
  nowMs: number;
}

export interface ErrorRendering {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** How a dialect turns a canonical error into its wire form. */
export type ErrorRenderer = (error: ApiError, context: ErrorContext) => ErrorRendering;

/** One frame on a stream: the SSE `event:` name and the JSON `data`. */
export interface WireEvent {
  name: string;
  data: Record<string, unknown>;
}

/** How a dialect writes one response's events (SSE or WebSocket). */
export interface StreamRenderer {
  /** The frames for one canonical event (none, one, or more). */
  render(event: StreamEvent): WireEvent[];
  /** A `data:` line after a stream that ended (not one cut short), e.g. `[DONE]`; null: none. */
  terminator: string | null;
}

export type StreamRendering = (record: ResponseRecord) => StreamRenderer;

/** The canonical events as they are: OpenAI's own stream. */
export const canonicalStream: StreamRendering = () => ({ render: (event) => [{ name: event.type, data: event }], terminator: null });

/** A response's renderings in one dialect: its JSON (as it stands), its stream, and a failure to answer instead. */
export interface ResponseRendering {
  json(record: ResponseRecord): unknown;
  stream: StreamRendering;
  /** An error to answer with instead of the JSON, for dialects whose JSON has no failed state (Aitronos). */
  failure?(record: ResponseRecord): ApiError | null;
}
