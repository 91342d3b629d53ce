/** `timeout`: no answer at all, until the client gives up. */
import { faultKind } from '../fault-kind';

export const timeout = faultKind({
  name: 'timeout',
  order: 70,
  summary: 'no answer until the client gives up',
  action: () => ({ kind: 'hang' }),
});
