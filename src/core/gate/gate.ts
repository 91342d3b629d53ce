/**
 * The gate every API exchange passes, whatever its transport (the API pipeline, the WebSocket
 * upgrade and each of its frames): the site checks (host, origin), the caller's key (the 401), its
 * rate-limit budget (the 429), the fault it gets (its own header, a queued one, a chaos draw, or a
 * fixture's) and the journal entry that records all of it. An API exchange reaches it through the
 * pipeline's steps (pipeline/arrival.ts, admission.ts, failure.ts) on every transport, so each asks
 * it the same questions in the same order. The gate decides; the transports perform
 * its verdicts — an ApiError to answer with, or a fault's action (faults/fault-action.ts), performed
 * once per transport: pipeline/handle.ts (HTTP and the in-process fetch), ws/responses-socket.ts (the
 * upgrade), ws/frame-socket.ts (a frame). Nothing here knows Express or `ws`: callers hand in plain
 * headers and values, and a verdict that lets the request through allocates nothing.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { GateServices } from '../services';
import type { ApiError } from '../../errors';
import { andThen, type MaybePromise } from '../../model/maybe-promise';
import { shapesAnswer, type FaultAction } from '../../faults/fault-action';
import { faultAction, parseFaultHeader, type Fault } from '../../faults/faults';
import { ExchangeLog } from '../../journal/exchange-log';
import type { FaultSource } from '../../journal/journal';
import { ANONYMOUS, apiKeyOf, authError } from './api-keys';
import { hostNotAllowed, isAllowedHost, originNotAllowed, originVerdict, type OriginVerdict } from './site-checks';

/** Makes this request fail: `<kind>[;key=value…]` (see src/faults/faults.ts). */
export const FAULT_HEADER = 'x-emulator-fault';

/** A fault chosen for a request, and where it came from (shown in the journal). */
export interface ChosenFault {
  fault: Fault;
  source: FaultSource;
}

/** Which routes a request is for: the API (listed origins get CORS) or the admin pages (own origin only). */
export type GateScope = 'api' | 'admin';

/**
 * What the gate is built on: its own services, and what the journal entries it opens are written
 * with (whatever ExchangeLog's constructor takes).
 */
export type GateDeps = GateServices & ConstructorParameters<typeof ExchangeLog>[0];

export class Gate {
  /** The Host header last judged, under which config, and its verdict: a client sends the same one on every request. */
  private lastHost: string | undefined;
  private lastHostConfig: GateDeps['config'] | undefined;
  private lastHostAllowed = false;

  constructor(private readonly core: GateDeps) {}

  /**
   * Host and origin: the refusal, or how the origin stands (a listed one gets CORS on HTTP).
   * `checkHost` is false for the in-process transport, whose host name is made up.
   */
  site(headers: IncomingHttpHeaders, scope: GateScope, checkHost: boolean): ApiError | OriginVerdict {
    const config = this.core.config;
    const host = headers.host;
    if (checkHost && host !== undefined && !this.allowedHost(host, config)) return hostNotAllowed(host);
    const origin = originVerdict(headers, config);
    if (origin === 'foreign' || (scope === 'admin' && origin === 'listed')) return originNotAllowed(String(headers.origin), scope === 'admin');
    return origin;
  }

  private allowedHost(host: string, config: GateDeps['config']): boolean {
    if (host !== this.lastHost || config !== this.lastHostConfig) {
      this.lastHostAllowed = isAllowedHost(host, config);
      this.lastHost = host;
      this.lastHostConfig = config;
    }
    return this.lastHostAllowed;
  }

  /** The key whose budget the caller spends (ANONYMOUS when it sent none), or the API's 401. */
  caller(headers: IncomingHttpHeaders): string | ApiError {
    const key = apiKeyOf(headers);
    return authError(this.core.config.apiKeys, key) ?? key ?? ANONYMOUS;
  }

  /**
   * Counts one request against the key's per-minute budget; throws the API's 429 past it (or, with
   * budgets shared through Redis, returns a Promise that rejects with it).
   */
  count(key: string, model: string): MaybePromise<void> {
    return this.core.rateLimiter.takeRequest(key, model);
  }

  /**
   * The fault a request gets: its own `x-emulator-fault` header's (when it applies: `count=N`), or,
   * without a header, a queued one (nextRequestFails) before a chaos draw. A WebSocket frame has no
   * header of its own (pass undefined): its upgrade's is the connection's. Throws the API's 400 for a
   * malformed header. A Promise when a counted fault's use is asked of Redis.
   */
  chooseFault(ownHeader: unknown, testId: string | null): MaybePromise<ChosenFault | null> {
    return typeof ownHeader === 'string' ? this.headerFault(ownHeader, testId) : this.core.unaskedFault(testId);
  }

  /** The header's fault only, when it applies (a WebSocket upgrade: queued and chaos faults are per frame). */
  headerFault(header: unknown, testId: string | null): MaybePromise<ChosenFault | null> {
    if (typeof header !== 'string') return null;
    const fault = parseFaultHeader(header, FAULT_HEADER);
    return andThen(this.core.faultApplies(fault, testId), (applies): ChosenFault | null => (applies ? { fault, source: 'header' } : null));
  }

  /** A journal entry for an exchange that has just arrived. */
  open(id: string, method: string, path: string, headers: IncomingHttpHeaders, dialect: string): ExchangeLog {
    return new ExchangeLog(this.core, id, method, path, headers, dialect);
  }
}

/**
 * A fault about to be performed: noted in the exchange's journal entry (when it has one), and its
 * action returned for the transport to perform. `model` names the request's model in messages.
 */
export function serveFault(fault: Fault, source: FaultSource, model: string | undefined, exchange: ExchangeLog | undefined): FaultAction {
  const action = faultAction(fault, model);
  // A delay or a cut stream still gives the answer: who gives it is noted later.
  exchange?.answer(shapesAnswer(action) ? null : 'fault', { fault: { spec: fault.spec, source } });
  return action;
}
