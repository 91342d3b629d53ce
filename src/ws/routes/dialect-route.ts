/**
 * The WebSocket routes, read off the dialect registry: every dialect with a WebSocket mode is served
 * on the paths it names, its frames parsed by its `parseCreate` (with `stream` implied) and written by
 * its `webSocket` rendering. Nothing here is per dialect.
 */
import type { RequestParsing } from '../../core/services';
import type { Dialect, WebSocketMode } from '../../dialects/dialect';
import { DIALECT_LIST } from '../../dialects/registry';
import { requestOptions } from '../../pipeline/request-options';
import type { WsDialect, WsRoute } from '../responses-socket';

/** One route per dialect with a WebSocket mode (a dialect whose paths are empty under this `--dialect` is left out). */
export function dialectWsRoutes(core: RequestParsing): WsRoute[] {
  return DIALECT_LIST.flatMap((dialect) => {
    const mode = dialect.webSocket;
    const paths = mode?.paths(core.config) ?? [];
    return mode && paths.length > 0 ? [wsRoute(core, dialect, mode, paths)] : [];
  });
}

function wsRoute(core: RequestParsing, dialect: Dialect, mode: WebSocketMode, paths: string[]): WsRoute {
  const bound: WsDialect = {
    name: dialect.name,
    parse: (body, policy) => dialect.parseCreate(body, { schemas: core.schemas, policy, config: core.config }).request,
    stream: mode.stream,
    error: mode.errorFrame,
    refusal: dialect.renderError,
  };
  const locals = { dialect };
  return { paths, dialect: bound, options: (req) => requestOptions(req, locals) };
}
