/** `timeout`: no answer at all, until the client gives up. */
import { faultKind } from './descriptor';

export const timeout = faultKind({
  name: 'timeout',
  summary: 'no answer until the client gives up',
  action: () => ({ kind: 'hang' }),
});
