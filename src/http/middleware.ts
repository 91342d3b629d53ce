/**
 * The ends of the admin pages' Express routes (the API's are the pipeline's own: src/pipeline/):
 * unknown routes and the final error handler. Neither ever answers with HTML or a stack trace.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorReporting } from '../core/services';
import { errorLog } from '../pipeline/failure';
import { exchangeFailure } from '../pipeline/handle';
import { answerUnknownRoute } from '../pipeline/router-answers';

/** The 404 "Invalid URL (METHOD /path)". */
export function unknownRoute(): RequestHandler {
  return (req, res) => answerUnknownRoute(req, res, []);
}

/** Last stop: API errors in their dialect's shape; anything else a logged generic 500 without details. */
export function errorHandler(core: ErrorReporting): ErrorRequestHandler {
  const log = errorLog(core);
  return (err, _req, res, _next) => exchangeFailure(res, { drop: () => res.destroy() }, log)(err);
}
