/** Assembles the Express application: shared middleware, each dialect's routes, fallbacks. */
import express, { type Express } from 'express';
import { AITRONOS_PATHS } from '../dialects/aitronos/dialect';
import { aitronosRoutes } from './routes/aitronos';
import { OPEN_RESPONSES_PREFIX } from '../dialects/open-responses/dialect';
import { selectDialect } from './select-dialect';
import { openaiRoutes } from './routes/openai';
import { openResponsesRoutes } from './routes/open-responses';
import type { Emulator } from '../emulator';
import { RecordingProxy } from '../record/recording-proxy';
import { ADMIN_PREFIX, adminRoutes } from '../admin/admin-routes';
import { authenticate } from './auth';
import { journalExchanges } from './exchange';
import { errorHandler, requestContext, unknownRoute } from './middleware';
import { series } from './series';
import { adminSiteGuard, apiSiteGuard } from './site-guard';

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
  // in the caller's dialect), its host, origin and content type checked, journaled, then authenticated.
  app.use(series(requestContext(emulator), selectDialect(emulator), apiSiteGuard(emulator), journalExchanges(emulator), authenticate(emulator)));

  const openResponses = openResponsesRoutes(emulator, `${OPEN_RESPONSES_PREFIX}/v1`);
  app.use(`${OPEN_RESPONSES_PREFIX}/v1`, openResponses.router);
  const aitronos = aitronosRoutes(emulator);
  // Its routes are only walked for its own paths.
  app.use((req, res, next) => (AITRONOS_PATHS.test(req.path) ? aitronos.router(req, res, next) : next()));
  if (emulator.config.dialect === 'open-responses') {
    // Open Responses also answers /v1/responses(/compact); every other /v1 route stays OpenAI's.
    const atV1 = openResponsesRoutes(emulator, '(?:/v1)?');
    app.use('/v1', atV1.router);
    app.use(atV1.router);
  }
  const recorder = emulator.config.recordMode !== 'none' && emulator.config.upstream ? new RecordingProxy(emulator, emulator.config.upstream) : null;
  const openai = openaiRoutes(emulator, recorder);
  app.use('/v1', openai.router);
  app.use(openai.router);
  app.use(unknownRoute([...openai.routes, ...openResponses.routes, ...aitronos.routes]));
  app.use(errorHandler(options.logError ?? ((message, error) => emulator.log.error({ err: error }, message))));
  return app;
}
