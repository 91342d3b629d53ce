/**
 * Calls to Redis, as the shared store and the budgets make them: a failure is the API's 500 (one
 * helper for all), scripts defined once per connection, one kind of the emulator's keys removed (a
 * reset) by prefix without blocking the server.
 */
import type { Redis } from 'ioredis';
import { ApiError } from '../../errors';
import type { Logger } from '../../log';

/** The API's 500 for an exchange that needed Redis while it was unreachable (the replica reconnects by itself). */
export function storeUnavailable(): ApiError {
  return new ApiError(500, 'server_error', "The emulator's shared store (Redis) is unavailable. Please retry your request.");
}

/** A Redis call whose connection failure is the API's 500 (storeUnavailable), not an unexpected error; logged when given a log. */
export async function orUnavailable<T>(call: Promise<T>, log?: Logger): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    log?.warn(`Redis store unavailable: ${(err as Error).message}`);
    throw storeUnavailable();
  }
}

/** Defines Lua scripts as commands on a connection (EVALSHA, loaded on first use), once per connection. */
export function defineScripts(redis: Redis, numberOfKeys: number, scripts: Readonly<Record<string, string>>): void {
  for (const [name, lua] of Object.entries(scripts)) if (typeof (redis as unknown as Record<string, unknown>)[name] !== 'function') redis.defineCommand(name, { numberOfKeys, lua });
}

/** A Redis glob matching `text` literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** Unlinks every key starting with `prefix`: SCAN in pages (KEYS would block every replica on a large database). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** INCR of a shared counter with its TTL set again (kept as long as what it numbered), in one transaction. */
export async function incrementCounter(redis: Redis, key: string, ttlMs: number | string): Promise<number> {
  const results = await redis.multi().incr(key).pexpire(key, ttlMs).exec();
  const [err, n] = results?.[0] ?? [new Error('the transaction was discarded'), null];
  if (err) throw err;
  return n as number;
}
