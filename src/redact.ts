/**
 * What never reaches a recording, the journal, the inspector or the logs: credentials. Any header or
 * query parameter whose name contains key, token, secret, auth or password (and cookies, signatures,
 * OAuth `code`), the credentials a tool definition carries (`tools[].authorization`, secret
 * `tools[].headers`, secret query parameters of `tools[].server_url`) in a request and where a
 * Response echoes it, and the body fields named by option.
 */
export const REDACTED = '[REDACTED]';

/** Names that carry credentials, whatever their prefix (`x-openai-api-key`, `x-auth-token`, `azure-api-key`…). */
const SECRET_NAME = /key|token|secret|auth|passw(?:or)?d|cookie|signature|credential/i;
/** Counters and limits whose names merely mention tokens (`x-ratelimit-remaining-tokens`). */
const NOT_SECRET_HEADER = /^(x-ratelimit-|anthropic-ratelimit-|openai-ratelimit-)/i;
/** Query parameters whose short names are secrets too (`?sig=`, OAuth's `?code=`). */
const SECRET_QUERY_PARAM = /^(sig|code|pwd|pass)$/i;

/**
 * Per list of extra names (`--redact-headers`; a config's list is one array for its lifetime): the
 * names as a set, and the verdict for each header name already seen. Every exchange's request and
 * reply headers are redacted for the journal, and they are nearly always the same few names.
 */
interface HeaderVerdicts {
  extra: ReadonlySet<string>;
  secret: Map<string, boolean>;
}
const verdictsByList = new WeakMap<readonly string[], HeaderVerdicts>();
const NO_EXTRA_NAMES: readonly string[] = [];
/** Header names are the client's to choose: the verdicts kept per list are bounded. */
const MAX_REMEMBERED_NAMES = 512;

function verdictsFor(extra: readonly string[]): HeaderVerdicts {
  let verdicts = verdictsByList.get(extra);
  if (!verdicts) {
    verdicts = { extra: new Set(extra.map((h) => h.toLowerCase())), secret: new Map() };
    verdictsByList.set(extra, verdicts);
  }
  return verdicts;
}

export function isSecretHeader(name: string, extra: readonly string[] = NO_EXTRA_NAMES): boolean {
  return isSecretIn(verdictsFor(extra), name);
}

/** The verdict for one name, the list's verdicts looked up once by the caller (once per header object, not per header). */
function isSecretIn(verdicts: HeaderVerdicts, name: string): boolean {
  let secret = verdicts.secret.get(name);
  if (secret === undefined) {
    secret = (SECRET_NAME.test(name) && !NOT_SECRET_HEADER.test(name)) || verdicts.extra.has(name.toLowerCase());
    if (verdicts.secret.size >= MAX_REMEMBERED_NAMES) verdicts.secret.clear();
    verdicts.secret.set(name, secret);
  }
  return secret;
}

export function redactHeaders(headers: Record<string, string>, extra: readonly string[]): Record<string, string> {
  const verdicts = verdictsFor(extra);
  const out: Record<string, string> = {};
  for (const name in headers) out[name] = isSecretIn(verdicts, name) ? REDACTED : headers[name];
  return out;
}

/**
 * Node's header object (names lower-cased, values strings, numbers or lists) as plain redacted
 * strings in one pass: what the journal keeps of a reply's headers, without an intermediate copy
 * per exchange.
 */
export function redactedHeaderStrings(headers: Record<string, unknown>, extra: readonly string[]): Record<string, string> {
  const verdicts = verdictsFor(extra);
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name] = isSecretIn(verdicts, name) ? REDACTED : Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * A request's header object (Node's: names lower-cased, repeated headers joined, `set-cookie` a list)
 * as the journal keeps it: the object itself when every value is a plain string and no name is
 * secret, since then a copy would hold the very same strings (the journal only reads it), else
 * one redacted, flattened copy.
 */
export function journaledHeaders(headers: Record<string, unknown>, extra: readonly string[]): Record<string, string> {
  const verdicts = verdictsFor(extra);
  for (const name in headers) {
    if (typeof headers[name] !== 'string' || isSecretIn(verdicts, name)) return redactedHeaderStrings(headers, extra);
  }
  return headers as Record<string, string>;
}

/** What a reply offers of its headers: their names, and each one's value as Node holds it. */
export interface HeaderSource {
  getHeaderNames(): string[];
  getHeader(name: string): unknown;
  /** The headers exactly as sent (name, value, name, value…), when the channel keeps them so and never changes them once sent. */
  headerList?(): readonly unknown[] | null;
}

/**
 * A reply's headers as it held them when read: name, value, name, value… (a name in any case: it is
 * lower-cased when shown). A flat list rather than an object keyed by name: an object with a dozen
 * header names added one by one drops to dictionary mode (~1 KB each), and the journal keeps one per
 * exchange long enough to be promoted.
 */
export type KeptHeaders = readonly unknown[];

/**
 * A sent reply's headers, kept for the journal, redacted only if the journal is read: the channel's
 * own list of them as sent when it has one (src/transport/node-reply.ts), else names and values read
 * now (a copy — never Node's private record of them).
 */
export function keptReplyHeaders(reply: HeaderSource): KeptHeaders {
  const sent = reply.headerList?.();
  if (sent) return sent;
  const names = reply.getHeaderNames();
  const kept: unknown[] = new Array(names.length * 2);
  for (let i = 0; i < names.length; i++) {
    kept[2 * i] = names[i];
    kept[2 * i + 1] = reply.getHeader(names[i]);
  }
  return kept;
}

/** Kept reply headers as the journal shows them (an absent value left out, a list joined, secrets redacted). */
export function redactedKeptHeaders(kept: KeptHeaders, extra: readonly string[]): Record<string, string> {
  const verdicts = verdictsFor(extra);
  const out: Record<string, string> = {};
  for (let i = 0; i < kept.length; i += 2) {
    const name = (kept[i] as string).toLowerCase();
    const value = kept[i + 1];
    if (value === undefined) continue;
    out[name] = isSecretIn(verdicts, name) ? REDACTED : Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

export function isSecretQueryParam(name: string): boolean {
  return SECRET_NAME.test(name) || SECRET_QUERY_PARAM.test(name);
}

/** `/v1/responses?api_key=sk-…` → `/v1/responses?api_key=[REDACTED]`; also full URLs. */
export function redactQuery(pathAndQuery: string): string {
  const q = pathAndQuery.indexOf('?');
  if (q < 0) return pathAndQuery;
  const params = new URLSearchParams(pathAndQuery.slice(q + 1));
  let changed = false;
  for (const key of [...params.keys()]) {
    if (isSecretQueryParam(key)) {
      params.set(key, REDACTED);
      changed = true;
    }
  }
  return changed ? `${pathAndQuery.slice(0, q)}?${params.toString()}` : pathAndQuery;
}

/**
 * A URL as it may be printed (`--store redis://user:pw@host`): its password, or a lone user-info part,
 * becomes ***. Parsed as a URL, so a password with '@' in it is found whole; what does not parse, or
 * still has an '@' after the scheme (a '/' in a password makes the rest look like a path), loses
 * everything up to its last '@'.
 */
export function redactUrl(raw: string): string {
  let text = raw;
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    else if (url.username) url.username = '***';
    text = url.href;
  } catch {
    // Not a URL: redacted below by its last '@'.
  }
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)(.*)@/i, (all, scheme: string, info: string) => (/^([^:@/]*:)?\*\*\*$/.test(info) ? all : `${scheme}***@`));
}

/** Does this tool definition carry a credential (MCP `authorization`, secret headers, a key in its URL)? */
function toolHasCredentials(tool: unknown): boolean {
  if (!tool || typeof tool !== 'object') return false;
  const t = tool as Record<string, unknown>;
  if (t.authorization !== undefined && t.authorization !== REDACTED) return true;
  if (t.headers && typeof t.headers === 'object' && Object.entries(t.headers).some(([name, v]) => isSecretHeader(name) && v !== REDACTED)) return true;
  return typeof t.server_url === 'string' && redactQuery(t.server_url) !== t.server_url;
}

function redactTool(tool: Record<string, unknown>): void {
  if (tool.authorization !== undefined) tool.authorization = REDACTED;
  if (tool.headers && typeof tool.headers === 'object') {
    const headers = tool.headers as Record<string, unknown>;
    for (const name of Object.keys(headers)) if (isSecretHeader(name)) headers[name] = REDACTED;
  }
  if (typeof tool.server_url === 'string') tool.server_url = redactQuery(tool.server_url);
}

/** Whether a request body, or a Response echoing one, has tool credentials to redact. */
export function carriesCredentials(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const tools = (body as { tools?: unknown }).tools;
  return Array.isArray(tools) && tools.some(toolHasCredentials);
}

/** A copy of `body` with each dotted path (`metadata.email`, `input.0.content`) replaced by [REDACTED]. */
export function redactFields(body: unknown, paths: readonly string[]): unknown {
  if (body === null || typeof body !== 'object') return body;
  const credentials = carriesCredentials(body);
  if (paths.length === 0 && !credentials) return body;
  const copy = structuredClone(body) as Record<string, unknown>;
  if (credentials) for (const tool of copy.tools as unknown[]) if (tool && typeof tool === 'object') redactTool(tool as Record<string, unknown>);
  for (const path of paths) {
    const keys = path.split('.');
    let cur: unknown = copy;
    for (let i = 0; i < keys.length - 1 && cur && typeof cur === 'object'; i++) cur = (cur as Record<string, unknown>)[keys[i]];
    const last = keys[keys.length - 1];
    // Present and set only: a rendered Response leaves absent fields `undefined` (not serialised), and they stay absent.
    if (cur && typeof cur === 'object' && Object.hasOwn(cur, last) && (cur as Record<string, unknown>)[last] !== undefined) (cur as Record<string, unknown>)[last] = REDACTED;
  }
  return copy;
}

/**
 * A Response, or a stream event carrying one (under `response`), with the request fields it echoes
 * (metadata, instructions, tools…) redacted as the request body is.
 */
export function redactEcho<T>(value: T, paths: readonly string[]): T {
  if (value === null || typeof value !== 'object') return value;
  const event = value as { response?: unknown };
  if (event.response !== null && typeof event.response === 'object') return { ...value, response: redactFields(event.response, paths) };
  return redactFields(value, paths) as T;
}
