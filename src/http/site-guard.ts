/**
 * The HTTP side of the gate's site checks (core/gate/site-checks.ts): the admin routes answer only
 * this machine's names and their own origin, never CORS; the API routes also answer the origins
 * listed with `--cors-origins`, with CORS headers and preflight. Requests through the in-process
 * transport are not from a network or a browser: their made-up host name is not checked.
 */
import type { RequestHandler, Response } from 'express';
import { Gate, type GateScope } from '../core/gate/gate';
import { contentTypeError } from '../core/gate/site-checks';
import type { Emulator } from '../emulator';
import { isInProcessSocket } from '../transport/in-process-fetch';

/** How long a browser may cache a preflight's answer (seconds). */
const PREFLIGHT_MAX_AGE_S = 600;
const CORS_METHODS = 'GET, POST, DELETE, OPTIONS';

export function adminSiteGuard(emulator: Emulator): RequestHandler {
  return siteGuard(emulator, 'admin');
}

export function apiSiteGuard(emulator: Emulator): RequestHandler {
  return siteGuard(emulator, 'api');
}

function siteGuard(emulator: Emulator, scope: GateScope): RequestHandler {
  const gate = new Gate(emulator);
  return (req, res, next) => {
    const origin = gate.site(req.headers, scope, !isInProcessSocket(req.socket));
    if (typeof origin !== 'string') return next(origin);
    // Only the API's routes get here with a listed origin (the admin's refuse it).
    if (origin === 'listed') {
      allowOrigin(res, String(req.headers.origin));
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) return preflight(req.headers['access-control-request-headers'], res);
    }
    next(contentTypeError(req.headers) ?? undefined);
  };
}

/** A listed origin may read every answer, errors included, and the API's headers. */
function allowOrigin(res: Response, origin: string): void {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', '*');
  res.setHeader('vary', 'Origin');
}

function preflight(requestedHeaders: string | undefined, res: Response): void {
  res.statusCode = 204;
  res.setHeader('access-control-allow-methods', CORS_METHODS);
  if (requestedHeaders) res.setHeader('access-control-allow-headers', requestedHeaders.slice(0, 4096));
  res.setHeader('access-control-max-age', String(PREFLIGHT_MAX_AGE_S));
  res.end();
}
