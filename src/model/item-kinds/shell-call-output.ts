/** `shell_call_output`: what the client's commands printed; listed with a status and `max_output_length` (null when not given). */
import type { ItemKind } from '../item-kind';

export const shellCallOutput: ItemKind = {
  type: 'shell_call_output',
  idPrefix: 'sho_',
  stored(item) {
    item.status ??= 'completed';
    item.max_output_length ??= null;
  },
};
