/** `custom`: the client's free-form tools, chosen by name; input from the tool's grammar (or its register), counted against the output budget. */
import { generatingForTool } from '../../synthesis-errors';
import { customToolCall } from '../calls';
import { nameRelevance } from '../relevance';
import { CLIENT, type ToolKind } from '../tool-kind';

export const customTool: ToolKind = {
  name: 'custom',
  types: ['custom'],
  relevance: nameRelevance,
  clientSide: CLIENT,
  call(tool, ctx) {
    const call = generatingForTool(ctx.request, tool, () => customToolCall(tool, ctx));
    const { text, cut } = ctx.budget.take(String(call.input));
    return { items: [{ ...call, input: text, ...(cut ? { status: 'incomplete' } : {}) }], awaitsClient: true };
  },
};
