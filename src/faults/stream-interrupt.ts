/** What the stream faults share: the stream stops after `after` events (3 unless told). */
import type { FaultAction, StreamInterruption } from './fault-action';
import type { FaultParams } from './fault-params';

export function interruptAfter(kind: StreamInterruption['kind'], params: FaultParams): FaultAction {
  return { kind: 'interrupt', interruption: { kind, after: params.after ?? 3, ...(params.message ? { message: params.message } : {}) } };
}
