/** `mcp_list_tools`: a server's tool listing, announced empty; in_progress → completed (or failed). */
import type { ItemKind } from '../item-kind';

export const mcpListTools: ItemKind = {
  type: 'mcp_list_tools',
  idPrefix: 'mcpl_',
  announce(_item, started) {
    started.tools = [];
  },
  stream(item, s) {
    s.stages(item.type, ['in_progress', item.error ? 'failed' : 'completed']);
  },
};
