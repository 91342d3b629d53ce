/** `file_search_call`: announced without its queries and results, then in_progress → searching → completed. */
import type { ItemKind } from '../item-kind';

export const fileSearchCall: ItemKind = {
  type: 'file_search_call',
  idPrefix: 'fs_',
  announce(_item, started) {
    started.queries = [];
    started.results = null;
  },
  stream(item, s) {
    s.stages(item.type, ['in_progress', 'searching', 'completed']);
  },
};
