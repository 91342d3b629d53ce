/**
 * The emulator's own endpoints, under `/__emulator/`: health, the request journal (list, filter,
 * one entry, clear; an entry as a fixture or as a curl command), reset, a live feed of exchanges
 * (SSE) and the inspector page. When API keys are configured they need one too (Bearer, or
 * `?api_key=` for a browser).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AdminServices } from '../core/services';
import { PACKAGE_DIR } from '../package-dir';
import { ApiError } from '../errors';
import { apiKeyOf, authError } from '../core/gate/api-keys';
import { unknownRoute } from '../http/middleware';
import { parseIntegerParam, stringParam } from '../dialects/shared/query';
import { sendJson } from '../pipeline/reply';
import { assembleOutput } from '../journal/assembled-output';
import { curlOfExchange } from '../journal/exchange-curl';
import { fixtureOfExchange, fixtureYaml } from '../journal/exchange-fixture';
import { summarize, type JournalEntry, type JournalFilter } from '../journal/journal';

export const ADMIN_PREFIX = '/__emulator';

/** Updates to an entry are batched and sent at most this often (a fast stream would flood the page). */
const FEED_INTERVAL_MS = 100;
const KEEP_ALIVE_MS = 15_000;

export const INSPECTOR_DIR = join(PACKAGE_DIR, 'inspector');

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/inspector.js': { file: 'inspector.js', type: 'text/javascript; charset=utf-8' },
  '/inspector.css': { file: 'inspector.css', type: 'text/css; charset=utf-8' },
};

/** The page may load its own script and style and talk to this server; nothing else. */
const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** What the admin routes read and do, and what "copy as fixture" reads (whatever fixtureOfExchange takes). */
export type AdminDeps = AdminServices & Parameters<typeof fixtureOfExchange>[0];

export function adminRoutes(emulator: AdminDeps): Router {
  const router = Router();
  const assets = new Map<string, Buffer>();

  // The page's relative links need the trailing slash: /__emulator → /__emulator/
  router.get('/', (req, res, next) => {
    const [path, query] = req.originalUrl.split('?');
    if (path.endsWith('/')) return next();
    res.redirect(301, `${path}/${query === undefined ? '' : `?${query}`}`);
  });

  for (const [path, { file, type }] of Object.entries(ASSETS)) {
    // Static, data-free: served without a key so the page can load and then ask for one.
    router.get(path, (_req, res) => {
      let body = assets.get(file);
      if (!body) assets.set(file, (body = readFileSync(join(INSPECTOR_DIR, file))));
      res.setHeader('content-type', type);
      res.setHeader('content-security-policy', PAGE_POLICY);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', 'no-store');
      res.send(body);
    });
  }

  router.use(requireKey(emulator.config));

  router.get('/health', (_req, res) => {
    sendJson(res, 200, {
      status: 'ok',
      version: (require('../../package.json') as { version: string }).version,
      stored_responses: emulator.store.size,
      active_generations: emulator.activeGenerations,
      fixtures: emulator.fixtures.size,
      journal_entries: emulator.journal.size,
      // With a shared store: which replica answered (stored_responses is then this replica's cache of it).
      ...(emulator.shared ? { replica: emulator.shared.replica } : {}),
    });
  });

  router.get('/requests', (req, res) => {
    const filter = journalFilter(req.query);
    const full = stringParam(req.query, 'detail') !== 'false';
    const entries = emulator.journal.list(filter);
    sendJson(res, 200, { object: 'list', data: full ? entries : entries.map(summarize) });
  });

  const entryOf = (req: Request): JournalEntry => {
    const entry = emulator.journal.get(String(req.params.id));
    if (!entry) throw new ApiError(404, 'invalid_request_error', `No journal entry with id '${String(req.params.id)}'.`, 'id', null);
    return entry;
  };

  // One entry, with its output assembled as text per output item (a running stream's so far).
  router.get('/requests/:id', (req, res) => {
    const entry = entryOf(req);
    sendJson(res, 200, { ...entry, output: assembleOutput(entry.events, entry.response?.body) });
  });

  // "Copy as fixture": YAML that would answer the same request the same way.
  router.get('/requests/:id/fixture', (req, res) => {
    const text = fixtureYaml(fixtureOfExchange(emulator, entryOf(req)));
    res.status(200).setHeader('content-type', 'application/yaml; charset=utf-8');
    res.send(text);
  });

  // "Copy as curl": the request as a runnable command against this server, no credentials in it.
  router.get('/requests/:id/curl', (req, res) => {
    const text = curlOfExchange(entryOf(req), `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`, emulator.config.testIdHeader);
    res.status(200).setHeader('content-type', 'text/plain; charset=utf-8');
    res.send(text);
  });

  router.delete('/requests', (req, res) => {
    sendJson(res, 200, { object: 'journal.cleared', deleted: emulator.journal.remove(journalFilter(req.query)) });
  });

  router.post('/reset', (_req, res) => {
    emulator.reset();
    sendJson(res, 200, { object: 'emulator.reset', reset: true });
  });

  // Each feed costs a timer and a journal listener: their number is capped (--max-feed-connections).
  let feeds = 0;
  router.get('/events', (req, res) => {
    if (feeds >= emulator.config.maxFeedConnections) {
      throw new ApiError(
        429,
        'invalid_request_error',
        `Too many open live feeds: at most ${emulator.config.maxFeedConnections} connections to /__emulator/events at once (--max-feed-connections). Close one and retry.`,
        null,
        'too_many_feeds',
      );
    }
    feeds++;
    res.once('close', () => feeds--);
    liveFeed(emulator.journal, req, res);
  });
  router.use(unknownRoute());

  return router;
}

/** `?test_id=…&path=…&method=…&status=…&answered_by=…&fixture=…&limit=…` */
function journalFilter(query: Record<string, unknown>): JournalFilter {
  const filter: JournalFilter = {};
  const testId = stringParam(query, 'test_id');
  const path = stringParam(query, 'path');
  const method = stringParam(query, 'method');
  const answeredBy = stringParam(query, 'answered_by');
  const fixture = stringParam(query, 'fixture');
  const status = parseIntegerParam(query, 'status', 100, 599);
  const limit = parseIntegerParam(query, 'limit', 1, 100_000);
  if (testId !== undefined) filter.testId = testId;
  if (path !== undefined) filter.path = path;
  if (method !== undefined) filter.method = method;
  if (answeredBy !== undefined) filter.answeredBy = answeredBy;
  if (fixture !== undefined) filter.fixture = fixture;
  if (status !== undefined) filter.status = status;
  if (limit !== undefined) filter.limit = limit;
  return filter;
}

function requireKey(config: Pick<AdminServices['config'], 'apiKeys'>): RequestHandler {
  return (req, _res, next) => next(authError(config.apiKeys, apiKeyOf(req.headers, req.query)) ?? undefined);
}

/**
 * `GET /__emulator/events`: an SSE feed of the journal — `event: exchange` (data: `{change:
 * "added"|"updated", entry: <summary>}`), starting with the entries already there, oldest first,
 * and `event: removed` when entries were deleted (reload the list). `?test_id=` narrows it.
 */
function liveFeed(journal: AdminServices['journal'], req: Request, res: Response): void {
  const filter = journalFilter(req.query);
  res.status(200);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  res.flushHeaders();
  let lastWrite = performance.now();
  const write = (frame: string): void => {
    res.write(frame);
    lastWrite = performance.now();
  };
  const send = (change: 'added' | 'updated', entry: JournalEntry): void => write(`event: exchange\ndata: ${JSON.stringify({ change, entry: summarize(entry) })}\n\n`);
  for (const entry of journal.list(filter).reverse()) send('added', entry);

  const pending = new Set<JournalEntry>();
  const tick = setInterval(() => {
    for (const entry of pending) send('updated', entry);
    pending.clear();
    if (performance.now() - lastWrite > KEEP_ALIVE_MS) write(': keep-alive\n\n');
  }, FEED_INTERVAL_MS);
  const unsubscribe = journal.subscribe((change, entry) => {
    if (change === 'removed') {
      pending.clear();
      return write('event: removed\ndata: {}\n\n');
    }
    if (!entry || (filter.testId !== undefined && entry.testId !== filter.testId)) return;
    if (change === 'added') send('added', entry);
    else pending.add(entry);
  });
  res.once('close', () => {
    clearInterval(tick);
    unsubscribe();
  });
}
