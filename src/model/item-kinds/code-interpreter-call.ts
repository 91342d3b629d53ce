/** `code_interpreter_call`: in_progress, the code as deltas, then interpreting → completed. */
import { fieldDelta, type ItemKind } from '../item-kind';

export const codeInterpreterCall: ItemKind = {
  type: 'code_interpreter_call',
  idPrefix: 'ci_',
  announce(item, started) {
    started.code = '';
    // Outputs asked for (`include`) are announced as an empty list, as in real traffic.
    started.outputs = Array.isArray(item.outputs) ? [] : null;
  },
  stream(item, s) {
    s.stages(item.type, ['in_progress']);
    s.deltas('response.code_interpreter_call_code.delta', s.at, String(item.code ?? ''));
    s.push({ type: 'response.code_interpreter_call_code.done', ...s.at, code: item.code ?? '' });
    s.stages(item.type, ['interpreting', 'completed']);
  },
  accumulate: { 'response.code_interpreter_call_code.delta': fieldDelta('code') },
};
