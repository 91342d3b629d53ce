/** `compaction`: the context folded into one opaque item (remote compaction). */
import type { ItemKind } from '../item-kind';

export const compaction: ItemKind = { type: 'compaction', idPrefix: 'cmp_' };
