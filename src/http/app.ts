/**
 * The Express application: the emulator's own pages under `/__emulator`, then every other request
 * handed to the API pipeline by one adapter (src/http/api-adapter.ts), then the final error handler.
 */
import express, { type Express } from 'express';
import type { GateDeps } from '../core/gate/gate';
import { ADMIN_PREFIX, adminRoutes, type AdminDeps } from '../admin/admin-routes';
import type { EmulatorApiDeps } from '../transport/emulator-api';
import { apiAdapter } from './api-adapter';
import { errorHandler } from './middleware';
import { adminSiteGuard } from './site-guard';

/** What the application calls in the core: the admin pages' services (and their gate's), the API's. */
export type HttpAppDeps = AdminDeps & GateDeps & EmulatorApiDeps;

export function createHttpApp(core: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // The admin pages' queries, parsed with qs as the API's are (the pipeline parses those itself).
  app.set('query parser', 'extended');

  // The emulator's own pages come first: they take no request id from the API's seeded sequence.
  // Only this machine's host names and the page's own origin reach them (no CORS, ever).
  if (core.config.admin) app.use(ADMIN_PREFIX, adminSiteGuard(core), adminRoutes(core));
  // Everything else is the API.
  app.use(apiAdapter(core));
  app.use(errorHandler(core));
  return app;
}
