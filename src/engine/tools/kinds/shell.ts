/**
 * `shell`: commands for the client to run, counted against the output budget (a cut list keeps the
 * commands that fit). A shell in a `container_auto` environment is hosted by the API: not emulated,
 * so the model answers in text instead.
 */
import { isHostedShell, shellCall } from '../client-tools';
import type { ToolKind } from '../tool-kind';

export const SHELL_TRIGGERS = ['shell', 'command', 'terminal', 'bash', 'run', 'execute', 'ls', 'pwd', 'directory', 'list files'];

export const shellTool: ToolKind = {
  name: 'shell',
  types: ['shell'],
  triggers: SHELL_TRIGGERS,
  clientSide: (tool) => !isHostedShell(tool),
  call(tool, ctx) {
    if (isHostedShell(tool)) return null;
    const call = shellCall(tool, ctx);
    const action = call.action as { commands: string[] };
    const { text, cut } = ctx.budget.take(action.commands.join('\n'));
    if (cut) {
      action.commands = text === '' ? [] : text.split('\n');
      call.status = 'incomplete';
    }
    return { items: [call], awaitsClient: true };
  },
};
