/**
 * The Express adapter of the API: one middleware hands every API request (everything but the admin
 * pages) to the pipeline (src/pipeline/handle.ts), which decides everything else — routing, the
 * router's own answers, body, admission, faults, the endpoint, failures. The adapter gives it what
 * only HTTP has: the body, read from the request stream when the pipeline asks for it
 * (src/transport/request-body.ts), whether the host name is checked, a `drop` that resets the
 * socket, and the reply as a channel that gives Node its headers in one go (src/transport/node-reply.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { BodyText, PlainRequest, Transport } from '../pipeline/handle';
import { emulatorApi, type EmulatorApiDeps } from '../transport/emulator-api';
import { isInProcessSocket } from '../transport/memory-socket';
import { NodeReply } from '../transport/node-reply';
import { readBodyText } from '../transport/request-body';

export function apiAdapter(core: EmulatorApiDeps): RequestHandler {
  const handle = emulatorApi(core);
  return (req, res) => {
    const exchange = new HttpExchange(req);
    handle(exchange, new NodeReply(res), exchange);
  };
}

/** An Express request as the pipeline reads it, and what can be done to its connection (one object per request). */
class HttpExchange implements PlainRequest, Transport {
  readonly method: string;
  readonly path: string;
  readonly originalUrl: string;
  readonly headers: IncomingHttpHeaders;
  /** Requests through the in-process transport's socket pair come from no network (src/transport/memory-socket.ts). */
  readonly checkHost: boolean;
  body?: unknown;

  constructor(private readonly req: Request) {
    this.method = req.method;
    this.path = req.path;
    this.originalUrl = req.originalUrl;
    this.headers = req.headers;
    this.checkHost = !isInProcessSocket(req.socket);
  }

  readBody(limitBytes: number, done: BodyText): void {
    readBodyText(this.req, this.headers, limitBytes, done);
  }

  /** A TCP reset before or during the reply, like a dropped connection. */
  drop(): void {
    const socket = this.req.socket;
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  }
}
