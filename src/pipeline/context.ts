/**
 * What the API pipeline works with, with no transport in sight: the request as it arrived
 * (`ArrivingRequest`), the reply being written (`ReplyChannel`) and what the pipeline decides about
 * the exchange on the way (`ExchangeContext`, kept on the channel as `locals`).
 *
 * Both are the few members the pipeline uses of Node's own `IncomingMessage`/`ServerResponse`: an
 * Express response is a ReplyChannel as it is; the request is a small per-request object
 * (src/http/api-adapter.ts, HttpExchange) that also reads the body on demand; another transport
 * implements the same handful of members. Why `locals` rather than a separate
 * context object (a WeakMap<Request, …> or a class on one key): every reader finds it on the channel
 * it already has, every key is typed and no reader casts. Arrival replaces the transport's empty
 * `locals` with one ArrivedExchange (below). Each key is optional: the admin pages set none of them.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Clock } from '../clock';
import type { Dialect, ErrorContext } from '../dialects/dialect';
import type { Fault } from '../faults/faults';
import type { ExchangeLog } from '../journal/exchange-log';

export interface ExchangeContext {
  /** `performance.now()` on arrival: the processing-time header counts from here. */
  startedAt?: number;
  /** The dialect answering (chosen by path, before anything else can fail). */
  dialect?: Dialect;
  /** What the dialect's errors may quote: the request id and the emulator's clock. */
  errorContext?: () => ErrorContext;
  /** Headers set just before the reply's headers go out, in order (rate-limit counters, organization echo). */
  beforeReply?: (() => void)[];
  /** The request journal's record of this exchange (absent when not journaled). */
  exchange?: ExchangeLog;
  /**
   * The key the request authenticated with (`anonymous` without one): its budgets are charged for
   * the request (admission) and for its response's tokens (request-options.ts).
   */
  apiKey?: string;
  /** A stream fault for the route to shape its stream with. */
  fault?: Fault;
}

/**
 * The context arrival gives an API exchange (replacing the transport's empty `locals`): every key
 * present from the start, so all exchanges share one object shape (an Express `locals` is a
 * dictionary that grows a key at a time), and what errors quote is a method rather than a closure
 * made per exchange.
 */
export class ArrivedExchange implements ExchangeContext {
  beforeReply?: (() => void)[] = undefined;
  exchange?: ExchangeLog = undefined;
  apiKey?: string = undefined;
  fault?: Fault = undefined;

  constructor(
    public startedAt: number,
    public dialect: Dialect,
    private readonly requestId: string,
    private readonly clock: Clock,
  ) {}

  errorContext(): ErrorContext {
    return { requestId: this.requestId, nowMs: this.clock.nowMs() };
  }
}

/** A request as the pipeline reads it. */
export interface ArrivingRequest {
  readonly method: string;
  /** The path without the query (as routed). */
  readonly path: string;
  /** The path with its query, as sent (as journaled, with secrets in the query redacted). */
  readonly originalUrl: string;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body once read (undefined before, and without one): the journal reads it at the end. */
  readonly body?: unknown;
}

/** The reply being written: status, headers, then a body at once or in chunks (SSE), and its end. */
export interface ReplyChannel {
  locals: ExchangeContext;
  statusCode: number;
  readonly headersSent: boolean;
  /** The client left (or the reply was torn down). */
  readonly destroyed: boolean;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  getHeader(name: string): string | number | string[] | undefined;
  getHeaders(): OutgoingHttpHeaders;
  /** The headers' names (Node's; read one by one with getHeader, they spare getHeaders' copy). */
  getHeaderNames(): string[];
  /** Sends the status and headers now (a stream's first bytes). */
  flushHeaders(): void;
  write(chunk: string | Uint8Array): unknown;
  end(chunk?: string | Uint8Array): unknown;
  /** Holds writes until `uncork`, to send what one tick produced together. */
  cork(): void;
  uncork(): void;
  /** 'close': the reply ended, or the client left first (then alone). */
  once(event: 'close', listener: () => void): unknown;
  /**
   * The same: every channel emits 'close' at most once (Node's ServerResponse, WebReply), so a
   * listener added with `on` needs no `once` wrapper and its state made per exchange.
   */
  on(event: 'close', listener: () => void): unknown;
  /** The connection, when there is one to tune (Nagle off for streams). */
  readonly socket?: { setNoDelay(noDelay?: boolean): unknown } | null;
}
