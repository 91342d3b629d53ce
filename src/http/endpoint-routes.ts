/**
 * The one Express adapter for endpoint tables (src/dialects/endpoint.ts). `apiEndpoints` answers every
 * request the pipeline's route matching finds an endpoint for, in one middleware (body parser, gate,
 * handler; no router walked); the same endpoints also become routes of each dialect's route table, for
 * what only a router answers (HEAD, OPTIONS, 405, a bad escape) and for the recording proxy's overrides.
 * The handler hands the endpoint an HTTP call and performs the Reply it returns.
 */
import type { Request, RequestHandler, Response } from 'express';
import { isRecording } from '../config';
import type { Endpoint } from '../dialects/endpoint';
import type { Emulator } from '../emulator';
import { ExchangeCall } from '../pipeline/exchange-call';
import { performReply } from '../pipeline/perform-reply';
import { apiRouter } from '../pipeline/api-routes';
import { admissionGate } from './fault-gate';
import { jsonBody } from './middleware';
import { routeTable, type DialectRoutes, type RouteTable } from './route-table';

/** An HTTP request as an endpoint sees it (one small object per request; everything else is read on demand). */
class HttpCall extends ExchangeCall {
  constructor(
    protected override readonly req: Request,
    res: Response,
    emulator: Emulator,
    /** Found by the pipeline's route matching (apiEndpoints); else Express's own. */
    private readonly matchedParams?: Record<string, string>,
  ) {
    super(req, res, emulator);
  }

  get params(): Record<string, string> {
    return this.matchedParams ?? (this.req.params as Record<string, string>);
  }

  get query(): Record<string, unknown> {
    return this.req.query as Record<string, unknown>;
  }

  get body(): unknown {
    return this.req.body;
  }
}

/**
 * Every API endpoint as ONE Express middleware: the pipeline's route matching (src/pipeline/api-routes.ts,
 * the same tables in the same order as the routers below it) finds the endpoint, then the body parser,
 * the gate and the handler run as the endpoint's route would run them — no router is walked. What it
 * does not match (unknown paths and methods, HEAD, OPTIONS, a bad escape) and every request while the
 * recording proxy is on fall through to the routers, whose answers those are.
 */
export function apiEndpoints(emulator: Emulator): RequestHandler {
  const route = apiRouter(emulator);
  const body = jsonBody(emulator.config.bodyLimitBytes);
  const gate = admissionGate(emulator);
  const recording = isRecording(emulator.config);
  return (req, res, next) => {
    if (recording) return next();
    const match = route(req.method, req.path);
    if (!match) return next();
    const handle = (error?: unknown): void => {
      if (error !== undefined) return next(error);
      try {
        answerEndpoint(emulator, match.endpoint, req, res, match.params);
      } catch (err) {
        next(err);
      }
    };
    const admit = (error?: unknown): void => {
      if (error !== undefined) return next(error);
      gate(req, res, handle);
    };
    if (match.endpoint.body) body(req, res, admit);
    else admit();
  };
}

/** The Express handler of one endpoint. */
export function endpointHandler(emulator: Emulator, endpoint: Endpoint): RequestHandler {
  return (req, res) => answerEndpoint(emulator, endpoint, req, res);
}

/** Hands the endpoint an HTTP call and performs its Reply; `params` when the pipeline's matching found them. */
function answerEndpoint(emulator: Emulator, endpoint: Endpoint, req: Request, res: Response, params?: Record<string, string>): void {
  performReply(res, emulator, endpoint.handle(new HttpCall(req, res, emulator, params)));
}

/**
 * Adds every endpoint to a route table, in order; `overrides` (by `METHOD path`, e.g. `POST /responses`)
 * replaces an endpoint's handler with a transport-only one (the recording proxy's).
 */
export function addEndpoints(table: RouteTable, emulator: Emulator, endpoints: readonly Endpoint[], overrides: Readonly<Record<string, RequestHandler>> = {}): void {
  const body = jsonBody(emulator.config.bodyLimitBytes);
  for (const endpoint of endpoints) {
    const handler = overrides[`${endpoint.method.toUpperCase()} ${endpoint.path}`] ?? endpointHandler(emulator, endpoint);
    if (endpoint.body) table.add(endpoint.method, endpoint.path, body, handler);
    else table.add(endpoint.method, endpoint.path, handler);
  }
}

/** A router serving endpoints; `mountedAt`: the regex source of the prefixes it is served under. */
export function endpointRoutes(emulator: Emulator, endpoints: readonly Endpoint[], mountedAt?: string): DialectRoutes {
  const table = routeTable(emulator, mountedAt);
  addEndpoints(table, emulator, endpoints);
  return { router: table.router, routes: table.routes };
}
