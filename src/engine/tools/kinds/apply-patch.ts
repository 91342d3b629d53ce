/** `apply_patch`: one create/update/delete operation for the client; its diff (or, for a delete, the operation) counts against the output budget. */
import { applyPatchCall } from '../client-tools';
import { CLIENT, type ToolKind } from '../tool-kind';

export const applyPatchTool: ToolKind = {
  name: 'apply_patch',
  types: ['apply_patch'],
  triggers: ['patch', 'file', 'create', 'edit', 'write', 'modify', 'update', 'delete', 'remove'],
  clientSide: CLIENT,
  call(_tool, ctx) {
    const call = applyPatchCall(ctx);
    const operation = call.operation as { diff?: string };
    if (operation.diff !== undefined) operation.diff = ctx.budget.take(operation.diff).text;
    else ctx.budget.take(JSON.stringify(operation));
    return { items: [call], awaitsClient: true };
  },
};
