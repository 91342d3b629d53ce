/** Assembles the Express application: shared middleware, each dialect's routes, fallbacks. */
import { isRecording } from '../config';
import express, { type Express } from 'express';
import type { Dialect } from '../dialects/dialect';
import { DIALECT_LIST, DIALECTS, FALLBACK_DIALECT } from '../dialects/registry';
import { apiEndpoints, endpointRoutes } from './endpoint-routes';
import type { KnownRoute } from './middleware';
import type { DialectRoutes } from './route-table';
import { openaiRoutes } from './routes/openai';
import type { Emulator } from '../emulator';
import { RecordingProxy } from '../record/recording-proxy';
import { ADMIN_PREFIX, adminRoutes } from '../admin/admin-routes';
import { apiArrival, errorHandler, unknownRoute } from './middleware';
import { adminSiteGuard } from './site-guard';

export interface HttpAppOptions {
  /** Where unexpected errors are reported (they are never sent to the client). */
  logError?: (message: string, error: unknown) => void;
}

export function createHttpApp(emulator: Emulator, options: HttpAppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // The SDK sends arrays as `include[]=a&include[]=b`.
  app.set('query parser', 'extended');

  // The emulator's own pages come first: they take no request id from the API's seeded sequence.
  // Only this machine's host names and the page's own origin reach them (no CORS, ever).
  if (emulator.config.admin) app.use(ADMIN_PREFIX, adminSiteGuard(emulator), adminRoutes(emulator));
  // Everything else is the API: given a request id, its dialect chosen by path (so that even a 401 is
  // in the caller's dialect), its host, origin and content type checked, journaled, then authenticated
  // (the pipeline's arrival steps, src/pipeline/arrival.ts).
  app.use(apiArrival(emulator));
  // Every endpoint a request matches is answered here, without walking the routers below (which
  // remain for what only they answer: HEAD, OPTIONS, 405s, bad escapes, the recording proxy).
  app.use(apiEndpoints(emulator));

  // Each dialect's endpoints, read off the registry: first those served under their own prefix or
  // paths, then the configured --dialect at /v1 and the root (only the endpoints it has: Open Responses
  // answers /v1/responses(/compact), every other /v1 route stays OpenAI's), then the fallback there.
  const known = new Map<Dialect, KnownRoute[]>();
  for (const dialect of DIALECT_LIST) {
    if (dialect.mount === null) continue;
    const { router, routes } = endpointRoutes(emulator, dialect.endpoints(emulator), dialect.mount);
    if (dialect.mount !== '') app.use(dialect.mount, router);
    else app.use((req, res, next) => (dialect.paths.owned?.test(req.path) ? router(req, res, next) : next()));
    known.set(dialect, routes);
  }
  const chosen: Dialect | undefined = (DIALECTS as Readonly<Record<string, Dialect>>)[emulator.config.dialect];
  if (chosen && chosen !== FALLBACK_DIALECT) mountAtV1(app, endpointRoutes(emulator, chosen.endpoints(emulator)));
  const recorder = isRecording(emulator.config) ? new RecordingProxy(emulator, emulator.config.upstream!) : null;
  const fallback = openaiRoutes(emulator, recorder);
  mountAtV1(app, fallback);
  known.set(FALLBACK_DIALECT, fallback.routes);
  // Known routes (404 vs 405) in registry order.
  app.use(unknownRoute(DIALECT_LIST.flatMap((dialect) => known.get(dialect) ?? [])));
  app.use(errorHandler(options.logError ?? ((message, error) => emulator.log.error({ err: error }, message))));
  return app;
}

/** Served under `/v1` and at the root. */
function mountAtV1(app: Express, { router }: DialectRoutes): void {
  app.use('/v1', router);
  app.use(router);
}
