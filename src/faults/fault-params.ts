/**
 * A fault's parameters (`<kind>;key=value…`): one table of names, each with its parser and bounds.
 * Every kind accepts every parameter (an unknown one is an error); each kind reads those it needs.
 */

/** The parameters of a fault, parsed and typed. */
export interface FaultParams {
  retryAfterS?: number;
  retryAfterMs?: number;
  shouldRetry?: boolean;
  after?: number;
  delayMs?: number;
  message?: string;
  count?: number;
}

/** Each parameter's parser: sets the value and says true, or says false for a bad value. */
export const FAULT_PARAMS: Readonly<Record<string, (params: FaultParams, raw: string) => boolean>> = {
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

/**
 * The headers every HTTP-error fault may carry: `x-should-retry` when told, and `retry-after` /
 * `retry-after-ms` when told (or when the kind always says when to retry: `defaultRetryMs`).
 * Returns the headers and the retry time in ms (undefined when none is said).
 */
export function retryHeaders(params: FaultParams, defaultRetryMs?: number): { headers: Record<string, string>; retryMs: number | undefined } {
  const headers: Record<string, string> = {};
  if (params.shouldRetry !== undefined) headers['x-should-retry'] = String(params.shouldRetry);
  const retryMs = params.retryAfterMs ?? (params.retryAfterS !== undefined ? params.retryAfterS * 1000 : defaultRetryMs);
  if (retryMs !== undefined) {
    headers['retry-after'] = String(Math.ceil(retryMs / 1000));
    headers['retry-after-ms'] = String(Math.round(retryMs));
  }
  return { headers, retryMs };
}
