/**
 * Numbers drawn from counters shared by every replica (Redis INCR), handed to synchronous code.
 *
 * The core is synchronous and Redis is not, so a shared number is reserved ahead, by the async step
 * around an exchange (src/state/redis/redis-state.ts), and taken here by the synchronous code. Which
 * counter an exchange needs is only known once the core has worked out the request (an occurrence
 * counter is keyed by the content the request resolves to), so the core asks first: `take` of a
 * counter with nothing reserved throws NeedsReservation before anything has changed, the async step
 * reserves one and runs the exchange again. Takers call `take` before their first side effect.
 *
 * The numbers belong to the exchange that reserved them (its own map, handed in with `during`): other
 * exchanges run while it waits for Redis, and one with the same content must not take its number (it
 * would reserve again, and again…). Within one exchange a counter gives one number, however many
 * runs it takes (a fixture's `nth` count is not counted twice).
 */
export class NeedsReservation extends Error {
  constructor(readonly counter: string) {
    super(`no number reserved on the shared counter '${counter}'`);
    this.name = 'NeedsReservation';
  }
}

/** An exchange's shared numbers, by counter. */
export type Reserved = Map<string, number>;

export class Reservations {
  /** The numbers of the exchange running now (null outside one). `during` is synchronous, so one at a time. */
  private current: Reserved | null = null;

  /** This counter's number for the running exchange; throws NeedsReservation when it has none yet. */
  take(counter: string): number {
    const n = this.current?.get(counter);
    if (n === undefined) throw new NeedsReservation(counter);
    return n;
  }

  /** Runs one (synchronous) run of an exchange with the numbers reserved for it so far. */
  during<T>(reserved: Reserved, run: () => T): T {
    this.current = reserved;
    try {
      return run();
    } finally {
      this.current = null;
    }
  }
}
