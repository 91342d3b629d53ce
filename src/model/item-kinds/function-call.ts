/** `function_call`: a call of a client's function; its arguments stream as deltas. */
import { fieldDelta, storedWithStatus, type ItemKind } from '../item-kind';

export const functionCall: ItemKind = {
  type: 'function_call',
  idPrefix: 'fc_',
  announce(_item, started) {
    started.arguments = '';
  },
  stream(item, s) {
    s.deltas('response.function_call_arguments.delta', s.at, String(item.arguments));
    // Real traffic names no function here (the spec lists `name`; the item has it).
    s.push({ type: 'response.function_call_arguments.done', ...s.at, arguments: item.arguments });
  },
  accumulate: { 'response.function_call_arguments.delta': fieldDelta('arguments') },
  stored: storedWithStatus,
  inputTokens: (item, count) => count.text(String(item.name ?? '')) + count.text(String(item.arguments ?? '')),
};
