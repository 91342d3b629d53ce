/**
 * How many times each counted fault (`count=N`) has been served, per test id (header
 * `x-emulator-test-id`) and fault spec, so the (N+1)th request of that test is answered normally.
 */
import { compactKey } from '../random';
import type { Fault } from './faults';

/** The counter table is cleared at this size (it only grows with distinct test ids and specs). */
const MAX_TRACKED = 100_000;

export class FaultCounters {
  private readonly uses = new Map<string, number>();

  /** Whether a fault is served now: always, unless it says `count=N` and N requests of this test already got it. */
  applies(fault: Fault, testId: string | null): boolean {
    if (fault.count === undefined) return true;
    const key = compactKey(`${testId ?? ''}\n${fault.spec}`);
    const used = this.uses.get(key) ?? 0;
    if (used >= fault.count) return false;
    if (this.uses.size >= MAX_TRACKED) this.uses.clear();
    this.uses.set(key, used + 1);
    return true;
  }

  clear(): void {
    this.uses.clear();
  }
}
