/**
 * Per-key request and token budgets per minute (`--rpm`, `--tpm`), as token buckets that refill
 * continuously, like the API's limits. Every reply reports them in the API's headers
 * (`x-ratelimit-{limit,remaining,reset}-{requests,tokens}`); a request that does not fit gets the
 * API's 429. A limit that is not set is never enforced: the headers still report a generous budget
 * (DEFAULT_RPM, DEFAULT_TPM) counting down and refilling, but nothing is refused.
 */
import { ApiError } from '../errors';
import { compactKey } from '../random';
import { formatDuration, rateLimitMessage } from '../rate-limit-text';
import { FifoMap } from './fifo-map';

export const DEFAULT_RPM = 10_000;
export const DEFAULT_TPM = 30_000_000;

class Bucket {
  private level: number;
  private at: number;

  constructor(
    readonly capacity: number,
    private readonly now: () => number,
  ) {
    this.level = capacity;
    this.at = now();
  }

  private refill(): void {
    const t = this.now();
    this.level = Math.min(this.capacity, this.level + ((t - this.at) * this.capacity) / 60_000);
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
    return ((this.capacity - this.level) * 60_000) / this.capacity;
  }

  /** Milliseconds until `n` are available. */
  waitMs(n: number): number {
    this.refill();
    return Math.max(0, ((n - this.level) * 60_000) / this.capacity);
  }
}

/** Keeps at most this many keys; the least recently seen is forgotten first. */
const MAX_KEYS = 10_000;

export class RateLimiter {
  /** Least recently seen first. */
  private readonly buckets = new FifoMap<string, { requests: Bucket; tokens: Bucket }>();

  readonly rpm: number;
  readonly tpm: number;
  /** Which budgets refuse (a 429); the others are only reported. */
  private readonly enforced: { requests: boolean; tokens: boolean };

  /** `rpm`/`tpm` null: not limited (reported as DEFAULT_RPM/DEFAULT_TPM). */
  constructor(
    rpm: number | null = null,
    tpm: number | null = null,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.rpm = rpm ?? DEFAULT_RPM;
    this.tpm = tpm ?? DEFAULT_TPM;
    this.enforced = { requests: rpm !== null, tokens: tpm !== null };
  }

  private of(apiKey: string): { requests: Bucket; tokens: Bucket } {
    const key = compactKey(apiKey);
    const b = this.buckets.get(key) ?? { requests: new Bucket(this.rpm, this.now), tokens: new Bucket(this.tpm, this.now) };
    this.buckets.set(key, b);
    if (this.buckets.size > MAX_KEYS) this.buckets.delete(this.buckets.oldest()![0]);
    return b;
  }

  /** Counts one request; throws the API's 429 when the key has none left. */
  takeRequest(key: string, model: string): void {
    const b = this.of(key);
    if (!this.enforced.requests) return b.requests.drain(1);
    if (!b.requests.take(1)) throw this.exceeded('requests', this.rpm, this.rpm, 1, b.requests.waitMs(1), model, key);
  }

  /**
   * Charges the tokens a response uses (input + output, known before it is sent); a response that
   * does not fit what is left this minute gets the API's 429 and is not charged.
   */
  spendTokens(key: string, tokens: number, model: string): void {
    const b = this.of(key);
    if (!this.enforced.tokens) return b.tokens.drain(tokens);
    if (!b.tokens.take(tokens)) {
      const used = this.tpm - b.tokens.remaining();
      throw this.exceeded('tokens', this.tpm, used, tokens, tokens > this.tpm ? null : b.tokens.waitMs(tokens), model, key);
    }
  }

  headers(key: string): Record<string, string> {
    const b = this.of(key);
    return {
      'x-ratelimit-limit-requests': String(this.rpm),
      'x-ratelimit-limit-tokens': String(this.tpm),
      'x-ratelimit-remaining-requests': String(Math.max(0, b.requests.remaining())),
      'x-ratelimit-remaining-tokens': String(Math.max(0, b.tokens.remaining())),
      'x-ratelimit-reset-requests': formatDuration(b.requests.resetMs()),
      'x-ratelimit-reset-tokens': formatDuration(b.tokens.resetMs()),
    };
  }

  clear(): void {
    this.buckets.clear();
  }

  /** The API's 429; `waitMs` null when waiting cannot help (the request alone exceeds the limit). */
  private exceeded(type: 'requests' | 'tokens', limit: number, used: number, requested: number, waitMs: number | null, model: string, key: string): ApiError {
    const message = rateLimitMessage({ model, type, limit, used, requested, waitMs });
    const retry: Record<string, string> = waitMs === null ? {} : { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))), 'retry-after-ms': String(Math.ceil(waitMs)) };
    return new ApiError(429, type, message, null, 'rate_limit_exceeded', { ...this.headers(key), ...retry });
  }
}
