/**
 * The gate's site checks (core/gate/site-checks.ts) for the admin pages: they answer only this
 * machine's host names and their own origin, never CORS. (The API's own checks, with the origins
 * listed with `--cors-origins`, CORS headers and preflight, are a step of the pipeline's arrival:
 * src/pipeline/arrival.ts.) Requests through the in-process transport are not from a network or a
 * browser: their made-up host name is not checked.
 */
import type { RequestHandler } from 'express';
import { Gate, type GateDeps } from '../core/gate/gate';
import { contentTypeError } from '../core/gate/site-checks';
import { isInProcessSocket } from '../transport/memory-socket';

export function adminSiteGuard(core: GateDeps): RequestHandler {
  const gate = new Gate(core);
  return (req, res, next) => {
    const origin = gate.site(req.headers, 'admin', !isInProcessSocket(req.socket));
    if (typeof origin !== 'string') return next(origin);
    next(contentTypeError(req.headers) ?? undefined);
  };
}
