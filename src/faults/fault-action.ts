/**
 * What a fault makes a transport do, whatever the transport: one of a handful of actions. Each fault
 * kind (kinds/) resolves to one; the API pipeline performs them in pipeline/handle.ts (for HTTP and
 * the in-process fetch alike, the transport giving only how to drop a connection), WebSocket in
 * ws/responses-socket.ts (the upgrade) and ws/frame-socket.ts (a frame). `performAction` makes
 * each transport say what it does for every action: a new action fails to compile until all do.
 */
import type { ApiError } from '../errors';

/** How a stream is cut short by a fault (header `x-emulator-fault`, a fixture, a queued fault). */
export interface StreamInterruption {
  kind: 'error' | 'failed' | 'cut';
  /** Events sent before the fault. */
  after: number;
  message?: string;
}

export type FaultAction =
  /** Answer with the API's error instead of the reply. */
  | { kind: 'error'; error: ApiError }
  /** Never answer: the client's own timeout ends the exchange (or the server's shutdown does). */
  | { kind: 'hang' }
  /** Drop the connection before any byte of the reply. */
  | { kind: 'drop' }
  /** Hold the request `ms`, then answer normally. */
  | { kind: 'delay'; ms: number }
  /** Answer normally, but cut the stream short as `interruption` says. */
  | { kind: 'interrupt'; interruption: StreamInterruption };

export type FaultActionKind = FaultAction['kind'];

/** One handler per action: the transport's whole repertoire, checked complete by the compiler. */
export type ActionHandlers<T> = { [K in FaultActionKind]: (action: Extract<FaultAction, { kind: K }>) => T };

export function performAction<T>(action: FaultAction, handlers: ActionHandlers<T>): T {
  return (handlers[action.kind] as (a: FaultAction) => T)(action);
}

/** Whether the action still gives the normal answer (delayed or cut short): who answered is noted later. */
export function shapesAnswer(action: FaultAction): boolean {
  return action.kind === 'delay' || action.kind === 'interrupt';
}
