/** `function`: the client's functions, chosen by name; arguments from the tool's `parameters`, counted against the output budget. */
import { pickGiven } from '../../../render/echo-defaults';
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
  echo: (tool) => ({
    type: 'function',
    // An empty description is no description: the API echoes `null` for `""` too.
    description: typeof tool.description === 'string' && tool.description !== '' ? tool.description : null,
    name: tool.name,
    parameters: tool.parameters ?? null,
    strict: tool.strict ?? true,
    ...pickGiven(tool, ['output_schema', 'defer_loading', 'allowed_callers']),
  }),
};
