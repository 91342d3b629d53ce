/**
 * API keys, as the API reads them: `Authorization: Bearer <key>` (also `api-key`/`x-api-key`
 * headers, and HTTP Basic with the key as the password, as browsers send it). With `--api-key`
 * set, a missing or unknown key is the API's 401; without it, any key (or none) is accepted. The
 * key also names the rate-limit budget. `OpenAI-Organization` and `OpenAI-Project` are echoed back.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import type { Emulator } from '../emulator';
import { ApiError } from '../errors';
import { ORGANIZATION } from '../rate-limit-text';
import { beforeReply } from './send';
import { dialectOf } from './select-dialect';

/** The budget shared by requests that carry no key. */
export const ANONYMOUS = 'anonymous';

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
  for (const name of ['api-key', 'x-api-key'] as const) {
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

export function authenticate(emulator: Emulator): RequestHandler {
  const keys = emulator.config.apiKeys;
  return (req, res, next) => {
    const organization = req.headers['openai-organization'];
    const project = req.headers['openai-project'];
    if (dialectOf(res)?.echoesOrganization !== false) {
      beforeReply(res, () => {
        res.setHeader('openai-organization', typeof organization === 'string' && organization !== '' ? organization : ORGANIZATION);
        if (typeof project === 'string' && project !== '') res.setHeader('openai-project', project);
      });
    }
    const key = apiKeyOf(req.headers);
    const error = authError(keys, key);
    if (error) return next(error);
    res.locals.apiKey = key ?? ANONYMOUS;
    next();
  };
}
