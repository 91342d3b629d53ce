/**
 * `mcp_call`: as in real traffic, in_progress first, then the arguments whole in one delta, then the
 * outcome (completed or failed). Announced with empty arguments and a null output and error.
 */
import { TOOL_WEIGHT } from '../stream-events';
import { fieldDelta, type ItemKind } from '../item-kind';

export const mcpCall: ItemKind = {
  type: 'mcp_call',
  idPrefix: 'mcp_',
  announce(item, started) {
    started.arguments = '';
    for (const key of ['output', 'error'] as const) if (key in item) started[key] = null;
  },
  stream(item, s) {
    s.stages(item.type, ['in_progress']);
    s.push({ type: 'response.mcp_call_arguments.delta', ...s.at, delta: item.arguments, ...s.obfuscation(String(item.arguments)) }, TOOL_WEIGHT);
    s.push({ type: 'response.mcp_call_arguments.done', ...s.at, arguments: item.arguments });
    s.stages(item.type, [item.error || item.status === 'failed' ? 'failed' : 'completed']);
  },
  accumulate: { 'response.mcp_call_arguments.delta': fieldDelta('arguments') },
};
