/**
 * Admits arriving requests a few per event-loop turn. When a thousand requests arrive at once, Node
 * reads them in one go and answers each as its body ends — in `process.nextTick` callbacks, which run
 * to the last one before the loop turns again: nothing else runs (no timer, so no stream already
 * playing gets its next event) until the whole burst is answered (measured: 2.3 to 3.2 s without a
 * timer firing, 1,000 streams started at once). Through the queue, at most `perTurn` requests are
 * answered per turn; the rest wait, in arrival order, for the following turns (`setImmediate`, which
 * runs after the turn's timers and I/O), so the streams already playing keep their timing.
 *
 * A count, not a time budget: measured on the same burst, a 2–5 ms budget per turn left stalls of
 * 0.5–0.9 s, four requests per turn 0.13–0.26 s (a loaded machine stretches a time budget's turns
 * and drains the queue slower). Under ordinary load nothing waits: while fewer than `perTurn`
 * requests arrived this turn and none is queued, a request is answered at once, in the caller's
 * stack. Requests are answered in the order they were admitted in, so ids and content stay what they
 * would be without the queue.
 *
 * The budget may depend on what is playing: the server allows IDLE_PER_TURN while no generation is
 * playing (there is no timing to keep; measured under 32-connection non-streaming load, 16 per turn
 * answered 6–7% more requests per second than 4, paired rounds, and 64 or 1 fewer), and
 * DEFAULT_PER_TURN as soon as one plays (1,000 streams started at once: 16 per turn raised the event
 * loop's p99 delay from 26 ms to 42–48 ms).
 */

/** Requests answered per event-loop turn before the next ones wait for the following turn. */
export const DEFAULT_PER_TURN = 4;
/** …and while nothing is playing whose timing a longer turn would delay. */
export const IDLE_PER_TURN = 16;

export type Schedule = (next: () => void) => void;

export class ArrivalQueue {
  /** Answered slots before `head` are cleared (their closures released); the array is emptied once the queue runs dry. */
  private readonly waiting: ((() => void) | undefined)[] = [];
  /** Index of the first waiting request. */
  private head = 0;
  /** Requests answered since the current turn began. */
  private answeredThisTurn = 0;
  /** A turn boundary is scheduled (it resets the count and answers waiting requests). */
  private armed = false;

  /**
   * `perTurn`: the number of requests answered per turn, or a function giving it (asked at each
   * admission and each request a turn answers, so it can follow what is playing).
   */
  constructor(
    perTurn: number | (() => number) = DEFAULT_PER_TURN,
    private readonly schedule: Schedule = setImmediate,
  ) {
    if (typeof perTurn === 'number') {
      checkBudget(perTurn);
      this.perTurn = () => perTurn;
    } else {
      this.perTurn = () => checkBudget(perTurn());
    }
  }

  private readonly perTurn: () => number;

  /** How many requests are waiting for a later turn. */
  get waitingCount(): number {
    return this.waiting.length - this.head;
  }

  /**
   * Answers `work` now when this turn's budget allows and nothing is waiting, else queues it for a
   * later turn. `work` should handle its own errors (one that throws is reported as an uncaught
   * exception of its turn; the requests behind it are still answered).
   */
  admit(work: () => void): void {
    this.armTurnEnd();
    if (this.waitingCount === 0 && this.answeredThisTurn < this.perTurn()) {
      this.answeredThisTurn++;
      work();
      return;
    }
    this.waiting.push(work);
  }

  private armTurnEnd(): void {
    if (this.armed) return;
    this.armed = true;
    this.schedule(() => this.turn());
  }

  /** A new turn: the budget is renewed and the oldest waiting requests are answered, up to it. */
  private turn(): void {
    this.armed = false;
    this.answeredThisTurn = 0;
    // Armed before any work runs: requests still waiting (or arriving during this turn) are answered
    // in a later turn even if one of these throws.
    if (this.waitingCount > 0) this.armTurnEnd();
    while (this.waitingCount > 0 && this.answeredThisTurn < this.perTurn()) {
      const work = this.waiting[this.head]!;
      this.waiting[this.head] = undefined;
      this.head++;
      this.answeredThisTurn++;
      if (this.waitingCount === 0) {
        this.waiting.length = 0;
        this.head = 0;
      }
      work();
    }
  }
}

function checkBudget(perTurn: number): number {
  if (!Number.isInteger(perTurn) || perTurn < 1) throw new RangeError(`perTurn must be a positive integer, got ${perTurn}`);
  return perTurn;
}
