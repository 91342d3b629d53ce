/**
 * The last step before an endpoint, whatever the transport: the request is counted against its key's
 * per-minute budget (the gate's count: the API's 429 past it), every reply is stamped with the key's
 * `x-ratelimit-*` headers as they stand when it goes out (after the response's tokens were charged, so
 * the token headers reflect this request too), and the request's fault is chosen — from the
 * `x-emulator-fault` header, else a queued one (`nextRequestFails`), else from `--chaos` — and noted.
 * The transport performs the fault's action (pipeline/handle.ts for HTTP and in-process, ws/ for WebSocket;
 * faults/fault-action.ts); no fault allocates nothing.
 *
 * `admit` is the step without the reply's headers: a WebSocket frame (ws/frame-socket.ts) has none,
 * and no header of its own. A WebSocket upgrade is not counted (its frames are): it only gets its own
 * header's fault (`upgradeFault`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ANONYMOUS } from '../core/gate/api-keys';
import { FAULT_HEADER, Gate, serveFault, type ChosenFault, type GateDeps } from '../core/gate/gate';
import type { RateLimitHeaders } from '../core/services';
import type { FaultAction } from '../faults/fault-action';
import type { Fault } from '../faults/faults';
import type { ExchangeLog } from '../journal/exchange-log';
import { andThen, isPromise, type MaybePromise } from '../model/maybe-promise';
import type { ArrivingRequest, ReplyChannel } from './context';
import { beforeReply } from './reply';

/** A fault to perform on this exchange, and what it makes the transport do. */
export interface FaultToPerform {
  fault: Fault;
  action: FaultAction;
}

/**
 * Counts an exchange against `key`'s budget for `model` (throws the API's 429 past it), then chooses its
 * fault: `faultHeader` (its own `x-emulator-fault`, when it has one), else a queued one, else chaos;
 * a fault chosen is noted in `exchange`. Throws the API's 400 for a malformed header; null: go on.
 * With budgets and counts shared through Redis it returns a Promise (rejecting with those errors);
 * with the in-memory ones, the answer at once — nothing waits, nothing is reordered.
 */
export type Admit = (key: string, model: string | undefined, faultHeader: unknown, testId: string | null, exchange: ExchangeLog | undefined) => MaybePromise<FaultToPerform | null>;

/** A chosen fault served (noted in `exchange`, when there is one), or null for none. */
function served(chosen: ChosenFault | null, model: string | undefined, exchange: ExchangeLog | undefined): FaultToPerform | null {
  return chosen && { fault: chosen.fault, action: serveFault(chosen.fault, chosen.source, model, exchange) };
}

export function admit(core: GateDeps): Admit {
  const gate = new Gate(core);
  // Written out rather than with andThen: the in-memory path (no Promise) allocates no closure per request.
  const choose = (faultHeader: unknown, testId: string | null, model: string | undefined, exchange: ExchangeLog | undefined): MaybePromise<FaultToPerform | null> => {
    const chosen = gate.chooseFault(faultHeader, testId);
    return isPromise(chosen) ? chosen.then((later) => served(later, model, exchange)) : served(chosen, model, exchange);
  };
  return (key, model, faultHeader, testId, exchange) => {
    const counted = gate.count(key, model ?? 'gpt-4o');
    if (isPromise(counted)) return counted.then(() => choose(faultHeader, testId, model, exchange));
    return choose(faultHeader, testId, model, exchange);
  };
}

/**
 * Throws the API's 429 (over budget) or 400 (a malformed fault header); null: no fault, go on. The
 * budget is the caller's key's, as arrival found it (`locals.apiKey`). A Promise when admission asks
 * Redis (see Admit).
 */
export function admission(core: GateDeps & RateLimitHeaders): (req: ArrivingRequest, res: ReplyChannel) => MaybePromise<FaultToPerform | null> {
  const admitExchange = admit(core);
  return (req, res) => {
    const key = res.locals.apiKey ?? ANONYMOUS;
    beforeReply(res, () => {
      // This process's budgets, or the fleet's through Redis (--store redis://…): the limiter tells.
      const headers = core.rateLimiter.headers(key);
      for (const name in headers) res.setHeader(name, headers[name]);
    });
    return admitExchange(key, modelOf(req.body), req.headers[FAULT_HEADER], testIdOf(req.headers, core), res.locals.exchange);
  };
}

/**
 * A WebSocket upgrade's fault: its own header's only, when it applies (queued and chaos faults are
 * per frame), served with no journal entry to note it in (the upgrade is none; its frames are). Its
 * action is the connection's. Throws the API's 400 for a malformed header.
 */
export function upgradeFault(core: GateDeps): (headers: IncomingHttpHeaders) => MaybePromise<FaultToPerform | null> {
  const gate = new Gate(core);
  return (headers) =>
    andThen(gate.headerFault(headers[FAULT_HEADER], testIdOf(headers, core)), (chosen) => served(chosen, undefined, undefined));
}

/** The test id the request names (`--test-id-header`), if any. */
function testIdOf(headers: IncomingHttpHeaders, core: Pick<GateDeps, 'config'>): string | null {
  const testId = headers[core.config.testIdHeader];
  return typeof testId === 'string' ? testId : null;
}

/** The body's `model`, when it names one (messages quote it). */
export function modelOf(body: unknown): string | undefined {
  const model = (body as { model?: unknown } | null | undefined)?.model;
  return typeof model === 'string' ? model : undefined;
}
