/**
 * WebSocket mode (`GET /v1/responses` upgraded): the client sends `{type: "response.create", …}`
 * text frames; each response's events go back as JSON frames — the same payloads as SSE `data`, plus
 * `stream_id` when the request gave one. Requests sharing a `stream_id` (a lane) run one after
 * another; lanes run side by side, at most MAX_LANES at once. The socket stays open between
 * responses. Errors are `{type: "error", status, error: {type, code, message, param}}` frames.
 * A socket that closes stops its in-flight responses, as a dropped SSE stream does.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { CanonicalRequest } from '../canonical/request';
import type { Emulator, RequestOptions } from '../emulator';
import { ApiError, invalidRequest } from '../errors';
import type { StreamEvent } from '../render/events';
import type { Generation } from '../state/generation';

export const MAX_LANES = 16;
const STREAM_ID = /^[A-Za-z0-9_.-]{1,256}$/;

/** How a dialect reads a frame into a request, and writes events and errors. */
export interface WsDialect {
  parse(body: Record<string, unknown>): CanonicalRequest;
  /** The frame for one event (`null` to skip it). */
  event(event: StreamEvent, streamId: string | undefined): unknown;
  error(error: ApiError, streamId: string | undefined): unknown;
}

export interface WsRoute {
  paths: readonly string[];
  dialect: WsDialect;
  /** Per-connection options read from the upgrade request's headers (throws an ApiError when invalid). */
  options(req: IncomingMessage): RequestOptions;
}

interface Lane {
  queue: CanonicalRequest[];
  running: Generation | null;
}

/** Serves WebSocket upgrades on the routes' paths; every other upgrade gets a JSON 404. */
export function attachWebSockets(server: Server, emulator: Emulator, routes: readonly WsRoute[]): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: emulator.config.bodyLimitBytes });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.paths.includes(path));
    if (!route) return refuseUpgrade(socket, new ApiError(404, 'invalid_request_error', `Invalid URL (GET ${path}).`));
    let options: RequestOptions;
    try {
      options = route.options(req);
    } catch (err) {
      return refuseUpgrade(socket, err instanceof ApiError ? err : invalidRequest('Invalid upgrade request.'));
    }
    wss.handleUpgrade(req, socket, head, (ws) => new ResponsesSocket(ws, emulator, route.dialect, options));
  });
  return wss;
}

function refuseUpgrade(socket: Duplex, error: ApiError): void {
  const body = JSON.stringify(error.toBody());
  const reason = error.status === 404 ? 'Not Found' : 'Bad Request';
  socket.end(`HTTP/1.1 ${error.status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

class ResponsesSocket {
  private readonly lanes = new Map<string, Lane>();
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly emulator: Emulator,
    private readonly dialect: WsDialect,
    private readonly options: RequestOptions,
  ) {
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('close', () => this.close());
    ws.on('error', () => this.close());
  }

  private receive(data: RawData, isBinary: boolean): void {
    let frame: unknown;
    try {
      if (isBinary) throw invalidRequest('Binary frames are not supported; send JSON text frames.');
      frame = JSON.parse(data.toString());
    } catch (err) {
      return this.sendError(err instanceof ApiError ? err : invalidRequest('The frame is not valid JSON.'), undefined);
    }
    if (!frame || typeof frame !== 'object' || Array.isArray(frame)) return this.sendError(invalidRequest('A frame must be a JSON object.', null, 'invalid_type'), undefined);
    const { type, stream_id: streamId, stream: _implicit, ...body } = frame as Record<string, unknown>;
    const lane = typeof streamId === 'string' ? streamId : undefined;
    try {
      if (type === undefined) throw invalidRequest("Missing required parameter: 'type'.", 'type', 'missing_required_parameter');
      if (type !== 'response.create') throw invalidRequest(`Invalid value: '${String(type)}'. Supported values are: 'response.create'.`, 'type', 'invalid_value');
      if (streamId !== undefined && (typeof streamId !== 'string' || !STREAM_ID.test(streamId))) {
        throw invalidRequest("Invalid 'stream_id': expected 1 to 256 characters of A-Z, a-z, 0-9, '_', '.' or '-'.", 'stream_id', 'invalid_value');
      }
      if (body.background === true) throw invalidRequest('Background mode is not supported over WebSocket.', 'background', 'unsupported_parameter');
      this.enqueue(lane ?? '', this.dialect.parse({ ...body, stream: true }), lane);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.sendError(err, lane);
    }
  }

  private enqueue(key: string, request: CanonicalRequest, streamId: string | undefined): void {
    let lane = this.lanes.get(key);
    if (!lane) {
      const active = [...this.lanes.values()].filter((l) => l.running || l.queue.length > 0).length;
      if (active >= MAX_LANES) {
        throw invalidRequest(`Too many concurrent streams on this connection (at most ${MAX_LANES}).`, 'stream_id', 'websocket_stream_limit_reached');
      }
      lane = { queue: [], running: null };
      this.lanes.set(key, lane);
    }
    lane.queue.push(request);
    this.pump(lane, streamId);
  }

  /** Starts the lane's next response when the previous one has ended. */
  private pump(lane: Lane, streamId: string | undefined): void {
    while (!this.closed && !lane.running && lane.queue.length > 0) {
      const request = lane.queue.shift()!;
      let generation: Generation | null;
      try {
        generation = this.emulator.createResponse(request, this.options).generation;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        this.sendError(err, streamId);
        continue;
      }
      if (!generation) continue;
      lane.running = generation;
      generation.subscribe({
        event: (event) => this.send(this.dialect.event(event, streamId)),
        end: () => {
          lane.running = null;
          this.pump(lane, streamId);
        },
      });
      generation.start();
    }
  }

  private sendError(error: ApiError, streamId: string | undefined): void {
    this.send(this.dialect.error(error, streamId));
  }

  private send(frame: unknown): void {
    if (frame !== null && !this.closed && this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const lane of this.lanes.values()) {
      lane.queue.length = 0;
      if (lane.running) this.emulator.abandon(lane.running);
    }
  }
}
