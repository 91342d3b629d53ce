/**
 * WebSocket mode (`GET /v1/responses` upgraded): the client sends `{type: "response.create", …}`
 * text frames; each response's events go back as JSON frames — the same payloads as SSE `data`, plus
 * `stream_id` when the request gave one. Requests sharing a `stream_id` (a lane) run one after
 * another; lanes run side by side, at most MAX_LANES at once. The socket stays open between
 * responses. Errors are `{type: "error", status, error: {type, code, message, param}}` frames. A
 * connection keeps its latest responses (`store: false` ones too) so a chain can continue on it.
 * A socket that closes stops its in-flight responses, as a dropped SSE stream does.
 *
 * As on HTTP: the upgrade needs an accepted API key (with `--api-key`); each response.create counts
 * against the key's rate limits and is a journal entry; faults come from the upgrade's
 * `x-emulator-fault` header (the upgrade fails, or every stream on the socket is cut), from
 * `--chaos` (per frame) and from fixtures.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import type { CanonicalRequest } from '../canonical/request';
import { streamInterruption, type Emulator, type RequestOptions } from '../emulator';
import { ApiError, invalidRequest, invalidUrl, serverError } from '../errors';
import { DEFAULT_SLOW_MS, faultError, FaultSignal, isStreamFault, parseFaultHeader, type Fault } from '../faults/faults';
import { ANONYMOUS, apiKeyOf, authError } from '../http/auth';
import { FAULT_HEADER } from '../http/control-headers';
import { renderOpenAIError } from '../dialects/openai/dialect';
import { flatHeaders } from '../http/exchange';
import { hostNotAllowed, isAllowedHost, originNotAllowed, originVerdict } from '../http/site-checks';
import { ExchangeLog } from '../journal/exchange-log';
import { findExcessiveNesting, MAX_JSON_DEPTH } from '../validation/nesting';
import { segmentsToParam } from '../validation/param-path';
import { redactQuery } from '../redact';
import type { Dialect, ErrorRenderer, WebSocketMode } from '../dialects/dialect';
import type { Generation } from '../state/generation';
import type { ResponseRecord } from '../model/response-record';
import { REJECT_UNKNOWN_PARAMS, type UnknownParamsPolicy } from '../validation/unknown-params';

export const MAX_LANES = 16;
const STREAM_ID = /^[A-Za-z0-9_.-]{1,256}$/;

/**
 * A dialect (src/dialects/dialect.ts) as a socket uses it, bound to this emulator's schemas: built from
 * the registry by ws/routes/dialect-route.ts, never written by a dialect.
 */
export interface WsDialect {
  name: Dialect['name'];
  /** `policy`: what to do with unknown parameters (`--unknown-params`). */
  parse(body: Record<string, unknown>, policy: UnknownParamsPolicy): CanonicalRequest;
  stream: WebSocketMode['stream'];
  error: WebSocketMode['errorFrame'];
  /** The HTTP answer when the upgrade itself is refused. */
  refusal: Dialect['renderError'];
}

export interface WsRoute {
  paths: readonly string[];
  dialect: WsDialect;
  /** Per-connection options read from the upgrade request's headers (throws an ApiError when invalid). */
  options(req: IncomingMessage): RequestOptions;
}

/** What every response of a connection shares. */
interface Connection {
  path: string;
  headers: Record<string, string>;
  options: RequestOptions;
  rateLimitKey: string;
}

/** A frame being answered: its journal entry, the frame as received, its lane. */
interface Received {
  exchange: ExchangeLog;
  frame: unknown;
  lane: string | undefined;
}

/** A response.create on its way. */
interface Queued extends Received {
  request: CanonicalRequest;
  /** A chaos stream fault for this response. */
  interruption?: RequestOptions['interruption'];
  /** `generate: false`: prepare the request (a response with no output to chain from). */
  warmup?: boolean;
}

interface Lane {
  queue: Queued[];
  running: Generation | null;
}

/** The WebSocket side of a server: its open connections, and how to close them all. */
export interface WebSocketEndpoint {
  readonly clients: ReadonlySet<WebSocket>;
  close(): void;
}

/** Serves WebSocket upgrades on the routes' paths; every other upgrade gets a JSON 404. */
export function attachWebSockets(server: Server, emulator: Emulator, routes: readonly WsRoute[]): WebSocketEndpoint {
  // The `ws` library is loaded by the first upgrade: most runs never open a WebSocket.
  let wss: WebSocketServer | null = null;
  const webSockets = (): WebSocketServer => {
    if (!wss) {
      const { WebSocketServer: Wss } = require('ws') as typeof import('ws');
      wss = new Wss({ noServer: true, maxPayload: emulator.config.bodyLimitBytes });
    }
    return wss;
  };
  // Upgrades held by a `timeout` or `slow` fault are no longer the HTTP server's: closed with ours.
  const held = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = req.url ?? '/';
    const path = new URL(url, 'http://localhost').pathname;
    const route = routes.find((r) => r.paths.includes(path));
    if (!route) return refuseUpgrade(socket, invalidUrl(`GET ${path}`), renderOpenAIError, emulator);
    const refuse = (error: ApiError): void => refuseUpgrade(socket, error, route.dialect.refusal, emulator);
    // A page on another site can open a WebSocket to localhost (no CORS applies): only this machine's
    // names and the page's own or a listed origin get in.
    const host = req.headers.host;
    if (host !== undefined && !isAllowedHost(host, emulator.config)) return refuse(hostNotAllowed(host));
    if (originVerdict(req.headers, emulator.config) === 'foreign') return refuse(originNotAllowed(String(req.headers.origin), false));
    const key = apiKeyOf(req.headers);
    const denied = authError(emulator.config.apiKeys, key);
    if (denied) return refuse(denied);
    let options: RequestOptions;
    let fault: Fault | null = null;
    try {
      options = route.options(req);
      const header = req.headers[FAULT_HEADER];
      if (typeof header === 'string') fault = parseFaultHeader(header, FAULT_HEADER);
    } catch (err) {
      return refuse(err instanceof ApiError ? err : invalidRequest('Invalid upgrade request.'));
    }
    const headers = flatHeaders(req.headers);
    const connection: Connection = { path: redactQuery(url), headers, options, rateLimitKey: key ?? ANONYMOUS };
    const upgrade = (): void => {
      held.delete(socket);
      if (!socket.destroyed) webSockets().handleUpgrade(req, socket, head, (ws) => new ResponsesSocket(ws, emulator, route.dialect, connection));
    };
    if (!fault || !emulator.faultApplies(fault, headers[emulator.config.testIdHeader] ?? null)) return upgrade();
    if (isStreamFault(fault)) {
      options.interruption = streamInterruption(fault);
      return upgrade();
    }
    switch (fault.kind) {
      case 'slow': {
        held.add(socket);
        const timer = setTimeout(upgrade, fault.delayMs ?? DEFAULT_SLOW_MS);
        socket.once('close', () => clearTimeout(timer));
        return;
      }
      case 'timeout':
        held.add(socket);
        socket.once('close', () => held.delete(socket));
        return;
      case 'disconnect':
        return void socket.destroy();
      default:
        refuse(faultError(fault)!);
    }
  });
  return {
    get clients(): ReadonlySet<WebSocket> {
      return wss?.clients ?? new Set();
    },
    close: () => {
      wss?.close();
      held.forEach((socket) => socket.destroy());
    },
  };
}

function refuseUpgrade(socket: Duplex, error: ApiError, render: ErrorRenderer, emulator: Emulator): void {
  const rendered = render(error, { requestId: emulator.nextRequestId(), nowMs: emulator.clock.nowMs() });
  const body = JSON.stringify(rendered.body);
  const extra = Object.entries(rendered.headers ?? {}).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(
    `HTTP/1.1 ${rendered.status} ${STATUS_CODES[rendered.status] ?? 'Error'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}connection: close\r\n\r\n${body}`,
  );
}

/** How many of its latest responses a connection keeps for continuation (as the API's connection-local cache). */
export const CONNECTION_CACHE_SIZE = MAX_LANES;

class ResponsesSocket {
  private readonly lanes = new Map<string, Lane>();
  /** This connection's latest responses, `store: false` ones included: a chain can continue on the same connection only. */
  private readonly recent = new Map<string, ResponseRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly emulator: Emulator,
    private readonly dialect: WsDialect,
    private readonly connection: Connection,
  ) {
    ws.on('message', (data, isBinary) => this.receiveSafely(data, isBinary));
    ws.on('close', () => this.close());
    ws.on('error', () => this.close());
  }

  /** Every frame ends in an answer: a failure nobody foresaw is a `server_error` frame, never an uncaught exception. */
  private receiveSafely(data: RawData, isBinary: boolean): void {
    try {
      this.receive(data, isBinary);
    } catch (err) {
      this.sendError(asApiError(err, this.emulator), undefined);
    }
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
    // The HTTP body's nesting limit, for the same reason: deeper values would overflow the stack later.
    const tooDeep = findExcessiveNesting(frame);
    if (tooDeep) {
      const param = segmentsToParam(tooDeep);
      const id = (frame as Record<string, unknown>).stream_id;
      const error = invalidRequest(`Invalid '${param}': the JSON is nested more than ${MAX_JSON_DEPTH} levels deep.`, param, 'invalid_value');
      return this.sendError(error, typeof id === 'string' && STREAM_ID.test(id) ? id : undefined);
    }
    // `generate` is WebSocket-only (false: warm up, see the WebSocket-mode guide); `stream` is implied.
    const { type, stream_id: streamId, stream: _implicit, generate, ...body } = frame as Record<string, unknown>;
    const lane = typeof streamId === 'string' ? streamId : undefined;
    const exchange = new ExchangeLog(this.emulator, {
      id: this.emulator.nextRequestId(),
      method: 'WS',
      path: this.connection.path,
      dialect: this.dialect.name,
      headers: this.connection.headers,
    });
    exchange.requestBody(frame); // shown while the stream runs
    const received: Received = { exchange, frame, lane };
    let queued: Queued;
    try {
      if (type === undefined) throw invalidRequest("Missing required parameter: 'type'.", 'type', 'missing_required_parameter');
      if (type !== 'response.create') throw invalidRequest(`Invalid value: '${String(type)}'. Supported values are: 'response.create'.`, 'type', 'invalid_value');
      if (streamId !== undefined && (typeof streamId !== 'string' || !STREAM_ID.test(streamId))) {
        throw invalidRequest("Invalid 'stream_id': expected 1 to 256 characters of A-Z, a-z, 0-9, '_', '.' or '-'.", 'stream_id', 'invalid_value');
      }
      if (body.background === true) throw invalidRequest('Background mode is not supported over WebSocket.', 'background', 'unsupported_parameter');
      if (generate !== undefined && generate !== null && typeof generate !== 'boolean') {
        throw invalidRequest(`Invalid type for 'generate': expected a boolean, but got ${Array.isArray(generate) ? 'an array' : `a ${typeof generate}`} instead.`, 'generate', 'invalid_type');
      }
      queued = { ...received, request: this.dialect.parse({ ...body, stream: true }, this.unknownParamsPolicy(exchange)), warmup: generate === false };
      this.emulator.rateLimiter.takeRequest(this.connection.rateLimitKey, queued.request.model);
    } catch (err) {
      return this.fail(received, asApiError(err, this.emulator));
    }
    // A queued fault (nextRequestFails) comes before chaos, as on HTTP.
    const chosen = this.emulator.unaskedFault(exchange.entry.testId);
    if (!chosen) return this.admit(queued);
    const { fault, source } = chosen;
    if (isStreamFault(fault)) {
      exchange.answer(null, { fault: { spec: fault.spec, source } });
      return this.admit({ ...queued, interruption: streamInterruption(fault) });
    }
    if (fault.kind !== 'slow') return this.serveFault(queued, fault, source);
    exchange.answer(null, { fault: { spec: fault.spec, source } });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.admit(queued);
    }, fault.delayMs ?? DEFAULT_SLOW_MS);
    this.timers.add(timer);
  }

  /** Unknown parameters of a frame: refused, or dropped and named in its journal entry (`--unknown-params`). */
  private unknownParamsPolicy(exchange: ExchangeLog): UnknownParamsPolicy {
    if (this.emulator.config.unknownParams !== 'warn') return REJECT_UNKNOWN_PARAMS;
    return { mode: 'warn', report: (paths) => exchange.unknownParams(paths) };
  }

  /** Queues a request on its lane (refused when too many lanes are busy). */
  private admit(queued: Queued): void {
    if (this.closed) return queued.exchange.finish(null, queued.frame);
    const key = queued.lane ?? '';
    let lane = this.lanes.get(key);
    if (!lane) {
      const active = [...this.lanes.values()].filter((l) => l.running || l.queue.length > 0).length;
      if (active >= MAX_LANES) {
        return this.fail(queued, invalidRequest(`Too many concurrent streams on this connection (at most ${MAX_LANES}).`, 'stream_id', 'websocket_stream_limit_reached'));
      }
      lane = { queue: [], running: null };
      this.lanes.set(key, lane);
    }
    lane.queue.push(queued);
    this.pump(lane);
  }

  /** Starts the lane's next response when the previous one has ended. */
  private pump(lane: Lane): void {
    while (!this.closed && !lane.running && lane.queue.length > 0) {
      const queued = lane.queue.shift()!;
      const { exchange, lane: streamId } = queued;
      const options: RequestOptions = { ...this.connection.options, rateLimitKey: this.connection.rateLimitKey, connectionResponses: this.recent };
      if (queued.interruption) options.interruption = queued.interruption;
      if (queued.warmup) options.warmup = true;
      let generation: Generation | null;
      try {
        const created = this.emulator.createResponse(queued.request, options);
        exchange.created(created.record);
        this.remember(created.record);
        generation = created.generation;
      } catch (err) {
        // A continuation that fails evicts what it continued from, as the API's connection cache does.
        if (queued.request.previous_response_id) this.recent.delete(queued.request.previous_response_id);
        if (err instanceof FaultSignal) this.serveFault(queued, err.fault, 'fixture');
        else this.fail(queued, asApiError(err, this.emulator));
        continue;
      }
      if (!generation) continue;
      lane.running = generation;
      const renderer = this.dialect.stream(generation.record);
      generation.subscribe({
        event: (event) => {
          exchange.event(event);
          for (const frame of renderer.render(event)) this.send(withStream(frame.data, streamId));
        },
        end: () => {
          exchange.finish(200, queued.frame);
          lane.running = null;
          // A cut stream is a dropped connection: over WebSocket, the socket goes.
          if (generation.record.interruption?.kind === 'cut') return this.ws.terminate();
          this.pump(lane);
        },
      });
      generation.start();
    }
  }

  private remember(record: ResponseRecord): void {
    this.recent.delete(record.id);
    this.recent.set(record.id, record);
    if (this.recent.size > CONNECTION_CACHE_SIZE) this.recent.delete(this.recent.keys().next().value as string);
  }

  /** A fault over WebSocket: the error frame, silence (`timeout`), or the connection dropped. */
  private serveFault(queued: Queued, fault: Fault, source: 'chaos' | 'fixture' | 'queued'): void {
    queued.exchange.answer('fault', { fault: { spec: fault.spec, source } });
    if (fault.kind === 'timeout') return queued.exchange.finish(null, queued.frame);
    if (fault.kind === 'disconnect') {
      queued.exchange.finish(null, queued.frame);
      return this.ws.terminate();
    }
    const error = faultError(fault, queued.request.model);
    if (error) this.fail(queued, error);
  }

  /** Answers a request with an error frame, and closes its journal entry. */
  private fail(received: Received, error: ApiError): void {
    const frame = withStream(this.dialect.error(error), received.lane);
    received.exchange.body(frame);
    received.exchange.finish(error.status, received.frame);
    this.send(frame);
  }

  private sendError(error: ApiError, streamId: string | undefined): void {
    this.send(withStream(this.dialect.error(error), streamId));
  }

  private send(frame: unknown): void {
    if (frame !== null && !this.closed && this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const lane of this.lanes.values()) {
      for (const queued of lane.queue) queued.exchange.finish(null, queued.frame);
      lane.queue.length = 0;
      if (lane.running) this.emulator.abandon(lane.running);
    }
  }
}

/** An ApiError as it is; anything else is logged and answered as the API's generic `server_error`. */
function asApiError(err: unknown, emulator: Emulator): ApiError {
  if (err instanceof ApiError) return err;
  emulator.log.error({ err }, 'unexpected error while answering a WebSocket frame');
  return serverError();
}

/** Frames of a request that gave a `stream_id` carry it. */
function withStream(frame: Record<string, unknown>, streamId: string | undefined): Record<string, unknown> {
  return streamId === undefined ? frame : { ...frame, stream_id: streamId };
}
