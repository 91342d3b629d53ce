/**
 * One API exchange from arrival to reply, with no HTTP framework: the steps the Express app runs as
 * middleware and routes, in the same order and with the same answers — arrival (request id, dialect,
 * site checks, journal, caller), the JSON body (413, the API's 400, nesting), admission (rate limit,
 * fault choice), the fault's action, the endpoint and its Reply, and any failure on the way (an
 * ApiError in the dialect, a fixture's fault performed, the logged generic 500). The in-process fetch
 * calls it for every request `apiRouter` matches (src/transport/in-process-fetch.ts).
 *
 * The transport gives what only it can do: `drop` the connection (a reset, before or during a reply).
 * A hang is doing nothing: the exchange ends when the client leaves (the channel's 'close').
 */
import { ExchangeCall } from './exchange-call';
import { parse as parseQuery } from 'qs';
import type { IncomingHttpHeaders } from 'node:http';
import { hasBody } from '../core/gate/site-checks';
import type { Emulator } from '../emulator';
import { performAction, type FaultAction } from '../faults/fault-action';
import type { Fault } from '../faults/faults';
import { admission } from './admission';
import type { RouteMatch } from './api-routes';
import { arrival } from './arrival';
import type { ArrivingRequest, ReplyChannel } from './context';
import { failureOf } from './failure';
import { noteRequestBody } from './journal-notes';
import { readJsonBody } from './json-body';
import { performReply } from './perform-reply';
import { sendError } from './reply';
import { delayThen } from './send-created';

/** A request as it arrived, with its body's bytes (null without a body). */
export interface PlainRequest extends ArrivingRequest {
  /** The query string, without its `?`. */
  readonly search: string;
  readonly bodyBytes: Uint8Array | null;
  /** The parsed body, once read (the journal reads it when the exchange ends). */
  body?: unknown;
}

/** What only the transport can do to an exchange. */
export interface TransportActions {
  /** Cuts the connection, like a TCP reset: no reply, or the reply stops where it is. */
  drop(): void;
}

export type ApiHandler = (req: PlainRequest, route: RouteMatch, res: ReplyChannel, transport: TransportActions) => void;

export function apiHandler(emulator: Emulator, log: (message: string, error: unknown) => void): ApiHandler {
  const arrive = arrival(emulator);
  const admit = admission(emulator);
  const limit = emulator.config.bodyLimitBytes;
  return (req, route, res, transport) => {
    // Express's final error handler: after the first byte only the connection can be cut.
    const fail = (err: unknown): void => {
      if (res.headersSent) return transport.drop();
      const failure = failureOf(err, res, log);
      if (failure.kind === 'error') return sendError(res, failure.error);
      // A fixture whose reply is a fault: its action, with nothing left to run after it.
      perform(res, transport, failure.fault, failure.action, fail, () => undefined);
    };
    const run = (): void => {
      try {
        performReply(res, emulator, route.endpoint.handle(new PipelineCall(req, route.params, res, emulator)));
      } catch (err) {
        fail(err);
      }
    };

    let verdict;
    try {
      verdict = arrive(req, res, false);
    } catch (err) {
      return fail(err);
    }
    if (verdict === 'answered') return;
    if (verdict !== null) return fail(verdict);

    // The content type was checked on arrival; a request without a body has none (`undefined`).
    if (route.endpoint.body && req.bodyBytes !== null && hasBody(req.headers)) {
      try {
        const read = readJsonBody(req.bodyBytes, limit);
        if (!read.ok) return fail(read.error);
        req.body = read.body;
        noteRequestBody(res, read.body);
      } catch (err) {
        return fail(err);
      }
    }

    let chosen;
    try {
      chosen = admit(req, res);
    } catch (err) {
      return fail(err);
    }
    if (!chosen) return run();
    perform(res, transport, chosen.fault, chosen.action, fail, run);
  };
}

/** A fault's action on an exchange that has not answered yet; `proceed` goes on with the request. */
function perform(res: ReplyChannel, transport: TransportActions, fault: Fault, action: FaultAction, fail: (err: unknown) => void, proceed: () => void): void {
  performAction<void>(action, {
    error: ({ error }) => fail(error),
    // Nothing is ever written: the client's own timeout (an abort) ends the exchange.
    hang: () => undefined,
    drop: () => transport.drop(),
    delay: ({ ms }) => delayThen(res, ms, proceed),
    interrupt: () => {
      // The endpoint reads it (request-options.ts) to cut its stream short.
      res.locals.fault = fault;
      proceed();
    },
  });
}

/** A request as an endpoint sees it; the query is parsed as Express's "extended" parser does (qs), on first use. */
class PipelineCall extends ExchangeCall {
  private parsedQuery: Record<string, unknown> | undefined;

  constructor(
    protected override readonly req: PlainRequest & { headers: IncomingHttpHeaders },
    readonly params: Record<string, string>,
    res: ReplyChannel,
    emulator: Emulator,
  ) {
    super(req, res, emulator);
  }

  get query(): Record<string, unknown> {
    return (this.parsedQuery ??= parseQuery(this.req.search, { allowPrototypes: true }) as Record<string, unknown>);
  }

  get body(): unknown {
    return this.req.body;
  }
}
