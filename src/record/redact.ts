/**
 * What never reaches a recording: credentials in headers (always: authorization, API-key headers,
 * cookies; more by option), secrets in query strings (key, token, secret, signature, password…)
 * and request body fields named by option.
 */
export const REDACTED = '[REDACTED]';

export const ALWAYS_REDACTED_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'openai-api-key',
  'cookie',
  'set-cookie',
  'x-goog-api-key',
  'anthropic-api-key',
];

const SECRET_QUERY_PARAM = /^(api[-_]?key|key|token|access[-_]?token|secret|client[-_]?secret|signature|sig|password|auth)$/i;

/** The redacted names for each list of extra names (a config's list is one array for its lifetime). */
const hiddenSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function hiddenHeaders(extra: readonly string[]): ReadonlySet<string> {
  let hidden = hiddenSets.get(extra);
  if (!hidden) {
    hidden = new Set([...ALWAYS_REDACTED_HEADERS, ...extra.map((h) => h.toLowerCase())]);
    hiddenSets.set(extra, hidden);
  }
  return hidden;
}

export function redactHeaders(headers: Record<string, string>, extra: readonly string[]): Record<string, string> {
  const hidden = hiddenHeaders(extra);
  const out: Record<string, string> = {};
  for (const name in headers) out[name] = hidden.has(name.toLowerCase()) ? REDACTED : headers[name];
  return out;
}

/** `/v1/responses?api_key=sk-…` → `/v1/responses?api_key=[REDACTED]`. */
export function redactQuery(pathAndQuery: string): string {
  const q = pathAndQuery.indexOf('?');
  if (q < 0) return pathAndQuery;
  const params = new URLSearchParams(pathAndQuery.slice(q + 1));
  for (const key of [...params.keys()]) if (SECRET_QUERY_PARAM.test(key)) params.set(key, REDACTED);
  return `${pathAndQuery.slice(0, q)}?${params.toString()}`;
}

/** A copy of `body` with each dotted path (`metadata.email`, `input.0.content`) replaced by [REDACTED]. */
export function redactFields(body: unknown, paths: readonly string[]): unknown {
  if (paths.length === 0 || body === null || typeof body !== 'object') return body;
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const path of paths) {
    const keys = path.split('.');
    let cur: unknown = copy;
    for (let i = 0; i < keys.length - 1 && cur && typeof cur === 'object'; i++) cur = (cur as Record<string, unknown>)[keys[i]];
    const last = keys[keys.length - 1];
    if (cur && typeof cur === 'object' && last in (cur as object)) (cur as Record<string, unknown>)[last] = REDACTED;
  }
  return copy;
}

/**
 * A Response, or a stream event carrying one (under `response`), with the request fields it echoes
 * (metadata, instructions…) redacted by the same paths as the request body.
 */
export function redactEcho<T>(value: T, paths: readonly string[]): T {
  if (paths.length === 0 || value === null || typeof value !== 'object') return value;
  const event = value as { response?: unknown };
  if (event.response !== null && typeof event.response === 'object') return { ...value, response: redactFields(event.response, paths) };
  return redactFields(value, paths) as T;
}
