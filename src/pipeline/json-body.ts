/**
 * A request's JSON body read from its bytes, answered as the Express body parser (body-parser's
 * `json`, as src/http/middleware.ts configures it) answers it: 413 above the limit, malformed JSON the
 * API's 400, an empty body `{}`, a leading byte-order mark dropped, any JSON value accepted (not only
 * objects: the endpoint's validation names what is wrong), then the nesting check.
 *
 * Bodies this does not read — compressed ones (`Content-Encoding`) and charsets other than UTF-8 —
 * are for body-parser itself (`readsBodyBytes` says which), so that its inflation and charset answers
 * (415) stay the only ones.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiError } from '../errors';
import { bodyReadError, nestingError } from './failure';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

/** True when the body is plain UTF-8 JSON (no content encoding, no other charset): `readJsonBody` reads it as body-parser would. */
export function readsBodyBytes(headers: IncomingHttpHeaders): boolean {
  if (headers['content-encoding'] !== undefined) return false;
  const type = headers['content-type'];
  if (type === undefined || !/charset/i.test(type)) return true;
  return CHARSET.exec(type)?.[1].toLowerCase() === 'utf-8';
}

export type BodyRead = { ok: true; body: unknown } | { ok: false; error: ApiError };

export function readJsonBody(bytes: Uint8Array, limitBytes: number): BodyRead {
  if (bytes.byteLength > limitBytes) return { ok: false, error: bodyReadError({ type: 'entity.too.large' }, limitBytes) };
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let body: unknown;
  if (text.length === 0) body = {};
  else {
    try {
      body = JSON.parse(text);
    } catch (err) {
      return { ok: false, error: bodyReadError(Object.assign(err as Error, { type: 'entity.parse.failed' }), limitBytes) };
    }
  }
  const tooDeep = nestingError(body);
  return tooDeep ? { ok: false, error: tooDeep } : { ok: true, body };
}
