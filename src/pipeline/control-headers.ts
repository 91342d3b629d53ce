/**
 * The emulator's own request headers: per-request control a client (or a test) can send alongside
 * any API call. They are never required and never forwarded upstream. (The test-id header, which
 * tags journal entries and recordings, is configurable: `--test-id-header`.)
 */

/** Overrides the global seed for this request. */
export const SEED_HEADER = 'x-emulator-seed';
/** Overrides the timing model for this request (`realistic`, `ttft=300,tps=40`…). */
export const TIMING_HEADER = 'x-emulator-timing';
/** Makes this request fail: `<kind>[;key=value…]` (read by the gate, core/gate/gate.ts). */
export { FAULT_HEADER } from '../core/gate/gate';
