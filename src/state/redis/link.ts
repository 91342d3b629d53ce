/**
 * A replica's link to the shared store: its Redis connection, the key prefix, and the replica's
 * identity — a short number drawn from a shared counter at startup, so the journal and the health
 * endpoint say which replica answered.
 */
import type Redis from 'ioredis';
import type { Logger } from '../../log';
import { connectRedis, RedisUnreachable } from './connection';
import { incrementCounter } from './redis-calls';
import { KEPT_MS } from './retention';

/**
 * Every key of the emulator's shared state starts with this, so the emulator can share a Redis (or a
 * db number) with other users. Replicas meant to share state use the same URL, db included; tests
 * give each case its own db.
 */
export const KEY_PREFIX = 're:';

export interface RedisLink {
  client: Redis;
  /** A second connection, subscribed to the `finished` channel (a subscribed connection runs no other commands). */
  subscriber: Redis;
  prefix: string;
  /** `replica-<n>`: which replica this is, for the journal and the health endpoint. */
  replica: string;
}

export async function openRedisLink(url: string, log: Logger): Promise<RedisLink> {
  const client = await connectRedis(url, log);
  // Its own options (reconnecting after a restart, then subscribed again: ioredis resubscribes); its
  // failures are the main connection's to report.
  const subscriber = client.duplicate();
  subscriber.on('error', () => undefined);
  try {
    const n = await incrementCounter(client, `${KEY_PREFIX}n:replicas`, KEPT_MS);
    await subscriber.connect();
    await subscriber.subscribe(`${KEY_PREFIX}finished`);
    return { client, subscriber, prefix: KEY_PREFIX, replica: `replica-${n}` };
  } catch (err) {
    closeRedisLink({ client, subscriber });
    throw new RedisUnreachable(url, (err as Error).message);
  }
}

/** Drops a replica's connections at once (a startup that failed after connecting). */
export function closeRedisLink(link: Pick<RedisLink, 'client' | 'subscriber'>): void {
  link.client.disconnect();
  link.subscriber.disconnect();
}
