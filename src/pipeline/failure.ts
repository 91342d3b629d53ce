/**
 * What goes wrong in an exchange, whatever the transport, and what it becomes: an ApiError is answered
 * in the caller's dialect; a fixture whose reply is a fault (the answer step throws a FaultSignal) has
 * its fault served (noted in the journal) and its action returned to be performed; a client error
 * Express flagged on an admin page (an error carrying a 4xx `status`, e.g. an undecodable %-escape in
 * a path parameter) is the API's error with that status; anything else is logged and is the generic
 * 500, without details (a WebSocket frame, which has no reply of its own, passes only its journal
 * entry in `locals`). Also how a body that cannot be read is answered.
 */
import { serveFault } from '../core/gate/gate';
import type { ErrorReporting } from '../core/services';
import { ApiError, invalidRequest, serverError } from '../errors';
import { FaultSignal } from '../faults/faults';
import { findExcessiveNesting, MAX_JSON_DEPTH } from '../validation/nesting';
import { segmentsToParam } from '../validation/param-path';
import type { FaultToPerform } from './admission';
import type { ReplyChannel } from './context';

export type Failure = { kind: 'error'; error: ApiError } | ({ kind: 'fault' } & FaultToPerform);

export function failureOf(err: unknown, res: Pick<ReplyChannel, 'locals'>, log: (message: string, error: unknown) => void): Failure {
  if (err instanceof ApiError) return { kind: 'error', error: err };
  if (err instanceof FaultSignal) return { kind: 'fault', fault: err.fault, action: serveFault(err.fault, 'fixture', err.model, res.locals.exchange) };
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { kind: 'error', error: err instanceof URIError ? badPathEncoding(status) : new ApiError(status, 'invalid_request_error', 'Invalid request.', null, null) };
  }
  log('unexpected error', err);
  return { kind: 'error', error: serverError() };
}

/** A path parameter that cannot be percent-decoded. */
export function badPathEncoding(status = 400): ApiError {
  return new ApiError(status, 'invalid_request_error', 'Invalid URL encoding in the request path.', null, null);
}

/** Where an emulator's unexpected errors are reported (they are never sent to the client). */
export function errorLog(core: ErrorReporting): (message: string, error: unknown) => void {
  return (message, error) => core.log.error({ err: error }, message);
}

/**
 * A body that could not be read (src/transport/request-body.ts), as the API answers it: 413 above the
 * size limit, 415 for an encoding or charset it cannot decode, else a 400 saying why. `err.type` is
 * body-parser's name for what went wrong.
 */
export function bodyReadError(err: unknown, limitBytes: number): ApiError {
  const type = (err as { type?: string }).type;
  switch (type) {
    case 'entity.too.large':
      return new ApiError(
        413,
        'invalid_request_error',
        `Request body too large. The maximum request body size is ${limitBytes} bytes.`,
        null,
        'request_too_large',
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'invalid_request_error', `Unsupported body encoding: ${(err as Error).message}.`, null, 'unsupported_content_type');
    default:
      return invalidRequest(`Could not read the request body: ${(err as Error).message}.`);
  }
}

/** A parsed body nested deeper than the API reads: its 400, naming where; null when it is not. */
export function nestingError(body: unknown): ApiError | null {
  const tooDeep = findExcessiveNesting(body);
  if (!tooDeep) return null;
  const param = segmentsToParam(tooDeep);
  return invalidRequest(`Invalid '${param}': the JSON is nested more than ${MAX_JSON_DEPTH} levels deep.`, param, 'invalid_value');
}
