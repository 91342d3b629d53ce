/** `computer_call`: one computer-use action for the client to perform; nothing streams between added and done. */
import type { ItemKind } from '../item-kind';

export const computerCall: ItemKind = { type: 'computer_call', idPrefix: 'cu_' };
