/** A stream fault as the stream's interruption: where the stream stops early, and how. */
import type { StreamInterruption } from './fault-action';
import { faultAction, type Fault } from './faults';

export type { StreamInterruption } from './fault-action';

/** A stream fault as the stream's interruption (after 3 events unless it says otherwise). */
export function streamInterruption(fault: Fault): StreamInterruption {
  const action = faultAction(fault);
  if (action.kind !== 'interrupt') throw new TypeError(`'${fault.kind}' is not a stream fault`);
  return action.interruption;
}
