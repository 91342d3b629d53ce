/** Which dialect answers an HTTP request, chosen by path before anything else can fail. */
import type { RequestHandler, Response } from 'express';
import type { Dialect, ErrorContext } from '../dialects/dialect';
import { DIALECTS, dialectOfPath } from '../dialects/registry';
import type { Emulator } from '../emulator';

/**
 * Picks the request's dialect and sets it up on the reply: its headers, its error renderer (used by
 * `sendError`), what its errors may quote (request id, the emulator's clock).
 */
export function selectDialect(emulator: Emulator): RequestHandler {
  return (req, res, next) => {
    const dialect = DIALECTS[dialectOfPath(req.path, emulator.config)];
    res.locals.dialect = dialect;
    res.locals.errorContext = (): ErrorContext => ({ requestId: String(res.getHeader('x-request-id') ?? ''), nowMs: emulator.clock.nowMs() });
    for (const name in dialect.headers) res.setHeader(name, dialect.headers[name]);
    next();
  };
}

export function dialectOf(res: Response): Dialect | undefined {
  return res.locals.dialect;
}
