/**
 * Per-key request and token budgets per minute (`--rpm`, `--tpm`), as token buckets that refill
 * continuously, like the API's limits, kept in this process (state/redis/rate-limits.ts keeps them
 * in Redis for replicas). Every reply reports them in the API's headers
 * (`x-ratelimit-{limit,remaining,reset}-{requests,tokens}`); a request that does not fit gets the
 * API's 429. A limit that is not set is never enforced: the headers still report a generous budget
 * (DEFAULT_RPM, DEFAULT_TPM) counting down and refilling, but nothing is refused. The arithmetic,
 * headers and errors are state/rate-budget.ts's.
 */
import { compactKey } from '../random';
import { FifoMap } from './fifo-map';
import { RateBudget, type KeyBuckets, type RateLimits } from './rate-budget';

export { DEFAULT_RPM, DEFAULT_TPM } from './rate-budget';

/** Keeps at most this many keys; the least recently seen is forgotten first. */
const MAX_KEYS = 10_000;

export class RateLimiter implements RateLimits {
  /** Least recently seen first. */
  private readonly buckets = new FifoMap<string, KeyBuckets>();
  private readonly budget: RateBudget;

  readonly rpm: number;
  readonly tpm: number;

  /** `rpm`/`tpm` null: not limited (reported as DEFAULT_RPM/DEFAULT_TPM). */
  constructor(
    rpm: number | null = null,
    tpm: number | null = null,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.budget = new RateBudget(rpm, tpm);
    this.rpm = this.budget.rpm;
    this.tpm = this.budget.tpm;
  }

  private of(apiKey: string): KeyBuckets {
    const key = compactKey(apiKey);
    const b = this.buckets.get(key) ?? this.budget.fresh(this.now);
    this.buckets.set(key, b);
    if (this.buckets.size > MAX_KEYS) this.buckets.delete(this.buckets.oldest()![0]);
    return b;
  }

  /** Counts one request; throws the API's 429 when the key has none left. */
  takeRequest(key: string, model: string): void {
    const b = this.of(key);
    if (!this.budget.enforced.requests) return b.requests.drain(1);
    if (!b.requests.take(1)) throw this.budget.requestsExceeded(b, model);
  }

  /**
   * Charges the tokens a response uses (input + output, known before it is sent); a response that
   * does not fit what is left this minute gets the API's 429 and is not charged.
   */
  spendTokens(key: string, tokens: number, model: string): void {
    const b = this.of(key);
    if (!this.budget.enforced.tokens) return b.tokens.drain(tokens);
    if (!b.tokens.take(tokens)) throw this.budget.tokensExceeded(b, tokens, model);
  }

  headers(key: string): Record<string, string> {
    return this.budget.headers(this.of(key));
  }

  clear(): void {
    this.buckets.clear();
  }
}
