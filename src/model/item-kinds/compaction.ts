/** `compaction`: the context folded into one opaque item (remote compaction). */
import type { ItemKind } from '../item-kind';

export const compaction: ItemKind = {
  type: 'compaction',
  idPrefix: 'cmp_',
  // What the compaction stands for: the summary size it recorded (see engine/compaction.ts).
  inputTokens: (item, count) => count.compacted(String(item.encrypted_content ?? '')),
};
