/**
 * One WebSocket connection of WebSocket mode (see responses-socket.ts for the upgrade): its frames,
 * each a `response.create` answered on its lane (requests sharing a `stream_id` run one after
 * another; lanes run side by side, at most MAX_LANES at once), and the responses it keeps for
 * continuation. Each frame passes the pipeline's steps as an HTTP request does: its arrival (a request
 * id and a journal entry: pipeline/arrival.ts), its admission (its key's rate limit, a queued or chaos
 * fault: pipeline/admission.ts), and what goes wrong becomes what it does on HTTP (pipeline/failure.ts:
 * a fixture's fault included). A fault's action is performed here, once (`performFault`). A socket
 * that closes stops its in-flight responses.
 */
import type { RawData, WebSocket } from 'ws';
import type { CanonicalRequest } from '../canonical/request';
import type { StreamRendering } from '../dialects/dialect';
import type { GateDeps } from '../core/gate/gate';
import type { CreatedResponse } from '../emulator-types';
import type { ErrorReporting, ExchangeServices, RequestParsing, ResponseCreation, ResponseDelivery, SharedExchanges } from '../core/services';
import { storeReads } from '../pipeline/store-reads';
import type { RequestOptions } from '../emulator-types';
import { ApiError, invalidRequest, serverError } from '../errors';
import { performAction, type FaultAction } from '../faults/fault-action';
import type { ExchangeLog } from '../journal/exchange-log';
import { isPromise, type MaybePromise } from '../model/maybe-promise';
import type { ResponseRecord } from '../model/response-record';
import { admit, type Admit, type FaultToPerform } from '../pipeline/admission';
import { frameArrival, type JournaledRequest } from '../pipeline/arrival';
import type { ArrivingRequest } from '../pipeline/context';
import { failureOf, type Failure } from '../pipeline/failure';
import type { Generation } from '../state/generation-playback';
import { findExcessiveNesting, MAX_JSON_DEPTH } from '../validation/nesting';
import { segmentsToParam } from '../validation/param-path';
import { unknownParamsPolicyFor, type UnknownParamsPolicy } from '../validation/unknown-params';

export const MAX_LANES = 16;
const STREAM_ID = /^[A-Za-z0-9_.-]{1,256}$/;

/** What a connection needs of its dialect (responses-socket.ts's WsDialect has it): reading frames, writing events and errors. */
export interface FrameDialect {
  name: string;
  /** `policy`: what to do with unknown parameters (`--unknown-params`). */
  parse(body: Record<string, unknown>, policy: UnknownParamsPolicy): CanonicalRequest;
  /** A response's events as frames (each WireEvent's data is one frame). */
  stream: StreamRendering;
  /** The error frame for a request that fails. */
  error(error: ApiError): Record<string, unknown>;
}

/** What every response of a connection shares. */
export interface Connection {
  /** The upgrade request as journaled: each frame's entry carries its path and headers. */
  upgrade: JournaledRequest;
  options: RequestOptions;
  rateLimitKey: string;
}

/** The pipeline's steps each frame passes (see the header), built once per server. */
export interface FrameSteps {
  arrive: ReturnType<typeof frameArrival>;
  admit: Admit;
}

export function frameSteps(core: GateDeps & Pick<ExchangeServices, 'nextRequestId'>): FrameSteps {
  return { arrive: frameArrival(core), admit: admit(core) };
}

/** What a connection calls in the core: the unknown-parameters option, creating a response, stopping one, the error log. */
export type SocketServices = Pick<RequestParsing, 'config'> & ResponseCreation & Pick<ResponseDelivery, 'abandon'> & ErrorReporting & SharedExchanges;

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
  /** A response being created through the shared store (async): the lane waits for it. */
  creating: boolean;
}

/** How many of its latest responses a connection keeps for continuation (as the API's connection-local cache). */
export const CONNECTION_CACHE_SIZE = MAX_LANES;

export class ResponsesSocket {
  private readonly lanes = new Map<string, Lane>();
  /** This connection's latest responses, `store: false` ones included: a chain can continue on the same connection only. */
  private readonly recent = new Map<string, ResponseRecord>();
  /** Frames held by a `delay` fault, by their timer (a socket that closes finishes their journal entries). */
  private readonly delayed = new Map<NodeJS.Timeout, Queued>();
  /**
   * The admission still being asked of Redis (shared budgets), if any: later frames wait for it, so
   * frames reach their lanes in the order they came. Never set with the in-memory budgets.
   */
  private admitting: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly core: SocketServices,
    private readonly steps: FrameSteps,
    private readonly dialect: FrameDialect,
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
      this.sendError(this.errorOf(err), undefined);
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
    const exchange = this.steps.arrive(this.connection.upgrade, this.dialect.name);
    exchange.requestBody(frame); // shown while the stream runs
    const received: Received = { exchange, frame, lane };
    let queued: Queued;
    let fault: MaybePromise<FaultToPerform | null>;
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
      // Unknown parameters of a frame: refused, or dropped and named in its journal entry (`--unknown-params`).
      const policy = unknownParamsPolicyFor(this.core.config.unknownParams, exchange, noteUnknownParams);
      queued = { ...received, request: this.dialect.parse({ ...body, stream: true }, policy), warmup: generate === false };
      // A frame has no fault header of its own (the upgrade's is the connection's): a queued fault, then chaos.
      fault = this.steps.admit(this.connection.rateLimitKey, queued.request.model, undefined, exchange.testId, exchange);
    } catch (err) {
      return this.fail(received, this.errorOf(err));
    }
    if (!isPromise(fault) && !this.admitting) return this.admitted(queued, fault);
    this.admitLater(queued, fault);
  }

  /** A frame past admission: queued on its lane, or its fault performed. */
  private admitted(queued: Queued, fault: FaultToPerform | null): void {
    if (!fault) return this.enqueue(queued);
    this.performFault(queued, fault.action);
  }

  /** Admission answered by Redis: performed after the frames before it, in order; its 429 is the frame's error. */
  private admitLater(queued: Queued, fault: MaybePromise<FaultToPerform | null>): void {
    const after = this.admitting ?? Promise.resolve();
    const answer = Promise.resolve(fault);
    answer.catch(() => undefined); // its rejection is handled below, in turn: not an unhandled one meanwhile
    // In turn: this frame's answer (its 429 too) only once the frames before it have been admitted.
    const done = after.then(() => answer).then(
      (chosen) => this.admitted(queued, chosen),
      (err: unknown) => this.fail(queued, this.errorOf(err)),
    );
    const settled = done.catch((err: unknown) => this.sendError(this.errorOf(err), queued.lane));
    this.admitting = settled;
    void settled.then(() => {
      if (this.admitting === settled) this.admitting = null;
    });
  }

  /** Queues a request on its lane (refused when too many lanes are busy). */
  private enqueue(queued: Queued): void {
    if (this.closed) return queued.exchange.finish(null, queued.frame);
    const key = queued.lane ?? '';
    let lane = this.lanes.get(key);
    if (!lane) {
      const active = [...this.lanes.values()].filter((l) => l.running || l.queue.length > 0).length;
      if (active >= MAX_LANES) {
        return this.fail(queued, invalidRequest(`Too many concurrent streams on this connection (at most ${MAX_LANES}).`, 'stream_id', 'websocket_stream_limit_reached'));
      }
      lane = { queue: [], running: null, creating: false };
      this.lanes.set(key, lane);
    }
    lane.queue.push(queued);
    this.pump(lane);
  }

  /**
   * Starts the lane's next response when the previous one has ended. With a shared store, creating
   * it is an exchange with Redis (loaded before, written after: src/state/redis/redis-state.ts), so the
   * lane waits for it and goes on when it is done.
   */
  private pump(lane: Lane): void {
    while (!this.closed && !lane.running && !lane.creating && lane.queue.length > 0) {
      const queued = lane.queue.shift()!;
      const options: RequestOptions = { ...this.connection.options, rateLimitKey: this.connection.rateLimitKey, connectionResponses: this.recent };
      if (queued.interruption) options.interruption = queued.interruption;
      if (queued.warmup) options.warmup = true;
      const { shared } = this.core;
      if (shared) {
        lane.creating = true;
        shared
          .exchange(storeReads('/responses', {}, queued.frame), () => this.create(queued, options))
          .then((created) => this.begin(lane, queued, created))
          .catch((err: unknown) => this.createFailed(queued, err))
          .finally(() => {
            lane.creating = false;
            this.pump(lane);
          });
        return;
      }
      let created: CreatedResponse;
      try {
        created = this.create(queued, options);
      } catch (err) {
        this.createFailed(queued, err);
        continue;
      }
      this.begin(lane, queued, created);
    }
  }

  /** Creates a frame's response and notes it (journal, the connection's cache). */
  private create(queued: Queued, options: RequestOptions): CreatedResponse {
    const created = this.core.createResponse(queued.request, options);
    queued.exchange.created(created.record);
    this.remember(created.record);
    return created;
  }

  private createFailed(queued: Queued, err: unknown): void {
    // A continuation that fails evicts what it continued from, as the API's connection cache does.
    if (queued.request.previous_response_id) this.recent.delete(queued.request.previous_response_id);
    const failure = this.failureOf(err, queued.exchange);
    if (failure.kind === 'fault') this.performFault(queued, failure.action);
    else this.fail(queued, failure.error);
  }

  /** A created response on its lane: its events sent as frames, the lane's next one started when it ends. */
  private begin(lane: Lane, queued: Queued, created: CreatedResponse): void {
    const { exchange, lane: streamId } = queued;
    const { generation } = created;
    if (!generation) return;
    // The socket closed while the response was being created (shared store): nobody will receive it.
    if (this.closed) {
      this.core.abandon(generation);
      return exchange.finish(null, queued.frame);
    }
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

  private remember(record: ResponseRecord): void {
    this.recent.delete(record.id);
    this.recent.set(record.id, record);
    if (this.recent.size > CONNECTION_CACHE_SIZE) this.recent.delete(this.recent.keys().next().value as string);
  }

  /** A fault's action over WebSocket: the error frame, silence, the connection dropped, a late or a cut-short response. */
  private performFault(queued: Queued, action: FaultAction): void {
    performAction<void>(action, {
      error: ({ error }) => this.fail(queued, error),
      hang: () => queued.exchange.finish(null, queued.frame),
      drop: () => {
        queued.exchange.finish(null, queued.frame);
        this.ws.terminate();
      },
      delay: ({ ms }) => {
        const timer = setTimeout(() => {
          this.delayed.delete(timer);
          this.enqueue(queued);
        }, ms);
        this.delayed.set(timer, queued);
      },
      interrupt: ({ interruption }) => this.enqueue({ ...queued, interruption }),
    });
  }

  /** Answers a request with an error frame, and closes its journal entry. */
  private fail(received: Received, error: ApiError): void {
    const frame = withStream(this.dialect.error(error), received.lane);
    received.exchange.body(frame);
    received.exchange.finish(error.status, received.frame);
    this.send(frame);
  }

  /** What went wrong, as the pipeline's failure step makes it, noted in the frame's journal entry (a fixture's fault is served there). */
  private failureOf(err: unknown, exchange: ExchangeLog | undefined): Failure {
    return failureOf(err, { locals: { exchange } }, (message, error) => this.core.log.error({ err: error }, `${message} while answering a WebSocket frame`));
  }

  /** The error frame's ApiError for a failure before a response is created (only creating one meets a fixture's fault). */
  private errorOf(err: unknown): ApiError {
    const failure = this.failureOf(err, undefined);
    return failure.kind === 'error' ? failure.error : serverError();
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
    for (const [timer, queued] of this.delayed) {
      clearTimeout(timer);
      queued.exchange.finish(null, queued.frame);
    }
    this.delayed.clear();
    for (const lane of this.lanes.values()) {
      for (const queued of lane.queue) queued.exchange.finish(null, queued.frame);
      lane.queue.length = 0;
      if (lane.running) this.core.abandon(lane.running);
    }
  }
}

/** Parameters dropped from a frame (`--unknown-params warn`) are named in its journal entry. */
function noteUnknownParams(exchange: ExchangeLog, paths: readonly string[]): void {
  exchange.unknownParams(paths);
}

/** Frames of a request that gave a `stream_id` carry it. */
function withStream(frame: Record<string, unknown>, streamId: string | undefined): Record<string, unknown> {
  return streamId === undefined ? frame : { ...frame, stream_id: streamId };
}
