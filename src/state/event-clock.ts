/**
 * One timer for every generation's next event, instead of one timer per stream. With 1,000 streams
 * at 100 tokens/s, the events of many streams fall due in the same millisecond: they run here in one
 * batch, in the order they fell due (then the order they were scheduled, as Node's own timers do).
 * A batch that has run for BATCH_BUDGET_MS hands the rest to the next turn of the event loop
 * (setImmediate), so that incoming requests, socket writes and other timers are not held up behind
 * a whole wave of due events: the event loop stays responsive when the server is loaded, and nothing
 * changes when it is not (a batch then takes far less than the budget). The clock only orders and
 * batches callbacks; it never changes when they are due.
 */

/** Past this much work in one batch, the rest of the due callbacks wait for the next loop turn. */
export const BATCH_BUDGET_MS = 5;

/** A callback due within this much of now runs in the current batch (Node's timers are 1 ms coarse). */
const DUE_SLACK_MS = 0.5;

export interface ClockHost {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Runs `callback` on the next turn of the event loop, after pending I/O. */
  defer(callback: () => void): void;
}

const nodeHost: ClockHost = {
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
  defer: (callback) => setImmediate(callback),
};

/** What `schedule` returns: pass it to `cancel`. */
export interface ClockEntry {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
  cancelled: boolean;
}

export class EventClock {
  /** A binary min-heap on (at, seq). Cancelled entries stay until they reach the top. */
  private readonly heap: ClockEntry[] = [];
  private seq = 0;
  /** Entries scheduled and neither run nor cancelled: when none are left, no timer holds the process. */
  private live = 0;
  private timer: unknown = null;
  private timerAt = Infinity;
  private deferred = false;
  /** True while a batch runs: what it schedules is armed once, at its end. */
  private firing = false;

  constructor(private readonly host: ClockHost = nodeHost) {}

  /** Runs `run` in `ms` milliseconds (from now, on the clock's time). */
  schedule(ms: number, run: () => void): ClockEntry {
    const entry: ClockEntry = { at: this.host.now() + ms, seq: this.seq++, run, cancelled: false };
    this.push(entry);
    this.live++;
    if (!this.deferred && !this.firing && entry.at < this.timerAt) this.arm(entry.at);
    return entry;
  }

  cancel(entry: ClockEntry): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    if (--this.live > 0) return;
    this.heap.length = 0; // all cancelled: nothing to keep, and no timer to hold the process open
    if (!this.firing) this.disarm();
  }

  /** How many callbacks are waiting (cancelled ones not counted). */
  get pending(): number {
    return this.live;
  }

  private arm(at: number): void {
    this.disarm();
    this.timerAt = at;
    this.timer = this.host.setTimer(() => this.fire(), Math.max(0, at - this.host.now()));
  }

  private disarm(): void {
    if (this.timer !== null) this.host.clearTimer(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Infinity;
    this.deferred = false;
    this.firing = true;
    try {
      this.runDue(this.host.now());
    } finally {
      this.firing = false;
      // What is left (due later, or the rest of an interrupted batch) gets the timer.
      while (this.heap[0]?.cancelled) this.pop();
      const top = this.heap[0];
      if (top && !this.deferred) this.arm(top.at);
    }
  }

  /** Runs what is due, in order, until nothing is or the batch is over budget (then defers the rest). */
  private runDue(started: number): void {
    for (;;) {
      const top = this.heap[0];
      if (!top) return;
      if (top.cancelled) {
        this.pop();
        continue;
      }
      const now = this.host.now();
      if (top.at > now + DUE_SLACK_MS) return;
      if (now - started >= BATCH_BUDGET_MS) {
        // Over budget: the rest of what is due runs after the loop has seen to I/O.
        this.deferred = true;
        this.host.defer(() => this.fire());
        return;
      }
      this.pop();
      top.cancelled = true;
      this.live--;
      try {
        top.run();
      } catch (err) {
        // The rest of the batch still runs on time; the error still surfaces, as an uncaught one would.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  private push(entry: ClockEntry): void {
    const heap = this.heap;
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right], heap[left]) ? right : left;
      if (!before(heap[child], last)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
  }
}

function before(a: ClockEntry, b: ClockEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** The clock the generations of this process share. */
export const generationClock = new EventClock();
