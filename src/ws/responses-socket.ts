/**
 * WebSocket mode (`GET /v1/responses` upgraded): the client sends `{type: "response.create", …}`
 * text frames; each response's events go back as JSON frames — the same payloads as SSE `data`, plus
 * `stream_id` when the request gave one. Requests sharing a `stream_id` (a lane) run one after
 * another; lanes run side by side, at most MAX_LANES at once. The socket stays open between
 * responses. Errors are `{type: "error", status, error: {type, code, message, param}}` frames. A
 * connection keeps its latest responses (`store: false` ones too) so a chain can continue on it.
 * A socket that closes stops its in-flight responses, as a dropped SSE stream does.
 *
 * As on HTTP, everything passes the pipeline's steps: the upgrade their arrival's (pipeline/arrival.ts:
 * an allowed host and origin, an accepted API key with `--api-key`); its `x-emulator-fault` header is
 * the connection's fault (pipeline/admission.ts: the upgrade fails, is held, dropped, or every stream
 * on the socket is cut), performed here (`performUpgradeFault`). Each frame (frame-socket.ts) is a
 * journal entry, counts against the key's rate limits, and may get a queued, chaos or fixture fault.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { CanonicalRequest } from '../canonical/request';
import type { GateDeps } from '../core/gate/gate';
import type { ExchangeServices } from '../core/services';
import type { RequestOptions } from '../emulator-types';
import { ApiError, invalidRequest, invalidUrl, serverError } from '../errors';
import { performAction, type FaultAction } from '../faults/fault-action';
import { renderOpenAIError } from '../dialects/openai/dialect';
import { isPromise, type MaybePromise } from '../model/maybe-promise';
import { upgradeFault, type FaultToPerform } from '../pipeline/admission';
import { journaledRequest, upgradeArrival } from '../pipeline/arrival';
import type { Dialect, ErrorRenderer, WebSocketMode } from '../dialects/dialect';
import type { UnknownParamsPolicy } from '../validation/unknown-params';
import { frameSteps, ResponsesSocket, type Connection, type SocketServices } from './frame-socket';

export { MAX_LANES } from './frame-socket';

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

/** The WebSocket side of a server: its open connections, and how to close them all. */
export interface WebSocketEndpoint {
  readonly clients: ReadonlySet<WebSocket>;
  close(): void;
}

/** What WebSocket mode calls in the core: the gate's services, request ids and the clock (a refusal quotes them), the connections'. */
export type WebSocketDeps = GateDeps & Pick<ExchangeServices, 'nextRequestId' | 'clock'> & SocketServices;

/** Serves WebSocket upgrades on the routes' paths; every other upgrade gets a JSON 404. */
export function attachWebSockets(server: Server, core: WebSocketDeps, routes: readonly WsRoute[]): WebSocketEndpoint {
  const arrive = upgradeArrival(core);
  const faultOf = upgradeFault(core);
  const steps = frameSteps(core);
  // The `ws` library is loaded by the first upgrade: most runs never open a WebSocket.
  let wss: WebSocketServer | null = null;
  const webSockets = (): WebSocketServer => {
    if (!wss) {
      const { WebSocketServer: Wss } = require('ws') as typeof import('ws');
      wss = new Wss({ noServer: true, maxPayload: core.config.bodyLimitBytes });
    }
    return wss;
  };
  // Upgrades held by a `timeout` or `slow` fault are no longer the HTTP server's: closed with ours.
  const held = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = req.url ?? '/';
    const path = new URL(url, 'http://localhost').pathname;
    const route = routes.find((r) => r.paths.includes(path));
    if (!route) return refuseUpgrade(socket, invalidUrl(`GET ${path}`), renderOpenAIError, core);
    const refuse = (error: ApiError): void => refuseUpgrade(socket, error, route.dialect.refusal, core);
    const key = arrive(req.headers);
    if (typeof key !== 'string') return refuse(key);
    let options: RequestOptions;
    let fault: MaybePromise<FaultToPerform | null>;
    try {
      options = route.options(req);
      fault = faultOf(req.headers);
    } catch (err) {
      return refuse(err instanceof ApiError ? err : invalidRequest('Invalid upgrade request.'));
    }
    const connection: Connection = { upgrade: journaledRequest({ originalUrl: url, headers: req.headers }), options, rateLimitKey: key };
    const upgrade = (): void => {
      held.delete(socket);
      if (!socket.destroyed) webSockets().handleUpgrade(req, socket, head, (ws) => new ResponsesSocket(ws, core, steps, route.dialect, connection));
    };
    const admitted = (chosen: FaultToPerform | null): void => {
      if (!chosen) return upgrade();
      performUpgradeFault(chosen.action, { socket, held, connection, upgrade, refuse });
    };
    if (!isPromise(fault)) return admitted(fault);
    // A counted fault's use asked of Redis (shared counts): the upgrade goes on when it answers; what
    // fails on the way is refused, and a refusal that fails too cuts the socket (never an unhandled rejection).
    fault
      .then(admitted)
      .catch((err: unknown) => refuse(err instanceof ApiError ? err : serverError()))
      .catch(() => socket.destroy());
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

/** An upgrade on its way, as a fault's action needs it. */
interface PendingUpgrade {
  socket: Duplex;
  /** Sockets held back (by `timeout` or `slow`), destroyed when the server closes. */
  held: Set<Duplex>;
  connection: Connection;
  upgrade(): void;
  refuse(error: ApiError): void;
}

/** A fault's action on a WebSocket upgrade: refused, held forever or for a while, dropped, or every stream cut short. */
function performUpgradeFault(action: FaultAction, pending: PendingUpgrade): void {
  const { socket, held } = pending;
  performAction<void>(action, {
    error: ({ error }) => pending.refuse(error),
    hang: () => {
      held.add(socket);
      socket.once('close', () => held.delete(socket));
    },
    drop: () => void socket.destroy(),
    delay: ({ ms }) => {
      held.add(socket);
      const timer = setTimeout(pending.upgrade, ms);
      socket.once('close', () => {
        clearTimeout(timer);
        held.delete(socket);
      });
    },
    interrupt: ({ interruption }) => {
      pending.connection.options.interruption = interruption;
      pending.upgrade();
    },
  });
}

function refuseUpgrade(socket: Duplex, error: ApiError, render: ErrorRenderer, core: Pick<ExchangeServices, 'nextRequestId' | 'clock'>): void {
  const rendered = render(error, { requestId: core.nextRequestId(), nowMs: core.clock.nowMs() });
  const body = JSON.stringify(rendered.body);
  const extra = Object.entries(rendered.headers ?? {}).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(
    `HTTP/1.1 ${rendered.status} ${STATUS_CODES[rendered.status] ?? 'Error'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}connection: close\r\n\r\n${body}`,
  );
}
