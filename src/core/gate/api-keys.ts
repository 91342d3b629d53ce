/**
 * API keys, as the API reads them: `Authorization: Bearer <key>` (also `api-key`/`x-api-key`
 * headers, and HTTP Basic with the key as the password, as browsers send it). With `--api-key`
 * set, a missing or unknown key is the API's 401; without it, any key (or none) is accepted. The
 * key also names the rate-limit budget.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../../errors';

/** The budget shared by requests that carry no key. */
export const ANONYMOUS = 'anonymous';

/** Headers that carry the key other than `Authorization`, as Azure-style clients send it. */
const KEY_HEADERS = ['api-key', 'x-api-key'] as const;

/** Every request header a key can travel in (the journal's "copy as curl" swaps them for `$OPENAI_API_KEY`). */
export const CREDENTIAL_HEADERS: readonly string[] = ['authorization', ...KEY_HEADERS];

/** Whether any of the headers (names lower-cased) could carry a key, whatever its value. */
export function hasCredentialHeader(headers: Readonly<Record<string, unknown>>): boolean {
  return CREDENTIAL_HEADERS.some((name) => headers[name] !== undefined);
}

const MISSING_KEY_MESSAGE =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), " +
  "or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. " +
  'You can obtain an API key from https://platform.openai.com/account/api-keys.';

/** The key a request carries, if any. */
export function apiKeyOf(headers: IncomingHttpHeaders, query?: Record<string, unknown>): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (bearer) return bearer[1];
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const password = decoded.slice(decoded.indexOf(':') + 1);
      if (password) return password;
    }
  }
  for (const name of KEY_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  const fromQuery = query?.api_key;
  return typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : null;
}

/** The API's 401 for a missing (null) or unknown key, or null when the key is accepted. */
export function authError(keys: readonly string[], key: string | null): ApiError | null {
  if (keys.length === 0) return null;
  if (key === null) return new ApiError(401, 'invalid_request_error', MISSING_KEY_MESSAGE, null, null);
  if (keys.includes(key)) return null;
  return new ApiError(
    401,
    'invalid_request_error',
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    null,
    'invalid_api_key',
  );
}

/** `sk-test-1234567890abcd` → `sk-test-**********abcd`, as the API shows a wrong key. */
export function maskKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  const head = Math.min(8, Math.floor(key.length / 3));
  return key.slice(0, head) + '*'.repeat(key.length - head - 4) + key.slice(-4);
}
