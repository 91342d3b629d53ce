/**
 * Faults on HTTP: the pipeline chooses the fault of each API request (src/pipeline/admission.ts) and a
 * fixture's fault arrives later, from the core, as a FaultSignal (middleware.ts). Either way the
 * fault's action is performed here, once: an error is the API's answer, a hang writes nothing, a
 * drop resets the connection, a delay holds the request, and an interruption is left in
 * `res.locals.fault` for the route to shape its stream with.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Emulator } from '../emulator';
import { performAction, type FaultAction } from '../faults/fault-action';
import type { Fault } from '../faults/faults';
import { admission } from '../pipeline/admission';
import { delayThen } from '../pipeline/send-created';

/** The admission step as Express middleware: the rate limit, then the fault (performed here). */
export function admissionGate(emulator: Emulator): RequestHandler {
  const admit = admission(emulator);
  return (req, res, next) => {
    let chosen;
    try {
      chosen = admit(req, res);
    } catch (error) {
      return next(error);
    }
    if (!chosen) return next();
    performFault(req, res, next, chosen.fault, chosen.action);
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
