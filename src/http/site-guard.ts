/**
 * The HTTP side of the site checks (see site-checks.ts): the admin routes answer only this machine's
 * names and their own origin, never CORS; the API routes also answer the origins listed with
 * `--cors-origins`, with CORS headers and preflight. Requests through the in-process transport are
 * not from a network or a browser: their made-up host name is not checked.
 */
import type { RequestHandler, Response } from 'express';
import type { Emulator } from '../emulator';
import { isInProcessSocket } from '../transport/in-process-fetch';
import { contentTypeError, hostNotAllowed, isAllowedHost, originNotAllowed, originVerdict } from './site-checks';

/** How long a browser may cache a preflight's answer (seconds). */
const PREFLIGHT_MAX_AGE_S = 600;
const CORS_METHODS = 'GET, POST, DELETE, OPTIONS';

export function adminSiteGuard(emulator: Emulator): RequestHandler {
  return (req, _res, next) => {
    const config = emulator.config;
    const host = req.headers.host;
    if (host !== undefined && !isInProcessSocket(req.socket) && !isAllowedHost(host, config)) return next(hostNotAllowed(host));
    const origin = originVerdict(req.headers, config);
    if (origin === 'foreign' || origin === 'listed') return next(originNotAllowed(String(req.headers.origin), true));
    next(contentTypeError(req.headers) ?? undefined);
  };
}

export function apiSiteGuard(emulator: Emulator): RequestHandler {
  return (req, res, next) => {
    const config = emulator.config;
    const host = req.headers.host;
    if (host !== undefined && !isInProcessSocket(req.socket) && !isAllowedHost(host, config)) return next(hostNotAllowed(host));
    const origin = originVerdict(req.headers, config);
    if (origin === 'foreign') return next(originNotAllowed(String(req.headers.origin), false));
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
