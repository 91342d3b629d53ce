/** `function`: the client's functions, chosen by name; arguments from the tool's `parameters`, counted against the output budget. */
import { generatingForTool } from '../../synthesis-errors';
import { functionCall } from '../calls';
import { nameRelevance } from '../relevance';
import { CLIENT, type ToolKind } from '../tool-kind';

export const functionTool: ToolKind = {
  name: 'function',
  types: ['function'],
  relevance: nameRelevance,
  clientSide: CLIENT,
  call(tool, ctx) {
    const call = generatingForTool(ctx.request, tool, () => functionCall(tool, ctx));
    const { text, cut } = ctx.budget.take(String(call.arguments));
    return { items: [{ ...call, arguments: text, ...(cut ? { status: 'incomplete' } : {}) }], awaitsClient: true };
  },
};
