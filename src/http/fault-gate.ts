/**
 * Faults on HTTP: the gate (core/gate/gate.ts) chooses the fault of each API request — from the
 * `x-emulator-fault` header, else a queued one (`nextRequestFails`), else from `--chaos` — and a
 * fixture's fault arrives later, from the core, as a FaultSignal (middleware.ts). Either way the
 * fault's action is performed here, once: an error is the API's answer, a hang writes nothing, a
 * drop resets the connection, a delay holds the request, and an interruption is left in
 * `res.locals.fault` for the route to shape its stream with.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { FAULT_HEADER, Gate, serveFault } from '../core/gate/gate';
import type { Emulator } from '../emulator';
import { performAction, type FaultAction } from '../faults/fault-action';
import type { Fault } from '../faults/faults';
import { exchangeOf } from './exchange';

export function faultGate(emulator: Emulator): RequestHandler {
  const gate = new Gate(emulator);
  return (req, res, next) => {
    const testIdHeader = req.headers[emulator.config.testIdHeader];
    const chosen = gate.chooseFault(req.headers[FAULT_HEADER], typeof testIdHeader === 'string' ? testIdHeader : null);
    if (!chosen) return next();
    const model = typeof req.body?.model === 'string' ? req.body.model : undefined;
    performFault(req, res, next, chosen.fault, serveFault(chosen.fault, chosen.source, model, exchangeOf(res)));
  };
}

/** Does what a fault's action says, on an HTTP exchange that has not answered yet (`next(error)` answers with an error). */
export function performFault(req: Request, res: Response, next: NextFunction, fault: Fault, action: FaultAction): void {
  performAction<void>(action, {
    error: ({ error }) => next(error),
    // Nothing is ever written: the client's own timeout ends the exchange (or server shutdown does).
    hang: () => undefined,
    // A TCP reset before any byte of the reply, like a dropped connection.
    drop: () => {
      if (typeof req.socket.resetAndDestroy === 'function') req.socket.resetAndDestroy();
      else req.socket.destroy();
    },
    delay: ({ ms }) => delayThen(res, ms, next),
    interrupt: () => {
      // The route reads it (request-options.ts) to cut its stream short.
      res.locals.fault = fault;
      next();
    },
  });
}

/** Runs `then` after `ms`, unless the client leaves first. */
export function delayThen(res: Response, ms: number, then: () => void): void {
  const timer = setTimeout(then, ms);
  res.once('close', () => clearTimeout(timer));
}
