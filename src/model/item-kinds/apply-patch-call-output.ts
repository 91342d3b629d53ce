/** `apply_patch_call_output`: the client's outcome of a patch (input only). */
import type { ItemKind } from '../item-kind';

export const applyPatchCallOutput: ItemKind = { type: 'apply_patch_call_output', idPrefix: 'apco_' };
