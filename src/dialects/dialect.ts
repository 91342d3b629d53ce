/**
 * What makes a wire dialect: how it writes errors, which headers every reply carries, and how one
 * response's canonical events become its stream frames. Parsing lives in each dialect's
 * `parse-request.ts` (its own schemas in `schemas/<dialect>/`) and rendering in its `render.ts`; the
 * engine, the stores, fixtures and faults are shared, so the same seed and conversation give the same
 * text in every dialect.
 *
 * Which dialect answers is decided by the path, before authentication, so that even a 401 or an
 * unknown route is answered in the caller's dialect.
 */
import type { ResolvedConfig } from '../config';
import type { ApiError } from '../errors';
import type { StreamEvent } from '../render/events';
import type { ResponseRecord } from '../model/response-record';

export type DialectName = 'openai' | 'open-responses' | 'aitronos';

/** Open Responses is always served under this prefix (`/open-responses/v1/responses`). */
export const OPEN_RESPONSES_PREFIX = '/open-responses';

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

export interface WireDialect {
  name: DialectName;
  renderError: ErrorRenderer;
  /** Headers set on every reply of this dialect (on arrival, so errors carry them too). */
  headers: Readonly<Record<string, string>>;
  /** The header reporting server time in ms (null: none). */
  processingHeader: string | null;
  /** Whether `OpenAI-Organization`/`-Project` are echoed back. */
  echoesOrganization: boolean;
}

/** The canonical events as they are: OpenAI's own stream. */
export const canonicalStream: StreamRendering = () => ({ render: (event) => [{ name: event.type, data: event }], terminator: null });

/** Paths the Aitronos dialect owns (everything else under /v1 is OpenAI's or, by choice, Open Responses'). */
export function isAitronosPath(path: string): boolean {
  return /^\/v1\/(model\/response|threads)(\/|$)/.test(path);
}

/** The dialect that answers a path. */
export function dialectOfPath(path: string, config: Pick<ResolvedConfig, 'dialect'>): DialectName {
  if (path === OPEN_RESPONSES_PREFIX || path.startsWith(`${OPEN_RESPONSES_PREFIX}/`)) return 'open-responses';
  if (isAitronosPath(path)) return 'aitronos';
  if (config.dialect === 'open-responses' && /^(\/v1)?\/responses(\/compact)?\/?$/.test(path)) return 'open-responses';
  return 'openai';
}
