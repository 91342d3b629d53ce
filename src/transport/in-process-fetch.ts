/**
 * An in-process transport: a `fetch`-compatible function answered by the emulator with no port.
 *
 * API requests go straight to the API pipeline (src/pipeline/handle.ts, the same one the Express app
 * hands its requests to), which writes its reply as a web `Response` (web-reply.ts): SSE arrives event
 * by event, a client that cancels the body or aborts is a client that left, a dropped connection
 * rejects like a reset, a hang resolves never (until abort). Bodies are read as over HTTP
 * (src/transport/request-body.ts): compressed ones decompressed, charsets decoded.
 *
 * The admin pages (Express routes) still reach the Express application the HTTP server runs, over an
 * in-memory socket pair instead of TCP (Node's own HTTP client and server on both ends). Which way a
 * request goes is decided from its path before anything runs. test/e2e/in-process.test.ts compares
 * both with the HTTP server, byte for byte.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestListener } from 'node:http';
import { Readable } from 'node:stream';
import { ADMIN_PREFIX } from '../admin/admin-routes';
import type { BodyText, PlainRequest } from '../pipeline/handle';
import { emulatorApi, type EmulatorApiDeps } from './emulator-api';
import { MemorySocket } from './memory-socket';
import { readBodyText } from './request-body';
import { abortError, NO_BODY_STATUSES, WebReply } from './web-reply';

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The origin in-process URLs use; any host works, this one reads well in logs. */
export const IN_PROCESS_ORIGIN = 'http://responses-emulator.local';

/** `app`: the Express application, for the admin pages; every other request goes through `core`'s API pipeline. */
export function createFetch(app: RequestListener, core: EmulatorApiDeps): FetchFunction {
  // A server that never listens: connections are handed to it.
  const server = createServer(app);
  const viaPipeline = pipelineFetch(core);
  const adminPrefix = ADMIN_PREFIX.toLowerCase();
  return async (input, init) => {
    const request = new Request(input, init);
    request.signal.throwIfAborted();
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : null;
    // The headers as Node's server would read them off the wire from Node's client.
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    headers.host ??= url.host;
    headers.connection = 'close';
    if (body) headers['content-length'] = String(body.length);
    const path = url.pathname.toLowerCase();
    if (path !== adminPrefix && !path.startsWith(`${adminPrefix}/`)) return viaPipeline(request, url, headers, body);
    const [client, serverSide] = MemorySocket.pair();
    server.emit('connection', serverSide);
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

/** The API pipeline as a fetch (see the file header). */
function pipelineFetch(core: EmulatorApiDeps): (request: Request, url: URL, headers: Record<string, string>, body: Buffer | null) => Promise<Response> {
  const handle = emulatorApi(core);
  return (request, url, headers, body) => {
    const signal = request.signal;
    // Aborted while its body was read: Node's client would not have sent it.
    if (signal.aborted) return Promise.reject(abortError(signal.reason));
    const reply = new WebReply(request.method === 'HEAD');
    const onAbort = (): void => reply.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    reply.once('close', () => signal.removeEventListener('abort', onAbort));
    handle(new FetchedRequest(request.method, url, headers, body), reply, { checkHost: false, drop: () => reply.drop() });
    return reply.response;
  };
}

/** A fetched request as the pipeline reads it: its body's bytes are already here. */
class FetchedRequest implements PlainRequest {
  readonly path: string;
  readonly originalUrl: string;
  body?: unknown;

  constructor(
    readonly method: string,
    url: URL,
    readonly headers: IncomingHttpHeaders,
    private readonly bytes: Buffer | null,
  ) {
    this.path = url.pathname;
    this.originalUrl = url.pathname + url.search;
  }

  readBody(limitBytes: number, done: BodyText): void {
    readBodyText(this.bytes ?? Buffer.alloc(0), this.headers, limitBytes, done);
  }
}
