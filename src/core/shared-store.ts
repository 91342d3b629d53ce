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
import { sharedLimits } from '../state/redis/shared-limits';
import type { ResponseStore } from '../state/response-store';

export function sharedStore(
  redis: RedisLink | null,
  parts: { store: ResponseStore; conversations: ConversationStore; config: ResolvedConfig; log: Logger; isLive(id: string): boolean; abandon(id: string): void },
): RedisState | null {
  return redis ? new RedisState(redis, parts) : null;
}

/** Per-key rate limits (`--rpm`, `--tpm`) and fault `count=` budgets: this process's, or the fleet's through Redis. */
export function budgets(redis: RedisLink | null, config: Pick<ResolvedConfig, 'rpm' | 'tpm'>, log: Logger): { rateLimits: RateLimits; faultCounts: FaultBudgets } {
  if (!redis) return { rateLimits: new RateLimiter(config.rpm, config.tpm), faultCounts: new FaultCounters() };
  return sharedLimits(redis.client, redis.prefix, config, { onError: (err) => log.error({ err }, 'a token charge did not reach the shared store') });
}
