/**
 * Numbers drawn from counters shared by every replica (Redis INCR), handed to synchronous code.
 *
 * The core is synchronous and Redis is not, so a shared number is reserved ahead, by the async step
 * around an exchange (src/state/redis/redis-state.ts), and taken here by the synchronous code. Which
 * counter an exchange needs is only known once the core has worked out the request (an occurrence
 * counter is keyed by the content the request resolves to), so the core asks first: `take` of a
 * counter with nothing reserved throws NeedsReservation before anything has changed, the async step
 * reserves one and runs the exchange again. Takers call `take` before their first side effect.
 * Within one exchange a counter gives one number, however many runs it takes: a second run takes
 * again what the first took (a fixture's `nth` count is not counted twice): the exchange hands in
 * its own record of what it took (`during`), as other exchanges run while it waits for a number.
 */
export class NeedsReservation extends Error {
  constructor(readonly counter: string) {
    super(`no number reserved on the shared counter '${counter}'`);
    this.name = 'NeedsReservation';
  }
}

export class Reservations {
  private readonly reserved = new Map<string, number[]>();
  /** What the exchange running now took (null outside one). */
  private taken: Map<string, number> | null = null;

  /** The next reserved number of this counter; throws NeedsReservation when there is none. */
  take(counter: string): number {
    const again = this.taken?.get(counter);
    if (again !== undefined) return again;
    const queue = this.reserved.get(counter);
    const n = queue?.shift();
    if (n === undefined) throw new NeedsReservation(counter);
    if (queue!.length === 0) this.reserved.delete(counter);
    this.taken?.set(counter, n);
    return n;
  }

  /** Runs one (synchronous) run of an exchange, with the numbers it took in its earlier runs. */
  during<T>(taken: Map<string, number>, run: () => T): T {
    this.taken = taken;
    try {
      return run();
    } finally {
      this.taken = null;
    }
  }

  /** A number the async step drew for this counter. */
  put(counter: string, n: number): void {
    const queue = this.reserved.get(counter);
    if (queue) queue.push(n);
    else this.reserved.set(counter, [n]);
  }

  clear(): void {
    this.reserved.clear();
  }
}
