/** `disconnect`: the connection is reset before any byte of the reply. */
import { faultKind } from './descriptor';

export const disconnect = faultKind({
  name: 'disconnect',
  summary: 'the connection is reset before any reply',
  action: () => ({ kind: 'drop' }),
});
