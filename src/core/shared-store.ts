/**
 * The core's side of a shared store (`--store redis://…`): the RedisState over the core's local
 * stores (src/state/redis/redis-state.ts), and the budgets, built when the emulator has a Redis link.
 */
import type { ResolvedConfig } from '../config';
import { FaultCounters } from '../faults/fault-counters';
import type { Logger } from '../log';
import type { ConversationStore } from '../state/conversation-store';
import type { FaultBudgets } from '../state/fault-budgets';
import type { RateLimits } from '../state/rate-budget';
import { RateLimiter } from '../state/rate-limiter';
import type { RedisLink } from '../state/redis/link';
import { RedisState } from '../state/redis/redis-state';
import { RedisFaultCounts } from '../state/redis/fault-counts';
import { RedisRateLimits } from '../state/redis/rate-limits';
import type { ResponseStore } from '../state/response-store';
import { LiveGenerations } from '../state/live-generations';
import { SharedGenerations } from '../state/redis/shared-generations';
import type { ResponseRecord } from '../model/response-record';
import type { Generation } from '../state/generation-playback';

/**
 * The shared store (null with the memory store) and the live generations over it. When a generation
 * stops, its conversation gets the turn and its final state is written; with a shared store, its
 * generations are the fleet's too (src/state/redis/shared-generations.ts).
 */
export function storeAndGenerations(
  redis: RedisLink | null,
  parts: { store: ResponseStore; conversations: ConversationStore; config: ResolvedConfig; log: Logger; settle(record: ResponseRecord): void; abandon(generation: Generation): void },
): { shared: RedisState | null; generations: LiveGenerations } {
  const { store, config, settle } = parts;
  // In memory a stopped generation's record is already the stored one: its conversation gets the turn.
  if (!redis) return { shared: null, generations: new LiveGenerations(config, settle) };
  let shared: RedisState | null = null;
  const replicated = new SharedGenerations({ store, settle, withdraw: (record) => shared!.withdraw(record), writeEnd: (record) => shared!.responseUpdated(record) });
  const generations = new LiveGenerations(config, (record, closing) => replicated.stopped(record, closing), replicated);
  // An exchange whose changes could not be written stops the generations it started (the client got the 500).
  const abandon = (id: string): void => {
    const generation = generations.get(id);
    if (generation) parts.abandon(generation);
  };
  shared = new RedisState(redis, { ...parts, live: replicated, abandon });
  replicated.attach(generations);
  return { shared, generations };
}

/** Per-key rate limits (`--rpm`, `--tpm`) and fault `count=` budgets: this process's, or the fleet's through Redis. */
export function budgets(redis: RedisLink | null, config: Pick<ResolvedConfig, 'rpm' | 'tpm'>, log: Logger): { rateLimits: RateLimits; faultCounts: FaultBudgets } {
  if (!redis) return { rateLimits: new RateLimiter(config.rpm, config.tpm), faultCounts: new FaultCounters() };
  return {
    rateLimits: new RedisRateLimits(redis.client, { prefix: redis.prefix, rpm: config.rpm, tpm: config.tpm, onError: (err) => log.error({ err }, 'a token charge did not reach the shared store') }),
    faultCounts: new RedisFaultCounts(redis.client, redis.prefix),
  };
}
