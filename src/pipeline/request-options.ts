/**
 * The options one request gives the core, whatever the transport: per-request overrides from headers
 * (seed, timing) and what the pipeline decided (dialect, the caller's key whose budget is charged, a
 * stream fault).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dialect } from '../dialects/dialect';
import type { RequestOptions } from '../emulator-types';
import { parseTiming, TimingSpecError } from '../engine/timing';
import { invalidRequest } from '../errors';
import { isStreamFault, type Fault } from '../faults/faults';
import { streamInterruption } from '../faults/stream-interruption';
import { SEED_HEADER, TIMING_HEADER } from './control-headers';
import { flatHeaders } from './journal-notes';

/** What `requestOptions` reads of the pipeline's decisions (`locals` of the reply channel on HTTP; the dialect only on WebSocket). */
export interface RequestLocals {
  dialect?: Dialect;
  /** The caller's key (arrival): the response's tokens are charged to its budget. */
  apiKey?: string;
  fault?: Fault;
}

/**
 * Per-request overrides from headers (a malformed override is a 400, never silently ignored), plus
 * what the pipeline decided: the key whose budget is charged and a stream fault to inject.
 */
export function requestOptions(req: { headers: IncomingHttpHeaders }, locals: RequestLocals = {}): RequestOptions {
  const dialect = locals.dialect?.name ?? 'openai';
  const options: RequestOptions = { headers: flatHeaders(req.headers), dialect };
  if (typeof locals.apiKey === 'string') options.rateLimitKey = locals.apiKey;
  const fault = locals.fault;
  if (fault && isStreamFault(fault)) options.interruption = streamInterruption(fault);
  const seed = req.headers[SEED_HEADER];
  if (seed !== undefined) {
    if (typeof seed !== 'string' || seed.length === 0 || seed.length > 256) {
      throw invalidRequest(`Invalid '${SEED_HEADER}' header: expected 1 to 256 characters.`, SEED_HEADER, 'invalid_value');
    }
    options.seed = seed;
  }
  const timing = req.headers[TIMING_HEADER];
  if (typeof timing === 'string') {
    try {
      options.timing = parseTiming(timing);
    } catch (err) {
      if (!(err instanceof TimingSpecError)) throw err;
      throw invalidRequest(`Invalid '${TIMING_HEADER}' header: ${err.message}.`, TIMING_HEADER, 'invalid_value');
    }
  }
  return options;
}
