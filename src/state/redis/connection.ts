/**
 * The Redis connection of a replica (`--store redis://…`), with ioredis.
 *
 * Startup: connect once, then PING; when Redis cannot be reached the promise rejects with a
 * RedisUnreachable naming the URL (its password hidden), rather than retrying forever, so a replica
 * that cannot share state never starts answering on its own. After startup ioredis reconnects by
 * itself (a Redis restart mid-run); meanwhile commands fail at once (no offline queue, no retries of
 * a command, a command timeout) so a request gets the API's 500 instead of hanging on a queued
 * command — see src/state/redis/redis-state.ts.
 */
import { redactUrl } from '../../redact';
import type { Redis } from 'ioredis';
import type { Logger } from '../../log';

/** How long one command may take before the request fails (a stalled Redis must not hang requests). */
const COMMAND_TIMEOUT_MS = 5_000;
/** The startup attempt's own limit (an unroutable address would otherwise wait for the OS). */
const CONNECT_TIMEOUT_MS = 5_000;

export class RedisUnreachable extends Error {
  constructor(url: string, reason: string) {
    super(`Cannot reach the Redis store at ${redactUrl(url)}: ${reason}`);
    this.name = 'RedisUnreachable';
  }
}

export async function connectRedis(url: string, log: Logger): Promise<Redis> {
  // Loaded here, not at start-up: requiring ioredis takes ~100 ms, which the memory store (the
  // default, and every test suite's) must not pay in its cold start.
  const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
  let started = false;
  let down = false;
  const client = new RedisClient(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // Before startup succeeded: no retry (the caller reports the failure). After: keep reconnecting, backing off to 1 s.
    retryStrategy: (times) => (started ? Math.min(times * 50, 1000) : null),
  });
  // ioredis emits 'error' on every failed attempt: without a listener, Node would crash on it.
  let lastError = '';
  client.on('error', (err: Error) => {
    lastError = err.message;
    if (started && !down) {
      down = true;
      log.warn(`Redis store ${redactUrl(url)} unavailable (${err.message}); requests that need it fail until it is back`);
    }
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log.info(`Redis store ${redactUrl(url)} is back`);
  });
  try {
    await client.connect();
    await client.ping();
    // ioredis selects the URL's database while connecting, and a failed SELECT (a db number the
    // server does not have) would leave the replica on db 0, sharing it unasked: asked again here.
    const db = client.options.db ?? 0;
    if (db !== 0) await client.select(db);
  } catch (err) {
    client.disconnect();
    throw new RedisUnreachable(url, lastError || (err as Error).message);
  }
  started = true;
  return client;
}
