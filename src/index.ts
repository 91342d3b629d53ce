/**
 * The library API. In a test file, `useEmulator()` from responses-emulator/vitest or /jest does the
 * lifecycle below for you (src/testing/).
 *
 *   const emulator = await startEmulator({ port: 0 });
 *   const client = new OpenAI({ apiKey: 'test', baseURL: emulator.baseURL });
 *   …
 *   await emulator.close();
 *
 * Or without a port at all (the same application, through an in-process `fetch`):
 *
 *   const emulator = createInProcessEmulator();
 *   const client = new OpenAI({ apiKey: 'test', baseURL: emulator.baseURL, fetch: emulator.fetch });
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { ArrivalQueue, DEFAULT_PER_TURN, IDLE_PER_TURN } from './core/arrival-queue';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { resolveConfig, type EmulatorOptions, type ResolvedConfig } from './config';
import { Emulator } from './emulator';
import { createHttpApp } from './http/app';
import { dialectWsRoutes } from './ws/routes/dialect-route';
import { attachWebSockets } from './ws/responses-socket';
import { watchFixtures } from './fixtures/watch';
import { createFetch, IN_PROCESS_ORIGIN, type FetchFunction } from './transport/in-process-fetch';
import { ConfigError } from './config';
import { emulatorControls, type EmulatorControls } from './testing/controls';
import { FixtureLoadError } from './fixtures/load-error';
import type { JournalEntry, JournalFilter } from './journal/journal';
import { createLogger } from './log';
import { closeRedisLink, openRedisLink, type RedisLink } from './state/redis/link';

/** An emulator answering in this process, through `fetch`: no port (see createInProcessEmulator). */
export interface InProcessEmulator extends EmulatorControls {
  /** The origin requests are addressed to (any host works; this one reads well in logs). */
  url: string;
  /** `${url}/v1`: pass this as the OpenAI SDK's `baseURL`, with `fetch` as its `fetch`. */
  baseURL: string;
  /** A `fetch`-compatible function answered by the emulator's application, exactly as over HTTP. */
  fetch: FetchFunction;
  /** The core, for programmatic control (e.g. `emulator.core.fixtures`, `emulator.core.journal`). */
  core: Emulator;
  /** Stops running generations and fixture watching. */
  close(): Promise<void>;
}

export interface CloseOptions {
  /**
   * Milliseconds in-flight responses get to finish (new connections are refused meanwhile); then
   * each still running ends with an `error` event. Default 0: at once.
   */
  graceMs?: number;
}

export interface RunningEmulator extends InProcessEmulator {
  /** `http://127.0.0.1:PORT`: the server root (paths are served with and without `/v1`). */
  url: string;
  /** `http://127.0.0.1:PORT/v1`: pass this as the OpenAI SDK's `baseURL`. */
  baseURL: string;
  port: number;
  server: Server;
  /** Stops listening and closes every connection, after a grace period for in-flight responses if given. */
  close(options?: CloseOptions): Promise<void>;
}

/**
 * Builds the emulator core without a server (for custom transports). Loads the fixtures directory
 * when one is configured; fixture errors throw a FixtureLoadError (a ConfigError) with the whole report.
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const config = resolveConfig(options);
  // Connecting to Redis is asynchronous: only startEmulator (and the command) can.
  if (config.store !== 'memory') throw new ConfigError('store: a Redis store needs startEmulator() (or the command); createEmulator, createApp and createInProcessEmulator use the memory store.');
  return emulatorCore(config, null);
}

/** The core over its stores (a Redis link for a shared store), with the fixtures directory loaded. */
function emulatorCore(config: ResolvedConfig, redis: RedisLink | null): Emulator {
  const core = new Emulator(config, undefined, redis);
  const dir = core.config.fixturesDir;
  // A recorder writes into its directory: it is created when missing.
  if (dir && core.config.recordMode !== 'none') mkdirSync(dir, { recursive: true });
  if (dir) {
    const report = core.loadFixtures(dir);
    if (report.errors.length > 0) throw new FixtureLoadError(dir, report);
    for (const warning of report.warnings) core.log.warn(`fixture warning: ${warning}`);
    const skipped = report.skipped.map((s) => `; not loaded: ${s}, the emulator's examples (they load when named: --fixtures ${s})`).join('');
    core.log.info(`loaded ${report.fixtures.length} fixtures from ${dir}${skipped}`);
  }
  return core;
}

/** The Express application, e.g. for supertest: `request(createApp())`. */
export function createApp(options: EmulatorOptions = {}): Express {
  return createHttpApp(createEmulator(options));
}

/**
 * The emulator without a server: `fetch` hands requests to the same application `startEmulator`
 * serves (WebSocket mode needs a server).
 */
export function createInProcessEmulator(options: EmulatorOptions = {}): InProcessEmulator {
  const core = createEmulator(options);
  const fetch = createFetch(createHttpApp(core), core);
  const unwatch = core.config.watchFixtures && core.config.fixturesDir ? watchFixtures(core, core.config.fixturesDir, (m) => core.log.info(m)) : () => undefined;
  return {
    url: IN_PROCESS_ORIGIN,
    baseURL: `${IN_PROCESS_ORIGIN}/v1`,
    fetch,
    core,
    ...emulatorControls(core),
    close: async () => {
      core.shutdown();
      unwatch();
    },
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const config = resolveConfig(options);
  // A shared store that cannot be reached is a startup error (RedisUnreachable), not a replica on its own.
  const redis = config.store === 'memory' ? null : await openRedisLink(config.store, createLogger(config.logLevel));
  try {
    return await serve(emulatorCore(config, redis));
  } catch (err) {
    if (redis) closeRedisLink(redis);
    throw err;
  }
}

async function serve(core: Emulator): Promise<RunningEmulator> {
  const app = createHttpApp(core);
  // Slow-loris protection: a request must arrive whole within --request-timeout (checked often).
  const requestTimeout = core.config.requestTimeoutMs;
  // A burst of arrivals is answered a few requests per event-loop turn, so streams already playing
  // keep their timing (src/core/arrival-queue.ts); in arrival order, so ids are what they would be.
  // More per turn while nothing plays: there is no timing to keep then, and longer turns cost less.
  const arrivals = new ArrivalQueue(() => (core.activeGenerations === 0 ? IDLE_PER_TURN : DEFAULT_PER_TURN));
  /** Set when the core shuts down: a request still waiting in the queue then gets its connection cut. */
  let ended = false;
  const server = createServer({ requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1000, Math.max(50, requestTimeout / 4)) }, (req, res) =>
    arrivals.admit(() => {
      if (ended) return void req.socket.destroy();
      // A client that left while its request waited is not answered (nor journaled).
      if (!req.socket.destroyed) app(req, res);
    }),
  );
  const sockets = attachWebSockets(server, core, dialectWsRoutes(core));
  const unwatch = core.config.watchFixtures && core.config.fixturesDir ? watchFixtures(core, core.config.fixturesDir, (m) => core.log.info(m)) : () => undefined;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(core.config.port, core.config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Compile schemas and load the tokenizer now that we are listening, so the first request does not pay for it.
  setImmediate(() => core.warmUp());
  const warning = exposureWarning(core.config);
  if (warning) core.log.warn(warning);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(core.config.host)}:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    port,
    core,
    server,
    fetch: createFetch(app, core),
    ...emulatorControls(core),
    close: (options = {}) =>
      new Promise<void>((resolve, reject) => {
        unwatch();
        // The shared store's connection closes last: the generations' final states are written first.
        server.close((err) => (err ? reject(err) : void (core.shared?.close() ?? Promise.resolve()).then(resolve, resolve)));
        const graceMs = options.graceMs ?? 0;
        const started = performance.now();
        const end = (): void => {
          // What still runs ends with an error event; connections get a moment to flush it.
          ended = true;
          core.endGenerations();
          core.shutdown();
          for (const client of sockets.clients) client.close(1001, 'server shutting down');
          sockets.close();
          server.closeIdleConnections();
          setTimeout(() => {
            for (const client of sockets.clients) client.terminate();
            server.closeAllConnections();
          }, 100).unref();
        };
        if (graceMs === 0) return end();
        // Waits for in-flight responses and requests still queued (connections close as their replies
        // end), then ends the rest.
        const poll = setInterval(() => {
          server.closeIdleConnections();
          if ((core.activeGenerations === 0 && arrivals.waitingCount === 0) || performance.now() - started >= graceMs) {
            clearInterval(poll);
            end();
          }
        }, 25);
      }),
  };
}

/** Binding to every interface exposes the emulator beyond this machine: the warning to give, if any. */
export function exposureWarning(config: Pick<ResolvedConfig, 'host' | 'apiKeys'>): string | null {
  if (config.host !== '0.0.0.0' && config.host !== '::' && config.host !== '[::]') return null;
  const open = config.apiKeys.length === 0 ? ' without an API key (set --api-key)' : '';
  return `listening on all interfaces (${config.host}): anyone who can reach this machine can use the emulator${open}`;
}

/** A host a client can connect to: wildcard binds are reached through loopback; IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export { Emulator } from './emulator';
export type { RequestOptions } from './emulator-types';
export type { FixtureInput } from './fixtures/fixture-library';
export type { EmulatorControls, FaultSpec } from './testing/controls';
export type { FaultOptions } from './faults/fault-queue';
export { ApiError } from './errors';
export { OPTIONS, resolveConfig } from './config';
export { ConfigError };
export { FixtureLoadError } from './fixtures/load-error';
export { RedisUnreachable } from './state/redis/connection';
export type { FixtureDiagnostic } from './fixtures/diagnostics';
export type { Fixture, FixtureMatch, FixtureReply, TextMatcher } from './fixtures/types';
export type { JournalEntry, JournalFilter, JournalSummary } from './journal/journal';
export { FAULT_KINDS, type FaultKind } from './faults/faults';
export type { EmulatorOptions, ResolvedConfig };
export type { FetchFunction };
export type { CanonicalRequest } from './canonical/request';
export type { ResponseRecord, ResponseStatus } from './model/response-record';
