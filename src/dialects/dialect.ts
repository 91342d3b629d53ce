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
import type { SchemaRegistry } from '../validation/schema-registry';
import type { UnknownParamsPolicy } from '../validation/unknown-params';
import type { Compaction, ConversationService, InputTokenCounting, RequestParsing, ResponseCreation, StoredResponses, ThreadService } from '../core/services';
import type { Endpoint } from './endpoint';
import type { ErrorRenderer, ResponseRendering, StreamRendering } from './rendering';

export type { ErrorContext, ErrorRendering, ErrorRenderer, WireEvent, StreamRenderer, StreamRendering, ResponseRendering } from './rendering';
export { canonicalStream } from './rendering';

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
  prepare?(threads: Pick<ThreadService, 'ensureThread'>): void;
}

/** What the endpoints of any dialect may call in the core (each dialect's endpoints take only what they use). */
export type EndpointServices = RequestParsing & ResponseCreation & StoredResponses & InputTokenCounting & Compaction & ConversationService & ThreadService;

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
  /** Its endpoints, as data (./endpoint.ts), served by the API pipeline (src/pipeline/handle.ts). */
  endpoints(core: EndpointServices): Endpoint[];
  /**
   * Where HTTP serves its endpoints besides `/v1` and the root (where the fallback, and the configured
   * `--dialect`, are served): under this prefix (`/open-responses/v1`), or, for '', at their own
   * absolute paths, walked only for its `owned` paths (Aitronos); null: nowhere else (OpenAI).
   */
  mount: string | null;
}
