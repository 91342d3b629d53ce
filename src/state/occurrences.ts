/**
 * How many times each request content has been seen. Ids depend on it, so repeats of one request get
 * distinct ids while a re-run of the same test sequence gets the same ones.
 */
import { fingerprint } from '../random';
import type { Reservations } from './reservations';

/** Identical requests are counted so that each gets fresh ids; the counter table is cleared at this size. */
const MAX_TRACKED_REQUESTS = 100_000;

export class Occurrences {
  private readonly counts = new Map<string, number>();

  /**
   * With a shared store, the counts are the fleet's (a Redis counter per fingerprint, reserved ahead:
   * ./reservations.ts), so two replicas never give one request the same ids and a fixture's nth
   * occurrence is the nth across the fleet. Null: counted here, in this process.
   */
  constructor(private readonly shared: Reservations | null = null) {}

  /**
   * This content's count, 1 the first time. Counted under a short fingerprint of the content rather
   * than the content itself, so the table stays small; two contents sharing a fingerprint only share
   * a counter, which keeps ids distinct and reproducible.
   */
  next(scope: string, key: string): number {
    // The content is `scope + key` (the seed, then the content key), fingerprinted without joining them.
    return this.count(fingerprint(scope, key));
  }

  /** The count of a content given by its fingerprint (`fingerprint(scope, key)`, as `next` takes it). */
  count(print: string): number {
    if (this.shared) return this.shared.take(`occ:${print}`);
    if (this.counts.size >= MAX_TRACKED_REQUESTS) this.counts.clear();
    const n = (this.counts.get(print) ?? 0) + 1;
    this.counts.set(print, n);
    return n;
  }

  clear(): void {
    this.counts.clear();
  }
}
