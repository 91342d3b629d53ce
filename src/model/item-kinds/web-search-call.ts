/** `web_search_call`: announced bare, then in_progress → searching → completed. */
import type { ItemKind } from '../item-kind';

export const webSearchCall: ItemKind = {
  type: 'web_search_call',
  idPrefix: 'ws_',
  announcedBare: true,
  stream(item, s) {
    s.stages(item.type, ['in_progress', 'searching', 'completed']);
  },
};
