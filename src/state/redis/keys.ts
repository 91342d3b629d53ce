/** Removing one kind of the emulator's keys from Redis (a reset), by prefix, without blocking the server. */
import type { Redis } from 'ioredis';

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
