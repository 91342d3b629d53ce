/** A stream fault as the stream's interruption: where the stream stops early, and how. */
import { STREAM_FAULTS, type Fault } from './faults';

/** How a stream is cut short by a fault (header `x-emulator-fault`, a fixture, a queued fault). */
export interface StreamInterruption {
  kind: 'error' | 'failed' | 'cut';
  /** Events sent before the fault. */
  after: number;
  message?: string;
}

/** A stream fault as the stream's interruption (after 3 events unless it says otherwise). */
export function streamInterruption(fault: Fault): StreamInterruption {
  return { kind: STREAM_FAULTS[fault.kind], after: fault.after ?? 3, ...(fault.message ? { message: fault.message } : {}) };
}
