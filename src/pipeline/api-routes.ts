/**
 * Where a request goes, read off the dialect registry once per emulator, with no HTTP framework: the
 * endpoint tables in the order the API has always been routed in — each dialect served under its own
 * prefix (`/open-responses/v1`) or at its own paths (Aitronos, when `paths.owned` matches), then the
 * configured `--dialect` at `/v1` and the root, then the fallback's (OpenAI's) at `/v1` and the root.
 *
 * Matching is what Express's router did: paths are case-insensitive, one trailing slash is optional,
 * a `:param` is one segment, percent-decoded whenever its path matches, whatever the method (an
 * undecodable escape is the 400 then); HEAD is answered by a GET endpoint. When no endpoint takes the
 * request, the router's own answers: OPTIONS gets the methods of the first table with routes on the
 * path (`Allow`, HEAD included with GET, sorted); anything else is the 404 "Invalid URL", or the 405
 * with `Allow` when a known route has the path — and that check is case-sensitive (`PUT /V1/RESPONSES`
 * is a 404), as the list of known routes always was.
 */
import type { Dialect, EndpointServices } from '../dialects/dialect';
import type { Endpoint } from '../dialects/endpoint';
import { DIALECT_LIST, DIALECTS, FALLBACK_DIALECT } from '../dialects/registry';
import { escapeRegExp } from '../model/reg-exp';

/**
 * Where a request goes. `reachedFallback`: the walk got to the fallback dialect's table (no earlier
 * table decided), which is where the recording proxy stands (src/record/recording-override.ts).
 */
export type Routing = (
  | { kind: 'endpoint'; endpoint: Endpoint; params: Record<string, string> }
  /** The router's answer to OPTIONS: the methods the first table with routes on the path has there. */
  | { kind: 'options'; allow: string }
  /** A path parameter that cannot be percent-decoded. */
  | { kind: 'bad-escape' }
  /** No endpoint: the methods known routes have on this path (none: a 404; some: a 405). */
  | { kind: 'unknown'; allowed: readonly string[] }
) & { reachedFallback: boolean };

type ApiRouter = (method: string, path: string) => Routing;

interface ApiRoute {
  endpoint: Endpoint;
  method: string;
  pattern: RegExp;
  names: string[];
}

interface RouteTable {
  routes: ApiRoute[];
  /** The dialect's own paths (a dialect served at the root is walked only for those). */
  guard: RegExp | null;
  fallback: boolean;
}

/** A route known for 404 vs 405: its pattern (case-sensitive) and its methods. */
interface KnownRoute {
  pattern: RegExp;
  methods: string[];
}

/** `/v1` optional, as a dialect served at `/v1` is also served at the root. */
const V1_OR_ROOT = '(?:/v1)?';

/** An emulator's router (each dialect's endpoint table read once; src/transport/emulator-api.ts builds one per emulator). */
export function apiRouter(core: EndpointServices): ApiRouter {
  const endpoints = new Map<Dialect, Endpoint[]>();
  const endpointsOf = (dialect: Dialect): Endpoint[] => {
    let table = endpoints.get(dialect);
    if (!table) endpoints.set(dialect, (table = dialect.endpoints(core)));
    return table;
  };
  const tables: RouteTable[] = [];
  const known: KnownRoute[] = [];
  const table = (dialect: Dialect, prefix: string, guard: RegExp | null): void => {
    const routes = endpointsOf(dialect).map((endpoint) => ({ endpoint, method: endpoint.method.toUpperCase(), ...compilePath(endpoint.path, prefix, false) }));
    tables.push({ routes, guard, fallback: dialect === FALLBACK_DIALECT });
  };
  const knownRoutes = (dialect: Dialect, prefix: string): void => {
    const own: KnownRoute[] = [];
    for (const endpoint of endpointsOf(dialect)) {
      const { pattern } = compilePath(endpoint.path, prefix, true);
      const same = own.find((route) => route.pattern.source === pattern.source);
      if (same) same.methods.push(endpoint.method.toUpperCase());
      else own.push({ pattern, methods: [endpoint.method.toUpperCase()] });
    }
    known.push(...own);
  };
  for (const dialect of DIALECT_LIST) {
    if (dialect.mount === null) continue;
    if (dialect.mount !== '') table(dialect, escapeRegExp(dialect.mount), null);
    else table(dialect, '', dialect.paths.owned);
  }
  const chosen: Dialect | undefined = (DIALECTS as Readonly<Record<string, Dialect>>)[core.config.dialect];
  if (chosen && chosen !== FALLBACK_DIALECT) table(chosen, V1_OR_ROOT, null);
  table(FALLBACK_DIALECT, V1_OR_ROOT, null);
  // The known routes, in registry order: each dialect's under its own prefix (not the configured one's /v1 copy), the fallback's.
  for (const dialect of DIALECT_LIST) {
    if (dialect === FALLBACK_DIALECT) knownRoutes(dialect, V1_OR_ROOT);
    else if (dialect.mount !== null) knownRoutes(dialect, escapeRegExp(dialect.mount));
  }

  return (method, path) => {
    for (const { routes, guard, fallback } of tables) {
      if (guard && !guard.test(path)) continue;
      let options: string[] | null = null;
      for (const route of routes) {
        const found = route.pattern.exec(path);
        if (!found) continue;
        const params = decodeParams(route.names, found);
        if (!params) return { kind: 'bad-escape', reachedFallback: fallback };
        if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { kind: 'endpoint', endpoint: route.endpoint, params, reachedFallback: fallback };
        if (method === 'OPTIONS') (options ??= []).push(route.method, ...(route.method === 'GET' ? ['HEAD'] : []));
      }
      if (options) return { kind: 'options', allow: [...new Set(options)].sort().join(', '), reachedFallback: fallback };
    }
    const allowed = new Set<string>();
    for (const route of known) if (route.pattern.test(path)) for (const m of route.methods) allowed.add(m);
    return { kind: 'unknown', allowed: [...allowed], reachedFallback: true };
  };
}

/** Path parameters by name, percent-decoded; null when one cannot be. */
function decodeParams(names: readonly string[], found: RegExpExecArray): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < names.length; i++) {
    const raw = found[i + 1];
    if (!raw.includes('%')) params[names[i]] = raw;
    else {
      try {
        params[names[i]] = decodeURIComponent(raw);
      } catch {
        return null;
      }
    }
  }
  return params;
}

/** `/responses/:id/cancel` under `prefix` → a pattern (one optional trailing slash) and its parameters' names. */
function compilePath(path: string, prefix: string, caseSensitive: boolean): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const body = path
    .split(/(:[A-Za-z_]+)/)
    .map((part) => {
      if (!part.startsWith(':')) return escapeRegExp(part);
      names.push(part.slice(1));
      return '([^/]+?)';
    })
    .join('');
  return { pattern: new RegExp(`^${prefix}${body}/?$`, caseSensitive ? '' : 'i'), names };
}
