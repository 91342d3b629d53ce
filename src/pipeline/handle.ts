/**
 * One API exchange from arrival to reply, with no HTTP framework — the only orchestration of the API,
 * whatever the transport (the Express adapter src/http/api-adapter.ts, the in-process fetch): arrival
 * (request id, dialect, site checks, journal, caller), routing (src/pipeline/api-routes.ts: an
 * endpoint, or the router's own answers — OPTIONS, 404, 405, a bad escape), the JSON body (read by the
 * transport; 413, 415, the API's 400s, nesting), admission (rate limit, fault choice), the fault's
 * action, the endpoint and its Reply, and any failure on the way (an ApiError in the dialect, a
 * fixture's fault performed, the logged generic 500).
 *
 * The transport gives what only it can do: read the body's bytes, and `drop` the connection (a reset,
 * before or during a reply). A delay is a timer on the reply channel; a hang is doing nothing: the
 * exchange ends when the client leaves (the channel's 'close').
 */
import { hasBody } from '../core/gate/site-checks';
import type { ErrorReporting, RateLimitHeaders, ResponseDelivery, SharedExchanges } from '../core/services';
import type { Endpoint, Reply } from '../dialects/endpoint';
import type { EndpointServices } from '../dialects/dialect';
import { performAction, type FaultAction } from '../faults/fault-action';
import type { Fault } from '../faults/faults';
import { isPromise } from '../model/maybe-promise';
import { admission, type FaultToPerform } from './admission';
import { apiRouter, type Routing } from './api-routes';
import { arrival, type ArrivalDeps } from './arrival';
import type { ArrivingRequest, ReplyChannel } from './context';
import { ExchangeCall } from './exchange-call';
import { badPathEncoding, errorLog, failureOf } from './failure';
import { noteRequestBody } from './journal-notes';
import { parseJsonBody } from './json-body';
import { performReply } from './perform-reply';
import { sendError } from './reply';
import { answerOptions, answerUnknownRoute } from './router-answers';
import { delayThen } from './send-created';
import { storeReads } from './store-reads';

/** Gets a body's text, or the error to answer with instead. */
export type BodyText = (error: unknown, text?: string) => void;

/** A request as it arrived; its body is read only when the exchange needs it. */
export interface PlainRequest extends ArrivingRequest {
  /** Reads the body's text (decompressed and decoded; at most `limitBytes`), once. */
  readBody(limitBytes: number, done: BodyText): void;
  /** The parsed body, once read (the journal reads it when the exchange ends). */
  body?: unknown;
}

/** What only the transport knows of an exchange, or can do to it. */
export interface Transport {
  /** False when the request cannot come from a network or a browser (the in-process fetch): its made-up host name is not checked. */
  readonly checkHost: boolean;
  /** Cuts the connection, like a TCP reset: no reply, or the reply stops where it is. */
  drop(): void;
}

/**
 * An answer in the endpoints' place (the recording proxy: src/record/recording-override.ts). It gets
 * the request with its body read, whatever the route, after admission (rate limit, fault) when
 * `admitted`; it writes the reply itself.
 */
export interface Override {
  admitted: boolean;
  answer(req: PlainRequest, res: ReplyChannel): Promise<void>;
}

/** Given where a request is routed, an override to answer it, or null to answer as routed. */
export type Overrides = (req: PlainRequest, routing: Routing) => Override | null;

export type ApiHandler = (req: PlainRequest, res: ReplyChannel, transport: Transport) => void;

/** What the API's steps call in the core: arrival's (the gate's), the endpoints', admission's, the replies', the error log. */
export type ApiDeps = ArrivalDeps & EndpointServices & RateLimitHeaders & ResponseDelivery & ErrorReporting & SharedExchanges;

export function apiHandler(core: ApiDeps, overrides: Overrides | null = null): ApiHandler {
  const arrive = arrival(core);
  const route = apiRouter(core);
  const admit = admission(core);
  const limit = core.config.bodyLimitBytes;
  const log = errorLog(core);
  return (req, res, transport) => {
    const fail = exchangeFailure(res, transport, log);
    /**
     * Runs a step where no caller catches for it (the body's callback runs on a later turn): whatever
     * it throws is the exchange's failure, and should answering that throw too, the connection is cut.
     */
    const guarded = (step: () => void): void => {
      try {
        step();
      } catch (err) {
        try {
          fail(err);
        } catch {
          transport.drop();
        }
      }
    };
    /** The JSON body, when `reads` and there is one; then `next`. */
    const withBody = (reads: boolean, next: () => void): void => {
      if (!reads || !hasBody(req.headers)) return next();
      req.readBody(limit, (error, text) =>
        guarded(() => {
          if (error) return fail(error);
          const read = parseJsonBody(text!);
          if (!read.ok) return fail(read.error);
          req.body = read.body;
          noteRequestBody(res, read.body);
          next();
        }),
      );
    };
    /** The fault admission chose performed; `proceed` unless the fault answers. */
    const admitted = (chosen: FaultToPerform | null, proceed: () => void): void => {
      if (!chosen) return proceed();
      perform(res, transport, chosen.fault, chosen.action, fail, proceed);
    };
    /**
     * Admission (its 429 or 400 thrown to the guard around it), then `admitted`. When it asks Redis
     * (shared budgets) it goes on once Redis answers, unless the client left meanwhile: then nothing
     * runs, as after a delay.
     */
    const admitThen = (proceed: () => void): void => {
      const chosen = admit(req, res);
      if (!isPromise(chosen)) return admitted(chosen, proceed);
      chosen.then(
        (later) => guarded(() => !res.destroyed && admitted(later, proceed)),
        (err: unknown) => guarded(() => fail(err)),
      );
    };

    /**
     * The endpoint and its reply. With a shared store, the endpoint runs inside its exchange: what it
     * reads is loaded first, and what it changed is written before the reply goes out — unless the
     * client left meanwhile: then nobody gets the reply, and a generation made for it stops (as when
     * a client leaves its stream).
     */
    const answer = (endpoint: Endpoint, params: Record<string, string>): void => {
      const handle = () => endpoint.handle(new ExchangeCall(req, params, res, core));
      if (!core.shared) return performReply(res, core, handle());
      core.shared.exchange(storeReads(endpoint.path, params, req.body), handle).then(
        (reply) => guarded(() => (res.destroyed ? abandonUnsent(core, reply) : performReply(res, core, reply))),
        (err: unknown) => guarded(() => fail(err)),
      );
    };

    guarded(() => {
      const verdict = arrive(req, res, transport.checkHost);
      if (verdict === 'answered') return;
      if (verdict !== null) return fail(verdict);
      const routing = route(req.method, req.path);
      const override = overrides?.(req, routing);
      if (override) {
        const answer = (): void => void override.answer(req, res).catch((err: unknown) => guarded(() => fail(err)));
        return withBody(true, () => (override.admitted ? admitThen(answer) : answer()));
      }
      switch (routing.kind) {
        case 'options':
          return answerOptions(res, routing.allow);
        case 'bad-escape':
          return fail(badPathEncoding());
        case 'unknown':
          return answerUnknownRoute(req, res, routing.allowed);
      }
      const { endpoint, params } = routing;
      withBody(endpoint.body, () => admitThen(() => guarded(() => answer(endpoint, params))));
    });
  };
}

/**
 * The end of an exchange that failed (the final error handler): an error answered in the dialect, a
 * fixture's fault performed; once the reply has started, only the connection can be cut.
 */
export function exchangeFailure(res: ReplyChannel, transport: Pick<Transport, 'drop'>, log: (message: string, error: unknown) => void): (err: unknown) => void {
  const fail = (err: unknown): void => {
    if (res.headersSent) return transport.drop();
    const failure = failureOf(err, res, log);
    if (failure.kind === 'error') return sendError(res, failure.error);
    // A fixture whose reply is a fault: its action, with nothing left to run after it.
    perform(res, transport, failure.fault, failure.action, fail, () => undefined);
  };
  return fail;
}

/** A reply nobody will receive: a generation started for it stops (a background one runs on: it was asked to). */
function abandonUnsent(core: Pick<ResponseDelivery, 'abandon'>, reply: Reply): void {
  if (reply.kind === 'created' && reply.created.generation && !reply.request.background) core.abandon(reply.created.generation);
}

/** A fault's action on an exchange that has not answered yet; `proceed` goes on with the request. */
function perform(res: ReplyChannel, transport: Pick<Transport, 'drop'>, fault: Fault, action: FaultAction, fail: (err: unknown) => void, proceed: () => void): void {
  performAction<void>(action, {
    error: ({ error }) => fail(error),
    // Nothing is ever written: the client's own timeout (or its abort, or server shutdown) ends the exchange.
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
