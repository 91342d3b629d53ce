/**
 * The arithmetic of the per-key budgets (`--rpm`, `--tpm`), with no storage: token buckets that
 * refill continuously over a minute, the API's `x-ratelimit-*` headers read off them, and the API's
 * 429 when a request does not fit. The in-memory limiter (state/rate-limiter.ts) keeps its buckets
 * in a map; the Redis one (state/redis/rate-limits.ts) keeps them in Redis, changes them with a Lua
 * script that repeats `refill` and `take`/`drain` below line for line, and reads the state the script
 * returns through these same buckets — so both give the same headers and the same errors for the same
 * sequence. `RateLimits` is what the gate, the admission step and the core call, whichever it is.
 */
import { ApiError } from '../errors';
import type { MaybePromise } from '../model/maybe-promise';
import { formatDuration, rateLimitMessage } from '../rate-limit-text';

export const DEFAULT_RPM = 10_000;
export const DEFAULT_TPM = 30_000_000;
/** A bucket refills from empty to full in this long. */
export const REFILL_MS = 60_000;

/** A bucket as stored: its level when it was last changed, and when (ms on the limiter's clock). */
export interface BucketState {
  level: number;
  at: number;
}

export class Bucket implements BucketState {
  level: number;
  at: number;

  /** A full bucket, or one in a stored state. */
  constructor(
    readonly capacity: number,
    private readonly now: () => number,
    state?: BucketState,
  ) {
    this.level = state ? state.level : capacity;
    this.at = state ? state.at : now();
  }

  private refill(): void {
    const t = this.now();
    // A clock behind the bucket's (another replica's, a little skewed) refills nothing and leaves `at`
    // where it is; the monotonic clock of one process never is.
    if (t < this.at) return;
    this.level = Math.min(this.capacity, this.level + ((t - this.at) * this.capacity) / REFILL_MS);
    this.at = t;
  }

  remaining(): number {
    this.refill();
    return Math.floor(this.level);
  }

  /** Takes `n` if available; false (taking nothing) otherwise. */
  take(n: number): boolean {
    this.refill();
    if (n > this.level) return false;
    this.level -= n;
    return true;
  }

  /** Charges `n` without refusing: the level stops at empty (an unenforced budget only reports). */
  drain(n: number): void {
    this.refill();
    this.level = Math.max(0, this.level - n);
  }

  /** Milliseconds until the bucket is full again. */
  resetMs(): number {
    this.refill();
    return ((this.capacity - this.level) * REFILL_MS) / this.capacity;
  }

  /** Milliseconds until `n` are available. */
  waitMs(n: number): number {
    this.refill();
    return Math.max(0, ((n - this.level) * REFILL_MS) / this.capacity);
  }
}

/** One key's two buckets. */
export interface KeyBuckets {
  requests: Bucket;
  tokens: Bucket;
}

/** The limits in force, and what the API says about a key's buckets: its headers, its 429s. */
export class RateBudget {
  readonly rpm: number;
  readonly tpm: number;
  /** Which budgets refuse (a 429); the others are only reported. */
  readonly enforced: { requests: boolean; tokens: boolean };
  /** The limits as header values, made once (every reply carries them). */
  private readonly rpmText: string;
  private readonly tpmText: string;

  /** `rpm`/`tpm` null: not limited (reported as DEFAULT_RPM/DEFAULT_TPM). */
  constructor(rpm: number | null, tpm: number | null) {
    this.rpm = rpm ?? DEFAULT_RPM;
    this.tpm = tpm ?? DEFAULT_TPM;
    this.enforced = { requests: rpm !== null, tokens: tpm !== null };
    this.rpmText = String(this.rpm);
    this.tpmText = String(this.tpm);
  }

  /** Full buckets for a key not seen yet. */
  fresh(now: () => number): KeyBuckets {
    return { requests: new Bucket(this.rpm, now), tokens: new Bucket(this.tpm, now) };
  }

  headers(b: KeyBuckets): Record<string, string> {
    return {
      'x-ratelimit-limit-requests': this.rpmText,
      'x-ratelimit-limit-tokens': this.tpmText,
      'x-ratelimit-remaining-requests': String(Math.max(0, b.requests.remaining())),
      'x-ratelimit-remaining-tokens': String(Math.max(0, b.tokens.remaining())),
      'x-ratelimit-reset-requests': formatDuration(b.requests.resetMs()),
      'x-ratelimit-reset-tokens': formatDuration(b.tokens.resetMs()),
    };
  }

  /** The 429 for one more request, when the requests bucket (as it stands) has none. */
  requestsExceeded(b: KeyBuckets, model: string): ApiError {
    return this.exceeded('requests', this.rpm, this.rpm, 1, b.requests.waitMs(1), model, b);
  }

  /** The 429 for `tokens` more tokens that do not fit the tokens bucket as it stands. */
  tokensExceeded(b: KeyBuckets, tokens: number, model: string): ApiError {
    const used = this.tpm - b.tokens.remaining();
    return this.exceeded('tokens', this.tpm, used, tokens, tokens > this.tpm ? null : b.tokens.waitMs(tokens), model, b);
  }

  /** The API's 429; `waitMs` null when waiting cannot help (the request alone exceeds the limit). */
  private exceeded(type: 'requests' | 'tokens', limit: number, used: number, requested: number, waitMs: number | null, model: string, b: KeyBuckets): ApiError {
    const message = rateLimitMessage({ model, type, limit, used, requested, waitMs });
    const retry: Record<string, string> = waitMs === null ? {} : { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))), 'retry-after-ms': String(Math.ceil(waitMs)) };
    return new ApiError(429, type, message, null, 'rate_limit_exceeded', { ...this.headers(b), ...retry });
  }
}

/**
 * Per-key request and token budgets, wherever they are kept. Only counting a request may wait (the
 * admission step awaits it when it is a Promise: the Redis limiter asks Redis); the in-memory limiter
 * answers at once, so nothing waits with it.
 */
export interface RateLimits {
  readonly rpm: number;
  readonly tpm: number;
  /** Counts one request; throws (or rejects with) the API's 429 when the key has none left. */
  takeRequest(key: string, model: string): MaybePromise<void>;
  /**
   * Charges the tokens a response uses (input + output, known before it is sent); throws the API's
   * 429 when they do not fit what is left this minute, charging nothing. Synchronous: it is called
   * while the response is planned.
   */
  spendTokens(key: string, tokens: number, model: string): void;
  /** The key's `x-ratelimit-*` headers as its budgets stand now. Synchronous: read as a reply's headers go out. */
  headers(key: string): Record<string, string>;
  /** Restores every key's budget. */
  clear(): MaybePromise<void>;
}
