/**
 * How many times each counted fault (`count=N`) has been served, per test id (header
 * `x-emulator-test-id`) and fault spec, wherever that is kept: in this process
 * (faults/fault-counters.ts) or in Redis for replicas (state/redis/fault-counts.ts). Only the
 * fault's spec and count matter, so this knows nothing else of faults.
 */
import type { MaybePromise } from '../model/maybe-promise';

/** What a counted fault is told apart and limited by. */
export interface CountedFault {
  /** The fault as written (counts are kept per spec). */
  readonly spec: string;
  /** Served to this many requests of a test, then no more; undefined: always. */
  readonly count?: number;
}

export interface FaultBudgets {
  /**
   * Whether a fault is served now: always, unless it says `count=N` and N requests of this test
   * already got it (this one is counted when it does). A Promise when it is asked of a shared store.
   */
  applies(fault: CountedFault, testId: string | null): MaybePromise<boolean>;
  clear(): MaybePromise<void>;
}

/** The counter's name for a fault and a test: one per test id and spec (a test id may hold any text). */
export function countedFaultKey(fault: CountedFault, testId: string | null): string {
  return `${testId ?? ''}\n${fault.spec}`;
}
