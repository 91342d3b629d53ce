/**
 * An in-process transport: a `fetch`-compatible function answered by the emulator with no port.
 *
 * Requests for an API endpoint (whatever `apiRouter` matches: src/pipeline/api-routes.ts) go straight
 * to the API pipeline (src/pipeline/handle.ts), which writes its reply as a web `Response`
 * (web-reply.ts): SSE arrives event by event, a client that cancels the body or aborts is a client that
 * left, a dropped connection rejects like a reset, a hang resolves never (until abort).
 *
 * Everything else still reaches the Express application the HTTP server runs, over an in-memory socket
 * pair instead of TCP (Node's own HTTP client and server on both ends): the admin pages (Express
 * routes), the recording proxy when one is configured (it relays Express requests), and the answers
 * that are the router's and body parser's own — unknown paths (404), other methods (405), HEAD and
 * OPTIONS, an undecodable %-escape in a path parameter, compressed or non-UTF-8 bodies. Each is decided
 * from the request line and headers before anything runs, so a request is never half in one path.
 * test/e2e/in-process.test.ts compares both paths with the HTTP server, byte for byte.
 */
import { isRecording } from '../config';
import { createServer, request as httpRequest, type IncomingMessage, type RequestListener } from 'node:http';
import { Readable } from 'node:stream';
import { ADMIN_PREFIX } from '../admin/admin-routes';
import type { Emulator } from '../emulator';
import { apiRouter } from '../pipeline/api-routes';
import { apiHandler, type PlainRequest } from '../pipeline/handle';
import { readsBodyBytes } from '../pipeline/json-body';
import { MemorySocket } from './memory-socket';
import { abortError, NO_BODY_STATUSES, WebReply } from './web-reply';

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The origin in-process URLs use; any host works, this one reads well in logs. */
export const IN_PROCESS_ORIGIN = 'http://responses-emulator.local';


/** `emulator`: answer API requests through the pipeline (without it, everything goes to `app`). */
export function createFetch(app: RequestListener, emulator?: Emulator): FetchFunction {
  // A server that never listens: connections are handed to it.
  const server = createServer(app);
  const viaPipeline = emulator ? pipelineFetch(emulator) : null;
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
    const answered = viaPipeline?.(request, url, headers, body);
    if (answered) return answered;
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

/**
 * The API pipeline as a fetch: a Response promise for the requests it answers, null for those it
 * leaves to the Express app (see the file header).
 */
function pipelineFetch(emulator: Emulator): (request: Request, url: URL, headers: Record<string, string>, body: Buffer | null) => Promise<Response> | null {
  const route = apiRouter(emulator);
  const handle = apiHandler(emulator, (message, error) => emulator.log.error({ err: error }, message));
  const recording = isRecording(emulator.config);
  const adminPrefix = ADMIN_PREFIX.toLowerCase();
  return (request, url, headers, body) => {
    if (recording) return null;
    const path = url.pathname;
    const lower = path.toLowerCase();
    if (lower === adminPrefix || lower.startsWith(`${adminPrefix}/`)) return null;
    if (!readsBodyBytes(headers)) return null;
    const match = route(request.method, path);
    if (!match) return null;
    const req: PlainRequest = { method: request.method, path, originalUrl: path + url.search, search: url.search.slice(1), headers, bodyBytes: body };
    const signal = request.signal;
    // Aborted while its body was read: Node's client would not have sent it.
    if (signal.aborted) return Promise.reject(abortError(signal.reason));
    const reply = new WebReply(false);
    const onAbort = (): void => reply.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    reply.once('close', () => signal.removeEventListener('abort', onAbort));
    handle(req, match, reply, reply);
    return reply.response;
  };
}
