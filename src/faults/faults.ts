/**
 * Faults: every failure a client of the real API can meet, on demand. A fault is written
 * `<kind>[;key=value…]` — in the `x-emulator-fault` header, a fixture's `reply.fault`, or (kinds
 * with probabilities) `--chaos`. An unknown kind or parameter is an error, never ignored.
 *
 *   rate_limit          429 rate_limit_exceeded, with retry-after, retry-after-ms, x-ratelimit-*
 *   insufficient_quota  429 insufficient_quota
 *   server_error        500          overloaded  503
 *   unauthorized        401 invalid_api_key      forbidden  403
 *   timeout             no answer until the client gives up
 *   disconnect          the connection is reset before any reply
 *   slow                the first byte comes `delay` ms late (then the normal answer)
 *   stream_cut / stream_error / stream_failed    the stream stops after `after` events
 *
 * Parameters: retry_after (s) and retry_after_ms (429s), should_retry (sends x-should-retry),
 * after (events), delay (ms), message (the error message), count (only the first N requests
 * carrying this exact fault get it; later ones are answered normally).
 */
import { ApiError, invalidRequest, serverError } from '../errors';
import { formatDuration, rateLimitMessage } from '../rate-limit-text';

export const FAULT_KINDS = [
  'rate_limit',
  'insufficient_quota',
  'server_error',
  'overloaded',
  'unauthorized',
  'forbidden',
  'timeout',
  'disconnect',
  'slow',
  'stream_cut',
  'stream_error',
  'stream_failed',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const STREAM_FAULTS: Readonly<Record<string, 'cut' | 'error' | 'failed'>> = { stream_cut: 'cut', stream_error: 'error', stream_failed: 'failed' };

/** `slow` without `delay=`: long enough to trip a short client timeout, short enough for CI. */
export const DEFAULT_SLOW_MS = 2000;

export interface Fault {
  kind: FaultKind;
  /** The fault as written, e.g. `rate_limit;retry_after=0` (counts are kept per spec). */
  spec: string;
  retryAfterS?: number;
  retryAfterMs?: number;
  shouldRetry?: boolean;
  after?: number;
  delayMs?: number;
  message?: string;
  count?: number;
}

const PARAMS: Record<string, (fault: Fault, raw: string) => boolean> = {
  retry_after: (f, raw) => setNumber(raw, 0, 3600, (n) => (f.retryAfterS = n)),
  retry_after_ms: (f, raw) => setNumber(raw, 0, 3_600_000, (n) => (f.retryAfterMs = n)),
  should_retry: (f, raw) => (raw === 'true' || raw === 'false' ? ((f.shouldRetry = raw === 'true'), true) : false),
  after: (f, raw) => /^\d{1,6}$/.test(raw) && ((f.after = Number(raw)), true),
  delay: (f, raw) => setNumber(raw, 0, 600_000, (n) => (f.delayMs = n)),
  message: (f, raw) => raw.length > 0 && raw.length <= 500 && ((f.message = raw), true),
  count: (f, raw) => /^\d{1,6}$/.test(raw) && Number(raw) > 0 && ((f.count = Number(raw)), true),
};

function setNumber(raw: string, min: number, max: number, set: (n: number) => void): boolean {
  const n = Number(raw);
  if (raw === '' || !Number.isFinite(n) || n < min || n > max) return false;
  set(n);
  return true;
}

export class FaultSpecError extends Error {}

/**
 * Thrown by the core when a fixture's reply is a fault the transport must perform (an HTTP error,
 * a hang, a reset connection). Stream faults and `slow` never throw: they shape the response.
 */
export class FaultSignal extends Error {
  constructor(
    readonly fault: Fault,
    readonly model?: string,
  ) {
    super(`fault ${fault.kind}`);
    this.name = 'FaultSignal';
  }
}

/** Parses `<kind>[;key=value…]`; throws FaultSpecError saying what is wrong. */
export function parseFault(spec: string): Fault {
  const [kindPart, ...params] = spec.split(';').map((p) => p.trim());
  if (!(FAULT_KINDS as readonly string[]).includes(kindPart)) {
    throw new FaultSpecError(`unknown fault '${kindPart}'. Supported faults are: ${FAULT_KINDS.join(', ')}`);
  }
  const fault: Fault = { kind: kindPart as FaultKind, spec: spec.trim() };
  for (const param of params) {
    if (param === '') continue;
    const eq = param.indexOf('=');
    const key = eq < 0 ? param : param.slice(0, eq).trim();
    const setter = PARAMS[key];
    if (!setter || eq < 0 || !setter(fault, param.slice(eq + 1).trim())) {
      throw new FaultSpecError(`bad parameter '${param}' (expected ${Object.keys(PARAMS).join(', ')}, with a valid value)`);
    }
  }
  return fault;
}

/** The header's fault, as a 400 naming the header when it is malformed. */
export function parseFaultHeader(value: string, header: string): Fault {
  try {
    return parseFault(value);
  } catch (err) {
    if (!(err instanceof FaultSpecError)) throw err;
    throw invalidRequest(`Invalid '${header}' header: ${err.message}.`, header, 'invalid_value');
  }
}

export function isStreamFault(fault: Fault): boolean {
  return fault.kind in STREAM_FAULTS;
}

/** The API's error for a fault that answers with an HTTP error (null for timeout, disconnect, slow and stream faults). */
export function faultError(fault: Fault, model = 'gpt-4o'): ApiError | null {
  const headers: Record<string, string> = {};
  if (fault.shouldRetry !== undefined) headers['x-should-retry'] = String(fault.shouldRetry);
  // A 429 always says when to retry (1 s unless told); other errors only when the fault says so.
  const retryMs = fault.retryAfterMs ?? (fault.retryAfterS !== undefined ? fault.retryAfterS * 1000 : fault.kind === 'rate_limit' ? 1000 : undefined);
  if (retryMs !== undefined) {
    headers['retry-after'] = String(Math.ceil(retryMs / 1000));
    headers['retry-after-ms'] = String(Math.round(retryMs));
  }
  switch (fault.kind) {
    case 'rate_limit': {
      const seconds = (retryMs ?? 1000) / 1000;
      headers['x-ratelimit-limit-requests'] = '500';
      headers['x-ratelimit-remaining-requests'] = '0';
      headers['x-ratelimit-reset-requests'] = formatDuration(seconds * 1000);
      const message = fault.message ?? rateLimitMessage({ model, type: 'requests', limit: 500, used: 500, requested: 1, waitMs: seconds * 1000 });
      return new ApiError(429, 'requests', message, null, 'rate_limit_exceeded', headers);
    }
    case 'insufficient_quota':
      return new ApiError(
        429,
        'insufficient_quota',
        fault.message ?? 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
        null,
        'insufficient_quota',
        headers,
      );
    case 'server_error':
      return serverError(fault.message, headers);
    case 'overloaded':
      return new ApiError(503, 'server_error', fault.message ?? 'The server is overloaded or not ready yet.', null, null, headers);
    case 'unauthorized':
      return new ApiError(401, 'invalid_request_error', fault.message ?? 'Incorrect API key provided: sk-emul*********ator. You can find your API key at https://platform.openai.com/account/api-keys.', null, 'invalid_api_key', headers);
    case 'forbidden':
      return new ApiError(403, 'invalid_request_error', fault.message ?? 'Country, region, or territory not supported', null, 'unsupported_country_region_territory', headers);
    default:
      return null;
  }
}
