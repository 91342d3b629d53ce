/**
 * The last step before an endpoint, whatever the transport: the request is counted against its key's
 * per-minute budget (the gate's count: the API's 429 past it), every reply is stamped with the key's
 * `x-ratelimit-*` headers as they stand when it goes out (after the response's tokens were charged, so
 * the token headers reflect this request too), and the request's fault is chosen — from the
 * `x-emulator-fault` header, else a queued one (`nextRequestFails`), else from `--chaos` — and noted.
 * The pipeline performs the fault's action (handle.ts; faults/fault-action.ts); no fault allocates nothing.
 */
import { ANONYMOUS } from '../core/gate/api-keys';
import { FAULT_HEADER, Gate, serveFault } from '../core/gate/gate';
import type { Emulator } from '../emulator';
import type { FaultAction } from '../faults/fault-action';
import type { Fault } from '../faults/faults';
import type { ArrivingRequest, ReplyChannel } from './context';
import { beforeReply } from './reply';

/** A fault to perform on this exchange, and what it makes the transport do. */
export interface FaultToPerform {
  fault: Fault;
  action: FaultAction;
}

/** Throws the API's 429 (over budget) or 400 (a malformed fault header); null: no fault, go on. */
export function admission(emulator: Emulator): (req: ArrivingRequest, res: ReplyChannel) => FaultToPerform | null {
  const limiter = emulator.rateLimiter;
  const gate = new Gate(emulator);
  return (req, res) => {
    const key = res.locals.apiKey ?? ANONYMOUS;
    res.locals.rateLimitKey = key;
    beforeReply(res, () => {
      const headers = limiter.headers(key);
      for (const name in headers) res.setHeader(name, headers[name]);
    });
    const model = modelOf(req.body);
    gate.count(key, model ?? 'gpt-4o');
    const testIdHeader = req.headers[emulator.config.testIdHeader];
    const chosen = gate.chooseFault(req.headers[FAULT_HEADER], typeof testIdHeader === 'string' ? testIdHeader : null);
    if (!chosen) return null;
    return { fault: chosen.fault, action: serveFault(chosen.fault, chosen.source, model, res.locals.exchange) };
  };
}

/** The body's `model`, when it names one (messages quote it). */
export function modelOf(body: unknown): string | undefined {
  const model = (body as { model?: unknown } | null | undefined)?.model;
  return typeof model === 'string' ? model : undefined;
}
