/** `local_shell_call`: one exec action for the client (the older local_shell tool); nothing streams between added and done. */
import type { ItemKind } from '../item-kind';

export const localShellCall: ItemKind = { type: 'local_shell_call', idPrefix: 'lsh_' };
