/** Assembles the Express application: shared middleware, each dialect's routes, fallbacks. */
import express, { type Express } from 'express';
import { openaiRoutes } from '../dialects/openai/routes';
import type { Emulator } from '../emulator';
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

  app.use(requestContext(emulator));
  const openai = openaiRoutes(emulator);
  app.use('/v1', openai.router);
  app.use(openai.router);
  app.use(unknownRoute(openai.routes));
  app.use(errorHandler(options.logError ?? ((message, error) => console.error(`responses-emulator: ${message}`, error))));
  return app;
}
