/**
 * How many times each counted fault (`count=N`) has been served, per test id (header
 * `x-emulator-test-id`) and fault spec, so the (N+1)th request of that test is answered normally.
 * Kept in this process; state/redis/fault-counts.ts keeps them in Redis for replicas.
 */
import { compactKey } from '../random';
import { countedFaultKey, type CountedFault, type FaultBudgets } from '../state/fault-budgets';

/** The counter table is cleared at this size (it only grows with distinct test ids and specs). */
const MAX_TRACKED = 100_000;

export class FaultCounters implements FaultBudgets {
  private readonly uses = new Map<string, number>();

  /** Whether a fault is served now: always, unless it says `count=N` and N requests of this test already got it. */
  applies(fault: CountedFault, testId: string | null): boolean {
    if (fault.count === undefined) return true;
    const key = compactKey(countedFaultKey(fault, testId));
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
