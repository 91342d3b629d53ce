/** Assembles the Express application: shared middleware, each dialect's routes, fallbacks. */
import express, { type Express } from 'express';
import { openaiRoutes } from '../dialects/openai/routes';
import type { Emulator } from '../emulator';
import { RecordingProxy } from '../record/recording-proxy';
import { ADMIN_PREFIX, adminRoutes } from '../admin/admin-routes';
import { authenticate } from './auth';
import { journalExchanges } from './exchange';
import { errorHandler, requestContext, unknownRoute } from './middleware';

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
  if (emulator.config.admin) app.use(ADMIN_PREFIX, adminRoutes(emulator));
  app.use(requestContext(emulator));
  // Everything else is the API: journaled, then authenticated.
  app.use(journalExchanges(emulator, 'openai'));
  app.use(authenticate(emulator));
  const recorder = emulator.config.recordMode !== 'none' && emulator.config.upstream ? new RecordingProxy(emulator, emulator.config.upstream) : null;
  const openai = openaiRoutes(emulator, recorder);
  app.use('/v1', openai.router);
  app.use(openai.router);
  app.use(unknownRoute(openai.routes));
  app.use(errorHandler(options.logError ?? ((message, error) => emulator.log.error({ err: error }, message))));
  return app;
}
