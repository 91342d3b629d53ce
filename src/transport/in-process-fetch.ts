/**
 * An in-process transport: a `fetch`-compatible function whose requests reach the same Express
 * application the HTTP server runs, over an in-memory socket pair instead of TCP. Node's own HTTP
 * client writes the request and parses the reply, and Node's own HTTP server parses the request, so
 * everything below the socket is the code path a real connection takes: streaming (SSE arrives
 * event by event), headers, status codes, and a client that aborts is a socket that closes.
 */
import { createServer, request as httpRequest, type IncomingMessage, type RequestListener } from 'node:http';
import { Duplex, Readable } from 'node:stream';

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The origin in-process URLs use; any host works, this one reads well in logs. */
export const IN_PROCESS_ORIGIN = 'http://responses-emulator.local';

const NO_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** One end of an in-memory connection: what one end writes, the other reads (with backpressure). */
class MemorySocket extends Duplex {
  peer!: MemorySocket;
  /** The write waiting for this end's reader to want more. */
  private pending: (() => void) | null = null;
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 0;
  readonly remoteFamily = 'IPv4';
  readonly localAddress = '127.0.0.1';
  readonly localPort = 0;

  static pair(): [MemorySocket, MemorySocket] {
    const a = new MemorySocket();
    const b = new MemorySocket();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.peer.destroyed) return done(new Error('socket closed'));
    if (this.peer.push(chunk)) done();
    else this.peer.pending = () => done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.peer.push(null);
    done();
  }

  override _read(): void {
    const resume = this.pending;
    this.pending = null;
    resume?.();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    // A connection closes at both ends.
    if (!this.peer.destroyed) this.peer.destroy();
    done(error);
  }

  // What HTTP code calls on a net.Socket: no-ops in memory.
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/** True for the server end of an in-process connection: it cannot come from a browser or the network. */
export function isInProcessSocket(socket: unknown): boolean {
  return socket instanceof MemorySocket;
}

export function createFetch(app: RequestListener): FetchFunction {
  // A server that never listens: connections are handed to it.
  const server = createServer(app);
  return async (input, init) => {
    const request = new Request(input, init);
    request.signal.throwIfAborted();
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : null;
    const [client, serverSide] = MemorySocket.pair();
    server.emit('connection', serverSide);
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    headers.host ??= url.host;
    headers.connection = 'close';
    if (body) headers['content-length'] = String(body.length);
    const reply = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest({ method: request.method, path: url.pathname + url.search, headers, createConnection: () => client as never, signal: request.signal }, resolve);
      req.once('error', reject);
      req.end(body ?? undefined);
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(reply.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
    }
    const noBody = NO_BODY_STATUSES.has(reply.statusCode ?? 0) || request.method === 'HEAD';
    if (noBody) reply.resume();
    const stream = noBody ? null : (Readable.toWeb(reply) as ReadableStream<Uint8Array>);
    return new Response(stream, { status: reply.statusCode, statusText: reply.statusMessage, headers: responseHeaders });
  };
}
