/**
 * What the Redis-backed budgets share: removing one kind of the emulator's keys (a reset), by prefix,
 * without blocking the server, and the API's error for a request that needed Redis while it was down.
 */
import type { Redis } from 'ioredis';
import { ApiError } from '../../errors';

/** The API's 500 for an exchange that needed Redis while it was unreachable (the replica reconnects by itself). */
export function storeUnavailable(): ApiError {
  return new ApiError(500, 'server_error', "The emulator's shared store (Redis) is unavailable. Please retry your request.");
}

/** A Redis call whose connection failure is the API's 500 (storeUnavailable), not an unexpected error. */
export async function orUnavailable<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw err instanceof ApiError ? err : storeUnavailable();
  }
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
