/**
 * How the API words a rate limit: its 429 message and the durations in x-ratelimit-reset-*. Shared by
 * the rate limiter (state/) and the injected rate-limit fault (faults/), so neither imports the other.
 */

/** The organization the emulator's messages and `openai-organization` header name by default. */
export const ORGANIZATION = 'org-emulator';

/** The API's wording for a 429, e.g. "Rate limit reached for gpt-4o in organization … Please try again in 1.2s. …". */
export function rateLimitMessage(r: { model: string; type: 'requests' | 'tokens'; limit: number; used: number; requested: number; waitMs: number | null }): string {
  const where = `for ${r.model} in organization ${ORGANIZATION} on ${r.type} per min (${r.type === 'requests' ? 'RPM' : 'TPM'}): Limit ${r.limit}`;
  const more = 'Visit https://platform.openai.com/account/rate-limits to learn more.';
  if (r.waitMs === null) return `Request too large ${where}, Requested ${r.requested}. The input or output tokens must be reduced in order to run successfully. ${more}`;
  return `Rate limit reached ${where}, Used ${Math.round(r.used)}, Requested ${r.requested}. Please try again in ${formatDuration(r.waitMs)}. ${more}`;
}

/** Durations the way the API writes them in x-ratelimit-reset-*: `120ms`, `1.5s`, `6m0s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${Math.round(seconds - minutes * 60)}s`;
}
