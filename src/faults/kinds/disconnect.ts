/** `disconnect`: the connection is reset before any byte of the reply. */
import { faultKind } from '../fault-kind';

export const disconnect = faultKind({
  name: 'disconnect',
  order: 80,
  summary: 'the connection is reset before any reply',
  action: () => ({ kind: 'drop' }),
});
