/**
 * The one Express adapter for endpoint tables (src/dialects/endpoint.ts): each endpoint becomes a
 * route of the dialect's route table (body parser, then the gate, then the handler); the handler
 * hands the endpoint an HTTP call and performs the Reply it returns. No dialect has routes of its own.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Call, Endpoint } from '../dialects/endpoint';
import type { Emulator, RequestOptions } from '../emulator';
import type { UnknownParamsPolicy } from '../validation/unknown-params';
import { noteAnswer, unknownParamsPolicy } from '../pipeline/journal-notes';
import { requestOptions } from '../pipeline/request-options';
import { performReply } from '../pipeline/perform-reply';
import { jsonBody } from './middleware';
import { routeTable, type DialectRoutes, type RouteTable } from './route-table';

/** An HTTP request as an endpoint sees it (one small object per request; everything else is read on demand). */
class HttpCall implements Call {
  constructor(
    private readonly req: Request,
    private readonly res: Response,
    private readonly emulator: Emulator,
  ) {}

  get params(): Record<string, string> {
    return this.req.params as Record<string, string>;
  }

  get query(): Record<string, unknown> {
    return this.req.query as Record<string, unknown>;
  }

  get body(): unknown {
    return this.req.body;
  }

  policy(): UnknownParamsPolicy {
    return unknownParamsPolicy(this.emulator, this.res);
  }

  options(): RequestOptions {
    return requestOptions(this.req, this.res.locals);
  }

  answeredFromStore(responseId: string): void {
    noteAnswer(this.res, 'store', { responseId });
  }
}

/** The Express handler of one endpoint. */
export function endpointHandler(emulator: Emulator, endpoint: Endpoint): RequestHandler {
  return (req, res) => performReply(res, emulator, endpoint.handle(new HttpCall(req, res, emulator)));
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
