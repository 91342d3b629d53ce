/**
 * What a wire dialect is, in one type: which paths it answers, how it parses a create request, how it
 * renders a response as JSON and as a stream, how it writes errors, which headers every reply carries,
 * and what it does over WebSocket. Each dialect is one folder under src/dialects/ (its schemas in
 * `schemas/<dialect>/`) exporting one `Dialect`, listed in ./registry.ts; the engine, the stores,
 * fixtures and faults are shared, so the same seed and conversation give the same text in every
 * dialect. What the dialects share (validating a body, the API's rules, normalising into the
 * canonical request) is in ./shared/, not in any one dialect.
 *
 * Nothing here knows a transport: HTTP (src/http/) and WebSocket (src/ws/) read these descriptions.
 * Which dialect answers is decided by the path, before authentication, so that even a 401 or an
 * unknown route is answered in the caller's dialect.
 */
import type { CanonicalRequest } from '../canonical/request';
import type { ResolvedConfig } from '../config';
import type { ApiError } from '../errors';
import type { StreamEvent } from '../render/events';
import type { ResponseRecord } from '../model/response-record';
import type { SchemaRegistry } from '../validation/schema-registry';
import type { UnknownParamsPolicy } from '../validation/unknown-params';
import type { Emulator } from '../emulator';

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

/** What parsing a request may use besides the body. */
export interface ParseContext {
  schemas: SchemaRegistry;
  /** What to do with unknown parameters (`--unknown-params`); refused when absent. */
  policy?: UnknownParamsPolicy;
  config: Pick<ResolvedConfig, 'aitronosToolFinishReason'>;
}

/** A create request, parsed: the canonical request, and how its response is rendered. */
export interface CreateCall {
  request: CanonicalRequest;
  /** Per request, because a dialect may echo what the request said (Aitronos: organization, thread). */
  rendering: ResponseRendering;
  /** What the stores need before the response is created (Aitronos: its thread, made when unknown). */
  prepare?(emulator: Pick<Emulator, 'ensureThread'>): void;
}

/**
 * Which paths a dialect answers, as data. A path is the first dialect's whose `owned` matches (in
 * registry order); else the configured `--dialect`'s when its `asDefault` matches; else OpenAI's.
 */
export interface DialectPaths {
  /** Always this dialect's, whatever `--dialect` says. */
  owned: RegExp | null;
  /** This dialect's when it is the configured `--dialect`. */
  asDefault: RegExp | null;
}

/** A dialect's WebSocket mode (`GET …/responses` upgraded). */
export interface WebSocketMode {
  /** The upgrade paths, given the configured `--dialect`. */
  paths(config: Pick<ResolvedConfig, 'dialect'>): string[];
  /** A response's events as frames (each WireEvent's data is one frame). */
  stream: StreamRendering;
  /** The error frame for a request that fails. */
  errorFrame(error: ApiError): Record<string, unknown>;
}

export interface Dialect {
  name: string;
  paths: DialectPaths;
  /** Parses `POST …/responses` (or the dialect's own create path) into a create call; throws the API's 400. */
  parseCreate(raw: unknown, context: ParseContext): CreateCall;
  renderError: ErrorRenderer;
  /** Headers set on every reply of this dialect (on arrival, so errors carry them too). */
  headers: Readonly<Record<string, string>>;
  /** The header reporting server time in ms (null: none). */
  processingHeader: string | null;
  /** Whether `OpenAI-Organization`/`-Project` are echoed back. */
  echoesOrganization: boolean;
  /** null: no WebSocket mode. */
  webSocket: WebSocketMode | null;
}
