/** `local_shell` (the older shell tool): one exec action for the client; its argv counts against the output budget. */
import { localShellCall } from '../client-tools';
import { SHELL_TRIGGERS } from './shell';
import { CLIENT, type ToolKind } from '../tool-kind';

export const localShellTool: ToolKind = {
  name: 'local_shell',
  types: ['local_shell'],
  triggers: SHELL_TRIGGERS,
  clientSide: CLIENT,
  call(_tool, ctx) {
    const call = localShellCall(ctx);
    ctx.budget.take((call.action as { command: string[] }).command.join('\n'));
    return { items: [call], awaitsClient: true };
  },
};
