/**
 * The wiring point for `--store redis://…`: the per-key rate-limit budgets and the fault `count=`
 * budgets, both kept in Redis under the fleet's key prefix, for the Emulator to use in
 * place of its in-memory ones. Every replica of a fleet passes the same prefix and the same limits.
 */
import type { Redis } from 'ioredis';
import { RedisFaultCounts } from './fault-counts';
import { RedisRateLimits } from './rate-limits';

export interface SharedLimits {
  rateLimits: RedisRateLimits;
  faultCounts: RedisFaultCounts;
}

export function sharedLimits(
  redis: Redis,
  prefix: string,
  config: { rpm: number | null; tpm: number | null },
  options: { now?: () => number; onError?: (error: unknown) => void; faultCountTtlMs?: number } = {},
): SharedLimits {
  return {
    rateLimits: new RedisRateLimits(redis, { prefix, rpm: config.rpm, tpm: config.tpm, now: options.now, onError: options.onError }),
    faultCounts: new RedisFaultCounts(redis, prefix, options.faultCountTtlMs),
  };
}
