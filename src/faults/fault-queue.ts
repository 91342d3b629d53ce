/**
 * Faults queued for the next requests (`emulator.nextRequestFails(…)`): each API request (or
 * WebSocket `response.create`) without an `x-emulator-fault` header takes the oldest one, before
 * `--chaos` draws. Dropped by `reset()`, so a test's faults never reach the next test.
 */
import { parseFault, type Fault, type FaultKind } from './faults';

/** The fault's parameters, as in the header (`count`: how many requests in a row get it, default 1). */
export interface FaultOptions {
  count?: number;
  /** `retry_after` (seconds); a 429 says 1 s unless told. */
  retryAfter?: number;
  retryAfterMs?: number;
  shouldRetry?: boolean;
  /** Stream faults: events sent before the fault. */
  after?: number;
  /** `slow`: how late the first byte is (ms). */
  delay?: number;
  message?: string;
}

const PARAM_NAMES: Record<Exclude<keyof FaultOptions, 'count'>, string> = {
  retryAfter: 'retry_after',
  retryAfterMs: 'retry_after_ms',
  shouldRetry: 'should_retry',
  after: 'after',
  delay: 'delay',
  message: 'message',
};

/**
 * A fault kind (or a whole `<kind>;key=value` spec) and options, parsed by the header's parser;
 * throws TypeError saying what is wrong. Returns the fault and how many requests get it.
 */
export function queuedFault(kind: FaultKind | string, options: FaultOptions = {}): { fault: Fault; count: number } {
  const params = Object.entries(options)
    .filter(([key, value]) => key !== 'count' && value !== undefined)
    .map(([key, value]) => {
      const name = PARAM_NAMES[key as keyof typeof PARAM_NAMES];
      if (!name) throw new TypeError(`nextRequestFails(): unknown option '${key}' (expected count, ${Object.keys(PARAM_NAMES).join(', ')})`);
      return `${name}=${String(value)}`;
    });
  let fault: Fault;
  try {
    fault = parseFault([kind, ...params].join(';'));
  } catch (err) {
    throw new TypeError(`nextRequestFails(): ${(err as Error).message}`);
  }
  const count = options.count ?? fault.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new TypeError(`nextRequestFails(): count must be a whole number from 1, got ${String(options.count)}`);
  return { fault, count };
}

export class FaultQueue {
  private readonly queue: { fault: Fault; remaining: number }[] = [];

  /** Requests still to fail. */
  get size(): number {
    return this.queue.reduce((n, q) => n + q.remaining, 0);
  }

  add(fault: Fault, count: number): void {
    this.queue.push({ fault, remaining: count });
  }

  /** The fault the next request gets, if any. */
  take(): Fault | null {
    const head = this.queue[0];
    if (!head) return null;
    if (--head.remaining === 0) this.queue.shift();
    return head.fault;
  }

  clear(): void {
    this.queue.length = 0;
  }
}
