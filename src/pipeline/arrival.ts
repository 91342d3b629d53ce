/**
 * The first steps of every API exchange, whatever the transport, in this order: a request id, the
 * dialect chosen by path (so that even a 401 is in the caller's dialect), the site checks (host,
 * origin, CORS and its preflight, content type), the journal entry, the caller's key. They were five
 * Express middleware functions (composed into one layer to spare the router's per-layer allocations);
 * as one plain function no router walks them at all.
 *
 * The verdict: null to go on (route, body, admission, endpoint), an ApiError to answer with (in the
 * dialect chosen), or 'answered' (a CORS preflight). Nothing here knows Express: a request and a reply
 * are the few members src/pipeline/context.ts names.
 *
 * A WebSocket exchange passes the same steps in two places: its upgrade the site checks and the
 * caller's key, once for the connection (`upgradeArrival`), and each of its frames a request id and
 * a journal entry (`frameArrival`). The HTTP reply's parts (its headers, CORS) have no WebSocket
 * counterpart.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Gate, type GateDeps } from '../core/gate/gate';
import { contentTypeError } from '../core/gate/site-checks';
import type { ExchangeServices } from '../core/services';
import { DIALECTS, dialectOfPath } from '../dialects/registry';
import type { ApiError } from '../errors';
import type { ExchangeLog } from '../journal/exchange-log';
import { ORGANIZATION } from '../rate-limit-text';
import { redactQuery } from '../redact';
import { ArrivedExchange, type ArrivingRequest, type ReplyChannel } from './context';
import { beforeReply } from './reply';

/** How long a browser may cache a preflight's answer (seconds). */
const PREFLIGHT_MAX_AGE_S = 600;
const CORS_METHODS = 'GET, POST, DELETE, OPTIONS';

export type ArrivalVerdict = ApiError | 'answered' | null;

/** What the arrival steps use: the gate's services, request ids, and the clock errors quote. */
export type ArrivalDeps = GateDeps & Pick<ExchangeServices, 'nextRequestId' | 'clock'>;

/**
 * The arrival steps of one emulator's API. `checkHost` is false for the in-process transport, whose
 * host name is made up (it cannot come from a network or a browser).
 */
export function arrival(core: ArrivalDeps): (req: ArrivingRequest, res: ReplyChannel, checkHost: boolean) => ArrivalVerdict {
  const gate = new Gate(core);
  return (req, res, checkHost) => {
    // Identity: the processing-time header counts from here.
    const startedAt = performance.now();
    const id = core.nextRequestId();
    res.setHeader('x-request-id', id);

    // The dialect, and what its errors may quote.
    const dialect = DIALECTS[dialectOfPath(req.path, core.config)];
    const locals = new ArrivedExchange(startedAt, dialect, id, core.clock);
    res.locals = locals;
    for (const name in dialect.headers) res.setHeader(name, dialect.headers[name]);

    // Host and origin; the API also answers the origins listed with `--cors-origins`, with CORS headers and preflight.
    const origin = gate.site(req.headers, 'api', checkHost);
    if (typeof origin !== 'string') return origin;
    if (origin === 'listed') {
      allowOrigin(res, String(req.headers.origin));
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
        preflight(req.headers['access-control-request-headers'], res);
        return 'answered';
      }
    }
    const wrongType = contentTypeError(req.headers);
    if (wrongType) return wrongType;

    // The journal entry. 'close' follows the reply's end, and comes alone when the client left first.
    const log = gate.open(id, req.method, redactQuery(req.originalUrl), req.headers, dialect.name);
    locals.exchange = log;
    const closed = () => (res.headersSent ? log.finish(res.statusCode, req.body, res) : log.finish(null, req.body));
    res.on('close', closed);

    // The caller: `OpenAI-Organization` and `OpenAI-Project` are echoed back; a missing or unknown key is the API's 401.
    if (dialect.echoesOrganization !== false) {
      const organization = req.headers['openai-organization'];
      const project = req.headers['openai-project'];
      beforeReply(res, () => {
        res.setHeader('openai-organization', typeof organization === 'string' && organization !== '' ? organization : ORGANIZATION);
        if (typeof project === 'string' && project !== '') res.setHeader('openai-project', project);
      });
    }
    const key = gate.caller(req.headers);
    if (typeof key !== 'string') return key;
    locals.apiKey = key;
    return null;
  };
}

/**
 * A WebSocket upgrade's arrival: host and origin (a page on another site can open a WebSocket to
 * localhost, and no CORS applies: only this machine's names and the page's own or a listed origin
 * get in), then the caller's key. The upgrade is no journal entry (each frame is one). The key whose
 * budget the socket's frames spend, or the ApiError to refuse the upgrade with.
 */
export function upgradeArrival(core: GateDeps): (headers: IncomingHttpHeaders) => string | ApiError {
  const gate = new Gate(core);
  return (headers) => {
    const origin = gate.site(headers, 'api', true);
    return typeof origin === 'string' ? gate.caller(headers) : origin;
  };
}

/**
 * A WebSocket frame's arrival, its upgrade having passed the rest once for the connection: a request
 * id, and its journal entry (method `WS`, the upgrade's path as journaled and its headers).
 */
export function frameArrival(core: GateDeps & Pick<ExchangeServices, 'nextRequestId'>): (upgrade: JournaledRequest, dialect: string) => ExchangeLog {
  const gate = new Gate(core);
  return (upgrade, dialect) => gate.open(core.nextRequestId(), 'WS', upgrade.path, upgrade.headers, dialect);
}

/** What the journal keeps of a request as it arrived: worked out once per request (per connection, for a WebSocket's frames). */
export interface JournaledRequest {
  /** The path as sent, secrets in its query redacted. */
  readonly path: string;
  /** The headers as they arrived (Node's object): each journal entry keeps them redacted. */
  readonly headers: IncomingHttpHeaders;
}

export function journaledRequest(req: Pick<ArrivingRequest, 'originalUrl' | 'headers'>): JournaledRequest {
  return { path: redactQuery(req.originalUrl), headers: req.headers };
}

/** A listed origin may read every answer, errors included, and the API's headers. */
function allowOrigin(res: ReplyChannel, origin: string): void {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', '*');
  res.setHeader('vary', 'Origin');
}

function preflight(requestedHeaders: string | undefined, res: ReplyChannel): void {
  res.statusCode = 204;
  res.setHeader('access-control-allow-methods', CORS_METHODS);
  if (requestedHeaders) res.setHeader('access-control-allow-headers', requestedHeaders.slice(0, 4096));
  res.setHeader('access-control-max-age', String(PREFLIGHT_MAX_AGE_S));
  res.end();
}
