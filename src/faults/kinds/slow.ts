/** `slow`: the first byte comes `delay` ms late, then the normal answer. */
import { faultKind } from '../fault-kind';

/** `slow` without `delay=`: long enough to trip a short client timeout, short enough for CI. */
export const DEFAULT_SLOW_MS = 2000;

export const slow = faultKind({
  name: 'slow',
  order: 90,
  summary: 'the first byte comes `delay` ms late (then the normal answer)',
  action: (params) => ({ kind: 'delay', ms: params.delayMs ?? DEFAULT_SLOW_MS }),
});
