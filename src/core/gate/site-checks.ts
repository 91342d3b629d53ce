/**
 * What a trusted local dev server (Vite, webpack-dev-server) checks so that a web page the developer
 * happens to visit cannot use it: the `Host` header must name this machine (DNS rebinding points a
 * foreign name at 127.0.0.1), a browser's `Origin` must be this server's own or one the user listed,
 * and a body must be declared JSON (a cross-site form or `text/plain` POST needs no preflight).
 * Pure checks, made by the gate (gate.ts) for the pipeline's arrival step (every HTTP and in-process
 * request) and the WebSocket upgrade.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ResolvedConfig } from '../../config';
import { ApiError } from '../../errors';

export type SiteConfig = Pick<ResolvedConfig, 'host' | 'allowedHosts' | 'corsOrigins'>;

/** `Host: [::1]:4010` → `::1`; `Host: LOCALHOST.:80` → `localhost`. */
export function hostName(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  const name = value.startsWith('[') ? value.slice(1, value.indexOf(']') < 0 ? undefined : value.indexOf(']')) : value.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return v4 !== null && v4.slice(1).every((n) => Number(n) <= 255);
}

/** The bind address counts as this machine's own name unless it is a wildcard. */
function isBindAddress(name: string, bindHost: string): boolean {
  const bound = hostName(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
  return bound !== '0.0.0.0' && bound !== '::' && bound === name;
}

/** Loopback names, the bind address and the user's `--allowed-hosts` (`.example.com` = it and its subdomains; `all` = any). */
export function isAllowedHost(hostHeader: string | undefined, config: SiteConfig): boolean {
  // HTTP/1.0 may omit Host: there is no name to rebind.
  if (hostHeader === undefined || config.allowedHosts.includes('all')) return true;
  const name = hostName(hostHeader);
  if (isLoopbackName(name) || isBindAddress(name, config.host)) return true;
  return config.allowedHosts.some((allowed) => (allowed.startsWith('.') ? name === allowed.slice(1) || name.endsWith(allowed) : name === allowed));
}

/**
 * How a request's `Origin` stands: absent (SDKs, curl, same-origin GETs), this server's own (the
 * inspector page), one listed with `--cors-origins`, or foreign (including `null`).
 */
export type OriginVerdict = 'none' | 'same' | 'listed' | 'foreign';

export function originVerdict(headers: IncomingHttpHeaders, config: SiteConfig): OriginVerdict {
  const origin = headers.origin;
  if (origin === undefined) return 'none';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return 'foreign';
  }
  if (config.corsOrigins.includes(url.origin)) return 'listed';
  const own = headers.host === undefined ? null : hostOf(headers.host);
  if ((url.protocol === 'http:' || url.protocol === 'https:') && own !== null && url.host === own) return 'same';
  return 'foreign';
}

/** A Host header as URL.host has it (default port dropped), or null when it is not one. */
function hostOf(hostHeader: string): string | null {
  try {
    return new URL(`http://${hostHeader.trim()}`).host;
  } catch {
    return null;
  }
}

export function hostNotAllowed(hostHeader: string): ApiError {
  const name = hostName(hostHeader).slice(0, 253);
  return new ApiError(
    403,
    'invalid_request_error',
    `Blocked request: the host '${name}' is not allowed. Only loopback names (localhost, 127.0.0.1, [::1]) are accepted by default; to allow this one, start the emulator with --allowed-hosts ${name} (environment RESPONSES_EMULATOR_ALLOWED_HOSTS, library option allowedHosts).`,
    null,
    'host_not_allowed',
  );
}

export function originNotAllowed(origin: string, admin: boolean): ApiError {
  const shown = origin.slice(0, 200);
  const how = admin
    ? 'The admin endpoints answer only their own origin (the inspector page) and clients that send no Origin.'
    : 'To let a browser app on that origin call the API, start the emulator with --cors-origins <origin> (environment RESPONSES_EMULATOR_CORS_ORIGINS, library option corsOrigins).';
  return new ApiError(403, 'invalid_request_error', `Blocked request: the origin '${shown}' is not allowed. ${how}`, null, 'origin_not_allowed');
}

/** True when the request carries a body (a length above zero, or a chunked one). */
export function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The API's answer to a body that is not declared JSON: 400 `unsupported_content_type`, the wording
 * and status of live traffic (openai/openai-openapi#502, 2025-11-11: "Error code: 400 - … Unsupported
 * content type: 'multipart/form-data' …"). A body with no `Content-Type` at all is refused the same
 * way (the wording for that case is ours: no recording of it was found).
 */
export function contentTypeError(headers: IncomingHttpHeaders): ApiError | null {
  if (!hasBody(headers)) return null;
  const type = headers['content-type'];
  if (type !== undefined && /^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) return null;
  const shown = type === undefined ? '' : type.split(';')[0].trim().slice(0, 200);
  const message =
    type === undefined
      ? "Missing content type. This API method only accepts 'application/json' requests, but the request has a body and no 'Content-Type' header. Please try again with 'Content-Type: application/json'."
      : `Unsupported content type: '${shown}'. This API method only accepts 'application/json' requests, but you specified the header 'Content-Type: ${shown}'. Please try again with a supported content type.`;
  return new ApiError(400, 'invalid_request_error', message, null, 'unsupported_content_type');
}
