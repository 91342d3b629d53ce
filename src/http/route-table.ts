/**
 * A dialect's router and the routes it knows (for 404 vs 405 on unknown requests). Every API route is
 * gated the same way: its body parsed, its request counted against the key's budget, any injected
 * fault served, then the handler.
 */
import { Router, type RequestHandler } from 'express';
import type { Emulator } from '../emulator';
import { admissionGate } from './fault-gate';
import { routePattern, type KnownRoute } from './middleware';

/** What each dialect's HTTP routes hand the app: its router and its known routes. */
export interface DialectRoutes {
  router: Router;
  routes: KnownRoute[];
}

export interface RouteTable {
  router: Router;
  routes: KnownRoute[];
  /** Adds a route: its own middleware (e.g. the body parser), then the gate, then the handler. */
  add(method: 'get' | 'post' | 'delete', path: string, ...handlers: RequestHandler[]): void;
}

/** `mountedAt`: the regex source of the prefixes the router is served under (for the known-route patterns). */
export function routeTable(emulator: Emulator, mountedAt = '(?:/v1)?'): RouteTable {
  const router = Router();
  const routes: KnownRoute[] = [];
  const gate = admissionGate(emulator);
  return {
    router,
    routes,
    add(method, path, ...handlers) {
      router[method](path, ...handlers.slice(0, -1), gate, handlers[handlers.length - 1]);
      const pattern = routePattern(path, mountedAt);
      const known = routes.find((r) => r.pattern.source === pattern.source);
      if (known) known.methods.push(method.toUpperCase());
      else routes.push({ pattern, methods: [method.toUpperCase()] });
    },
  };
}
