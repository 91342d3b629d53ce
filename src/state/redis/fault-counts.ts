/**
 * Fault `count=N` budgets kept in Redis, so a test's N faulted requests are N across every replica
 * behind a load balancer, not N per replica. One counter per test id and fault spec,
 * `<prefix>fc:<fingerprint>`, counted by ONE script per request (EVALSHA via ioredis's defineCommand):
 * INCR, refresh the TTL, and whether this use is still within N — so two replicas racing for the last
 * use cannot both get it. Counting past N changes nothing (only "within N" is read).
 *
 * The counters expire `ttlMs` after their last use (a day by default): a test suite that pauses longer
 * gets its counted faults afresh, as after a reset; so does one whose counter Redis evicted.
 */
import type { Redis } from 'ioredis';
import { fingerprint } from '../../random';
import { countedFaultKey, type CountedFault, type FaultBudgets } from '../fault-budgets';
import { defineScripts, deleteByPrefix, orUnavailable } from './redis-calls';

const SCRIPT = `
local used = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if used <= tonumber(ARGV[1]) then return 1 end
return 0
`;

const COMMAND = 'emulatorFaultCount';

interface WithFaultCountCommand {
  [COMMAND](key: string, count: string, ttlMs: string): Promise<number>;
}

export const DEFAULT_FAULT_COUNT_TTL_MS = 24 * 60 * 60 * 1000;

export class RedisFaultCounts implements FaultBudgets {
  private readonly redis: Redis & WithFaultCountCommand;
  private readonly prefix: string;

  constructor(
    redis: Redis,
    prefix: string,
    private readonly ttlMs = DEFAULT_FAULT_COUNT_TTL_MS,
  ) {
    defineScripts(redis, 1, { [COMMAND]: SCRIPT });
    this.redis = redis as Redis & WithFaultCountCommand;
    this.prefix = `${prefix}fc:`;
  }

  /** True at once for a fault without `count=` (nothing to share); otherwise Redis says. */
  applies(fault: CountedFault, testId: string | null): boolean | Promise<boolean> {
    if (fault.count === undefined) return true;
    const key = this.prefix + fingerprint(countedFaultKey(fault, testId));
    return orUnavailable(this.redis[COMMAND](key, String(fault.count), String(this.ttlMs))).then((within) => within === 1);
  }

  /** Forgets every count, for every replica. */
  async clear(): Promise<void> {
    await deleteByPrefix(this.redis, this.prefix);
  }
}
