/**
 * What the router answers itself when no endpoint takes a request (src/pipeline/api-routes.ts says
 * which): the automatic OPTIONS answer Express's router gave (`Allow` and the same list as plain
 * text; no CORS here, a preflight is answered on arrival), and for any other method the 404 "Invalid
 * URL (METHOD /path)" or, on a known path, the 405 with `Allow` — both in the caller's dialect.
 */
import { ApiError, invalidUrl } from '../errors';
import type { ArrivingRequest, ReplyChannel } from './context';
import { sendError } from './reply';

export function answerOptions(res: ReplyChannel, allow: string): void {
  res.setHeader('Allow', allow);
  res.setHeader('Content-Length', Buffer.byteLength(allow));
  res.setHeader('Content-Type', 'text/plain');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(allow);
}

/** `allowed`: the methods known routes have on the path (none: the 404). */
export function answerUnknownRoute(req: ArrivingRequest, res: ReplyChannel, allowed: readonly string[]): void {
  const label = `${req.method} ${req.originalUrl.split('?')[0]}`;
  if (allowed.length === 0) return sendError(res, invalidUrl(label));
  res.setHeader('allow', allowed.join(', '));
  sendError(res, new ApiError(405, 'invalid_request_error', `Invalid method for URL (${label}).`, null, 'method_not_allowed'));
}
