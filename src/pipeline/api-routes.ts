/**
 * Which endpoint answers a request, read off the dialect registry without a router: the same tables
 * and the same order the Express app mounts them in (src/http/app.ts) — each dialect served under its
 * own prefix (`/open-responses/v1`) or at its own paths (Aitronos, when `paths.owned` matches), then
 * the configured `--dialect` at `/v1` and the root, then OpenAI's at `/v1` and the root. Matching is
 * Express's: paths are case-insensitive, one trailing slash is optional, a `:param` is one segment,
 * percent-decoded.
 *
 * Only a match is answered here. No match (an unknown path, a known path with another method, HEAD,
 * OPTIONS) and a parameter that cannot be percent-decoded are left to the caller (null): those answers
 * (404, 405 with `Allow`, the router's OPTIONS and HEAD handling, the 400 for a bad escape) are the
 * HTTP framework's, and the in-process fetch lets the Express app give them so they stay its own.
 */
import type { Endpoint } from '../dialects/endpoint';
import type { Dialect } from '../dialects/dialect';
import { DIALECT_LIST, DIALECTS, FALLBACK_DIALECT } from '../dialects/registry';
import type { Emulator } from '../emulator';
import { escapeRegExp } from '../model/reg-exp';

export interface RouteMatch {
  endpoint: Endpoint;
  /** Path parameters by name, percent-decoded. */
  params: Record<string, string>;
}

interface ApiRoute {
  endpoint: Endpoint;
  method: string;
  pattern: RegExp;
  names: string[];
  /** The dialect's own paths (a dialect mounted at the root walks its routes only for those). */
  guard: RegExp | null;
}

/** `/v1` optional, as the app serves a dialect both under `/v1` and at the root. */
const V1_OR_ROOT = '(?:/v1)?';

export type ApiRouter = (method: string, path: string) => RouteMatch | null;

export function apiRouter(emulator: Emulator): ApiRouter {
  const routes: ApiRoute[] = [];
  const add = (dialect: Dialect, prefix: string, guard: RegExp | null): void => {
    for (const endpoint of dialect.endpoints(emulator)) routes.push(compile(endpoint, prefix, guard));
  };
  for (const dialect of DIALECT_LIST) {
    if (dialect.mount === null) continue;
    if (dialect.mount !== '') add(dialect, escapeRegExp(dialect.mount), null);
    else add(dialect, '', dialect.paths.owned);
  }
  const chosen: Dialect | undefined = (DIALECTS as Readonly<Record<string, Dialect>>)[emulator.config.dialect];
  if (chosen && chosen !== FALLBACK_DIALECT) add(chosen, V1_OR_ROOT, null);
  add(FALLBACK_DIALECT, V1_OR_ROOT, null);

  return (method, path) => {
    for (const route of routes) {
      if (route.guard && !route.guard.test(path)) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      // Express decodes a route's parameters when its path matches, whatever the method; a bad escape is its 400.
      const params: Record<string, string> = {};
      for (let i = 0; i < route.names.length; i++) {
        const raw = found[i + 1];
        if (!raw.includes('%')) params[route.names[i]] = raw;
        else {
          try {
            params[route.names[i]] = decodeURIComponent(raw);
          } catch {
            return null;
          }
        }
      }
      if (route.method === method) return { endpoint: route.endpoint, params };
    }
    return null;
  };
}

function compile(endpoint: Endpoint, prefix: string, guard: RegExp | null): ApiRoute {
  const names: string[] = [];
  const body = endpoint.path
    .split(/(:[A-Za-z_]+)/)
    .map((part) => {
      if (!part.startsWith(':')) return escapeRegExp(part);
      names.push(part.slice(1));
      return '([^/]+?)';
    })
    .join('');
  return { endpoint, method: endpoint.method.toUpperCase(), pattern: new RegExp(`^${prefix}${body}/?$`, 'i'), names, guard };
}

