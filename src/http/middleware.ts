/**
 * Cross-cutting HTTP middleware: request identity and headers, JSON bodies, unknown routes and the
 * final error handler. None of it ever answers with HTML or a stack trace.
 */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Emulator } from '../emulator';
import { ApiError, invalidUrl } from '../errors';
import { contentTypeError, hasBody } from '../core/gate/site-checks';
import { arrival } from '../pipeline/arrival';
import { bodyReadError, failureOf, nestingError } from '../pipeline/failure';
import { noteRequestBody } from '../pipeline/journal-notes';
import { sendError } from '../pipeline/reply';
import { isInProcessSocket } from '../transport/memory-socket';
import { performFault } from './fault-gate';

/** The pipeline's arrival steps (request id, dialect, site checks, journal, caller) as one Express middleware. */
export function apiArrival(emulator: Emulator): RequestHandler {
  const arrive = arrival(emulator);
  return (req, res, next) => {
    let verdict;
    try {
      verdict = arrive(req, res, !isInProcessSocket(req.socket));
    } catch (error) {
      return next(error);
    }
    if (verdict === null) return next();
    if (verdict !== 'answered') next(verdict);
  };
}

/**
 * Parses a JSON body, answering like the API when it cannot: 400 for malformed JSON, 413 above the
 * size limit, 400 `unsupported_content_type` for a body not declared JSON. A request without a body gets `req.body === undefined`.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, strict: false, type: () => true });
  return (req, res, next) => {
    if (!hasBody(req.headers)) {
      req.body = undefined;
      return next();
    }
    // Checked for every API request on arrival too (the pipeline's arrival step); here for any router mounted without it.
    const wrongType = contentTypeError(req.headers);
    if (wrongType) return next(wrongType);
    parse(req, res, (err?: unknown) => {
      if (err !== undefined) return next(bodyReadError(err, limitBytes));
      const tooDeep = nestingError(req.body);
      if (tooDeep) return next(tooDeep);
      noteRequestBody(res, req.body);
      next();
    });
  };
}

/** A route the server knows: its path pattern and the methods it answers. */
export interface KnownRoute {
  pattern: RegExp;
  methods: string[];
}

/** `/responses/:id/cancel` → a RegExp matching the path under the prefix (by default: with or without `/v1`). */
export function routePattern(path: string, prefix = '(?:/v1)?'): RegExp {
  const body = path.replace(/:[A-Za-z_]+/g, '[^/]+');
  return new RegExp(`^${prefix}${body}/?$`);
}

/** Unknown paths: 404 "Invalid URL"; a known path with the wrong method: 405 with `Allow`. */
export function unknownRoute(routes: readonly KnownRoute[]): RequestHandler {
  return (req, res) => {
    const path = req.path;
    const label = `${req.method} ${req.originalUrl.split('?')[0]}`;
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))];
    if (allowed.length > 0) {
      res.setHeader('allow', allowed.join(', '));
      return sendError(res, new ApiError(405, 'invalid_request_error', `Invalid method for URL (${label}).`, null, 'method_not_allowed'));
    }
    sendError(res, invalidUrl(label));
  };
}

/** Last stop: API errors in their dialect's shape, a fixture's fault performed; anything else a generic 500 without details. */
export function errorHandler(log: (message: string, error: unknown) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const failure = failureOf(err, res, log);
    if (failure.kind === 'error') return sendError(res, failure.error);
    // A fixture whose reply is a fault: performed here, where the connection is at hand.
    performFault(req, res, (e?: unknown) => e instanceof ApiError && sendError(res, e), failure.fault, failure.action);
  };
}
