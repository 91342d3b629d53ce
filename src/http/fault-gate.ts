/**
 * Serves injected faults on API routes: from the `x-emulator-fault` header, else a queued one
 * (`nextRequestFails`), else from `--chaos`.
 * HTTP faults answer here (the API's error, a hang, a reset connection) or hold the request
 * (`slow`); stream faults are left in `res.locals.fault` for the route to shape its stream with.
 * Fixture faults arrive later, from the core, as a FaultSignal performed by `performFault`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Emulator } from '../emulator';
import { DEFAULT_SLOW_MS, faultError, isStreamFault, parseFaultHeader, type Fault } from '../faults/faults';
import { FAULT_HEADER } from './control-headers';
import { noteAnswer } from './exchange';
import type { FaultSource } from '../journal/journal';

export function faultGate(emulator: Emulator): RequestHandler {
  return (req, res, next) => {
    const header = req.headers[FAULT_HEADER];
    const testIdHeader = req.headers[emulator.config.testIdHeader];
    const testId = typeof testIdHeader === 'string' ? testIdHeader : null;
    // The header is this request's own say; without one, a queued fault (nextRequestFails) comes before chaos.
    const chosen = typeof header === 'string' ? { fault: parseFaultHeader(header, FAULT_HEADER), source: 'header' as const } : emulator.unaskedFault(testId);
    if (!chosen || (chosen.source === 'header' && !emulator.faultApplies(chosen.fault, testId))) return next();
    performFault(req, res, next, chosen.fault, chosen.source, typeof req.body?.model === 'string' ? req.body.model : undefined);
  };
}

/** Does what a fault says, on an HTTP exchange that has not answered yet. */
export function performFault(req: Request, res: Response, next: NextFunction, fault: Fault, source: FaultSource, model?: string): void {
  // Stream faults and `slow` shape an answer that is still given: who gives it is noted later.
  const shapesAnswer = isStreamFault(fault) || fault.kind === 'slow';
  noteAnswer(res, shapesAnswer ? null : 'fault', { fault: { spec: fault.spec, source } });
  if (isStreamFault(fault)) {
    res.locals.fault = fault;
    return next();
  }
  switch (fault.kind) {
    case 'slow':
      return delayThen(res, fault.delayMs ?? DEFAULT_SLOW_MS, next);
    case 'timeout':
      // Nothing is ever written: the client's own timeout ends the exchange (or server shutdown does).
      return;
    case 'disconnect':
      // A TCP reset before any byte of the reply, like a dropped connection.
      if (typeof req.socket.resetAndDestroy === 'function') req.socket.resetAndDestroy();
      else req.socket.destroy();
      return;
    default:
      next(faultError(fault, model));
  }
}

/** Runs `then` after `ms`, unless the client leaves first. */
export function delayThen(res: Response, ms: number, then: () => void): void {
  const timer = setTimeout(then, ms);
  res.once('close', () => clearTimeout(timer));
}
