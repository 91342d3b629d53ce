/**
 * The per-key budgets (`--rpm`, `--tpm`) kept in Redis, so every replica behind a load balancer
 * spends one budget per key: the same token buckets, headers and 429s as the in-memory limiter
 * (the arithmetic is state/rate-budget.ts's; the Lua script below repeats its `refill`, `take` and
 * `drain` line for line, in the same floating-point operations, so the levels agree to the bit).
 *
 * One key's two buckets are one hash, `<prefix>rl:<fingerprint of the API key>` (the key itself is
 * never written to Redis), changed only by ONE script per operation (EVALSHA, defined with ioredis's
 * defineCommand), which refills, takes or charges and returns both buckets as they stand, atomically
 * against every other replica. The hash expires a minute after its last change: a bucket left alone
 * that long is full again, which is exactly what a missing hash means — so the TTL forgets nothing that
 * matters, and an evicted hash (Redis's `maxmemory-policy`) only gives that key a full budget early.
 *
 * Redis unreachable: counting a request fails with the API's 500 (redis-calls.ts, storeUnavailable); a token
 * charge that cannot be sent is reported to `onError` (the reply has gone with it already).
 *
 * What may wait: counting a request (`takeRequest`, awaited by the admission step). Charging a
 * response's tokens is decided synchronously (it is called while the response is planned, before it is
 * stored) on the key's buckets as the last script returned them — at the latest, this exchange's own
 * `takeRequest` a moment earlier — and then sent to Redis, which applies it atomically (a charge that no
 * longer fits, because another replica spent the same tokens in that moment, empties the bucket). So a
 * sequence of requests gets exactly the memory limiter's answers whichever replica serves each; only
 * requests racing each other on two replicas within one request's planning time can overspend. The
 * headers are read off the same returned state, refilled to now.
 *
 * Time: the emulator's clock, not Redis's TIME: the tests drive it (a controlled clock gives exact
 * resets), and the arithmetic is the memory limiter's. Across processes it must be one time line, so
 * the default is `performance.timeOrigin + performance.now()`: monotonic within a process, epoch
 * milliseconds across them (replicas on one host agree; on several hosts, NTP skew of a few ms shifts a
 * refill by as much, and a clock behind a bucket's refills nothing rather than going backwards).
 */
import type { Redis } from 'ioredis';
import { fingerprint } from '../../random';
import { FifoMap } from '../fifo-map';
import { defineScripts, deleteByPrefix, orUnavailable } from './redis-calls';
import { Bucket, RateBudget, REFILL_MS, type KeyBuckets, type RateLimits } from '../rate-budget';

/** `take`: refuse when it does not fit; `drain`: charge, stopping at empty (an unenforced budget); `charge`: take, or empty the bucket (a charge already decided). */
type Mode = 'take' | 'drain' | 'charge';

const SCRIPT = `
local t = tonumber(ARGV[1])
local which = ARGV[2]
local n = tonumber(ARGV[3])
local mode = ARGV[4]
local rcap = tonumber(ARGV[5])
local tcap = tonumber(ARGV[6])
local s = redis.call('HMGET', KEYS[1], 'rl', 'ra', 'tl', 'ta')
local rl = tonumber(s[1]) or rcap
local ra = tonumber(s[2]) or t
local tl = tonumber(s[3]) or tcap
local ta = tonumber(s[4]) or t
local level, at, cap
if which == 'r' then level, at, cap = rl, ra, rcap else level, at, cap = tl, ta, tcap end
if t >= at then
  level = math.min(cap, level + ((t - at) * cap) / ${REFILL_MS})
  at = t
end
local ok = 1
if mode == 'drain' then
  level = math.max(0, level - n)
elseif n > level then
  ok = 0
  if mode == 'charge' then level = 0 end
else
  level = level - n
end
if which == 'r' then rl, ra = level, at else tl, ta = level, at end
local function f(x) return string.format('%.17g', x) end
redis.call('HSET', KEYS[1], 'rl', f(rl), 'ra', f(ra), 'tl', f(tl), 'ta', f(ta))
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return {ok, f(rl), f(ra), f(tl), f(ta)}
`;

const COMMAND = 'emulatorRateLimit';

/** The script's reply: whether it fitted, then both buckets (levels and times, as exact decimal text). */
type Reply = [number, string, string, string, string];

interface WithRateLimitCommand {
  [COMMAND](key: string, t: string, which: 'r' | 't', n: string, mode: Mode, rpm: string, tpm: string, ttlMs: string): Promise<Reply>;
}

/** Keeps the buckets of at most this many keys as last seen (for headers and token charges). */
const MAX_SNAPSHOTS = 10_000;
/** A hash outlives its last change by a little more than a full refill (see above). */
const TTL_MS = REFILL_MS + 1_000;

export interface RedisRateLimitsOptions {
  /** Prepended to every Redis key (the replicas of one fleet share it). */
  prefix: string;
  rpm: number | null;
  tpm: number | null;
  /** Milliseconds, one time line for every replica (see above). */
  now?: () => number;
  /** Where a token charge that Redis refused to take is reported (it cannot fail a reply already decided). */
  onError?: (error: unknown) => void;
}

export const sharedClock = (): number => performance.timeOrigin + performance.now();

export class RedisRateLimits implements RateLimits {
  readonly rpm: number;
  readonly tpm: number;
  private readonly budget: RateBudget;
  private readonly prefix: string;
  private readonly now: () => number;
  private readonly onError: (error: unknown) => void;
  private readonly redis: Redis & WithRateLimitCommand;
  /** Each key's buckets as the last script returned them (then refilled and charged locally); least recently seen first. */
  private readonly snapshots = new FifoMap<string, KeyBuckets>();
  /** Token charges sent and not yet answered. */
  private readonly pending = new Set<Promise<void>>();

  constructor(redis: Redis, options: RedisRateLimitsOptions) {
    this.budget = new RateBudget(options.rpm, options.tpm);
    this.rpm = this.budget.rpm;
    this.tpm = this.budget.tpm;
    this.prefix = `${options.prefix}rl:`;
    this.now = options.now ?? sharedClock;
    this.onError = options.onError ?? (() => undefined);
    defineScripts(redis, 1, { [COMMAND]: SCRIPT });
    this.redis = redis as Redis & WithRateLimitCommand;
  }

  async takeRequest(key: string, model: string): Promise<void> {
    const [fitted, buckets] = await this.run(key, 'r', 1, this.budget.enforced.requests ? 'take' : 'drain');
    if (!fitted) throw this.budget.requestsExceeded(buckets, model);
  }

  spendTokens(key: string, tokens: number, model: string): void {
    const buckets = this.snapshot(key);
    let mode: Mode = 'drain';
    if (!this.budget.enforced.tokens) buckets.tokens.drain(tokens);
    else if (buckets.tokens.take(tokens)) mode = 'charge';
    else throw this.budget.tokensExceeded(buckets, tokens, model);
    const sent = this.run(key, 't', tokens, mode).then(
      () => undefined,
      (error: unknown) => this.onError(error),
    );
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
  }

  headers(key: string): Record<string, string> {
    return this.budget.headers(this.snapshot(key));
  }

  /** Forgets every key's budget, on every replica (their own snapshots refresh with their next request). */
  async clear(): Promise<void> {
    this.snapshots.clear();
    await this.settled();
    await deleteByPrefix(this.redis, this.prefix);
  }

  /** Resolves once every token charge sent so far has reached Redis (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private snapshot(apiKey: string): KeyBuckets {
    const key = fingerprint(apiKey);
    const b = this.snapshots.get(key) ?? this.budget.fresh(this.now);
    this.remember(key, b);
    return b;
  }

  private remember(key: string, b: KeyBuckets): void {
    this.snapshots.set(key, b);
    if (this.snapshots.size > MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.oldest()![0]);
  }

  /** One script run on the key's hash; its buckets as Redis now holds them become the key's snapshot. */
  private async run(apiKey: string, which: 'r' | 't', n: number, mode: Mode): Promise<[boolean, KeyBuckets]> {
    const key = fingerprint(apiKey);
    const [fitted, rl, ra, tl, ta] = await orUnavailable(this.redis[COMMAND](this.prefix + key, String(this.now()), which, String(n), mode, String(this.rpm), String(this.tpm), String(TTL_MS)));
    const buckets: KeyBuckets = {
      requests: new Bucket(this.rpm, this.now, { level: Number(rl), at: Number(ra) }),
      tokens: new Bucket(this.tpm, this.now, { level: Number(tl), at: Number(ta) }),
    };
    this.remember(key, buckets);
    return [fitted === 1, buckets];
  }
}
