/**
 * The pipeline's reply channel (src/pipeline/context.ts) written as a web `Response`: the response
 * resolves when the headers go out (at the first write of a stream, or at the end of a JSON reply),
 * and a stream's chunks are enqueued on its body as they are written (what one tick corks goes as one
 * chunk). The client leaving — its body cancelled or its request's signal aborted — is a closed
 * connection: 'close' fires with the reply unfinished, so a generation the client owned stops.
 * `drop` is a reset: the fetch rejects (`socket hang up`), or a started body errors (`aborted`), as
 * Node's HTTP client reports a connection reset by the server.
 */
import { STATUS_CODES, type OutgoingHttpHeaders } from 'node:http';
import type { ExchangeContext, ReplyChannel } from '../pipeline/context';

/** Statuses whose response has no body (the web `Response` refuses one). */
export const NO_BODY_STATUSES = new Set([101, 204, 205, 304]);
const encoder = new TextEncoder();

export class WebReply implements ReplyChannel {
  locals: ExchangeContext = {};
  statusCode = 200;
  headersSent = false;
  destroyed = false;
  readonly socket = null;
  /** The web Response, once the headers are out; rejected when the exchange ends without one. */
  readonly response: Promise<Response>;
  private resolve!: (response: Response) => void;
  private reject!: (reason: unknown) => void;
  private readonly headers = new Map<string, string | number | readonly string[]>();
  private body: ReadableStreamDefaultController<Uint8Array> | null = null;
  private corked = 0;
  private held: string[] = [];
  private ended = false;
  private closeListeners: (() => void)[] = [];

  /** `head`: a HEAD request's reply carries no body. */
  constructor(private readonly head: boolean) {
    this.response = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  getHeader(name: string): string | number | string[] | undefined {
    const value = this.headers.get(name.toLowerCase());
    return Array.isArray(value) ? [...(value as string[])] : (value as string | number | undefined);
  }

  getHeaderNames(): string[] {
    return [...this.headers.keys()];
  }

  getHeaders(): OutgoingHttpHeaders {
    const out: OutgoingHttpHeaders = {};
    for (const [name, value] of this.headers) out[name] = Array.isArray(value) ? [...(value as string[])] : (value as string | number);
    return out;
  }

  flushHeaders(): void {
    if (this.headersSent) return;
    this.headersSent = true;
    if (this.head || NO_BODY_STATUSES.has(this.statusCode)) return this.resolve(this.respond(null));
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.body = controller;
      },
      cancel: () => this.leave(),
    });
    this.resolve(this.respond(stream));
  }

  write(chunk: string | Uint8Array): boolean {
    if (this.ended || this.destroyed) return false;
    this.flushHeaders();
    if (typeof chunk !== 'string') {
      // Bytes (the recording proxy relays them as they come): after what is held, in order.
      this.flushHeld();
      this.body?.enqueue(chunk);
    } else if (this.corked > 0) this.held.push(chunk);
    else this.body?.enqueue(encoder.encode(chunk));
    return true;
  }

  end(chunk?: string | Uint8Array): this {
    if (this.ended || this.destroyed) return this;
    if (!this.headersSent) {
      // Node's server writes a body sent in one `end` with its length (a reply with no body at all: without).
      const bodyless = this.head || this.statusCode === 204 || this.statusCode === 304;
      if (!bodyless && this.getHeader('content-length') === undefined) this.setHeader('content-length', chunk === undefined ? 0 : Buffer.byteLength(chunk));
      this.headersSent = true;
      const bytes = chunk === undefined || this.head || NO_BODY_STATUSES.has(this.statusCode) ? null : typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      this.resolve(this.respond(bytes));
    } else {
      if (chunk !== undefined) this.write(chunk);
      this.flushHeld();
      this.body?.close();
    }
    this.ended = true;
    this.close();
    return this;
  }

  cork(): void {
    this.corked++;
  }

  uncork(): void {
    if (this.corked === 0) return;
    this.corked--;
    if (this.corked === 0) this.flushHeld();
  }

  once(_event: 'close', listener: () => void): this {
    if (this.destroyed) return this;
    this.closeListeners.push(listener);
    return this;
  }

  /** 'close' is emitted at most once here too, so `on` is `once`. */
  on(event: 'close', listener: () => void): this {
    return this.once(event, listener);
  }

  /**
   * The client aborted: as with Node's HTTP client, the fetch rejects with an AbortError before the
   * headers, and a started body errors as a connection closed mid-reply (`aborted`).
   */
  abort(cause: unknown): void {
    this.leave(this.headersSent ? reset('aborted') : abortError(cause));
  }

  /** The client left (its body cancelled, its signal aborted) before the reply ended. */
  leave(reason: unknown = abortError()): void {
    if (this.ended || this.destroyed) return;
    if (!this.headersSent) this.reject(reason);
    else this.body?.error(reason);
    this.close();
  }

  /** The server cuts the connection: a reset, as Node's HTTP client reports it. */
  drop(): void {
    this.leave(this.headersSent ? reset('aborted') : reset('socket hang up'));
  }

  private flushHeld(): void {
    if (this.held.length === 0) return;
    const chunk = this.held.length === 1 ? this.held[0] : this.held.join('');
    this.held = [];
    this.body?.enqueue(encoder.encode(chunk));
  }

  private respond(body: Uint8Array | ReadableStream<Uint8Array> | null): Response {
    const headers = new Headers();
    for (const [name, value] of this.headers) {
      if (Array.isArray(value)) for (const v of value as string[]) headers.append(name, v);
      else headers.set(name, String(value));
    }
    return new Response(body, { status: this.statusCode, statusText: STATUS_CODES[this.statusCode] ?? '', headers });
  }

  private close(): void {
    this.destroyed = true;
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const listener of listeners) listener();
  }
}

/** What Node's HTTP client rejects with when its request's signal aborts. */
export function abortError(cause?: unknown): Error {
  return Object.assign(new Error('The operation was aborted', cause === undefined ? undefined : { cause }), { name: 'AbortError', code: 'ABORT_ERR' });
}

function reset(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' });
}
