/**
 * A request's JSON body parsed from its text (read, decompressed and decoded by the transport:
 * src/transport/request-body.ts), answered as the Express body parser (body-parser's `json`, not
 * strict) always answered it: an empty body is `{}`, a leading byte-order mark is dropped, any JSON
 * value is accepted (not only objects: the endpoint's validation names what is wrong), malformed
 * JSON is the API's 400; then the nesting check.
 */
import { JsonParseError, type ApiError } from '../errors';
import { nestingError } from './failure';

type BodyRead = { ok: true; body: unknown } | { ok: false; error: ApiError };

export function parseJsonBody(text: string): BodyRead {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let body: unknown;
  if (text.length === 0) body = {};
  else {
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, error: new JsonParseError() };
    }
  }
  const tooDeep = nestingError(body);
  return tooDeep ? { ok: false, error: tooDeep } : { ok: true, body };
}
