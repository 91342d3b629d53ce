/** `custom_tool_call`: a call of a client's custom tool; its free-form input streams as deltas. */
import { fieldDelta, storedWithStatus, type ItemKind } from '../item-kind';

export const customToolCall: ItemKind = {
  type: 'custom_tool_call',
  idPrefix: 'ctc_',
  announce(_item, started) {
    started.input = '';
  },
  stream(item, s) {
    s.deltas('response.custom_tool_call_input.delta', s.at, String(item.input));
    s.push({ type: 'response.custom_tool_call_input.done', ...s.at, input: item.input });
  },
  accumulate: { 'response.custom_tool_call_input.delta': fieldDelta('input') },
  stored: storedWithStatus,
};
