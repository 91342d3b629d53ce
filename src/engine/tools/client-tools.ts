/**
 * Calls of the built-in tools the client runs itself: `shell` (shell_call: commands to run),
 * `apply_patch` (apply_patch_call: one create/update/delete operation with a V4A diff) and the
 * older `local_shell` (local_shell_call: one exec action). Shapes and id prefixes follow recorded
 * api.openai.com traffic (vercel/ai packages/openai/src/responses/__fixtures__: openai-shell-tool.1
 * @a0d48878, openai-apply-patch-tool.1 @52feb447, openai-apply-patch-tool-delete.1 @24da5395,
 * openai-local-shell-tool.1 @055ab605). What they do comes from the prompt: a command or file it
 * names, text it quotes.
 */
import type { GenericItem } from '../../canonical/items';
import type { Tool } from '../../canonical/request';
import type { CallContext } from './calls';
import { namedPath } from './named-path';
import { shellCommands } from './shell-commands';

export function shellCall(tool: Tool, ctx: CallContext): GenericItem {
  return {
    id: ctx.ids.next('shell_call'),
    type: 'shell_call',
    status: 'completed',
    action: { commands: shellCommands(ctx.values.text), max_output_length: null, timeout_ms: null },
    call_id: ctx.ids.callId(),
    environment: shellEnvironment(tool),
  };
}

/** The environment the call runs in, as the tool declared it (null when it declared none). */
function shellEnvironment(tool: Tool): Record<string, unknown> | null {
  const env = tool.environment as Record<string, unknown> | null | undefined;
  if (env?.type === 'local') return { type: 'local' };
  if (env?.type === 'container_reference') return { type: 'container_reference', container_id: env.container_id };
  return null;
}

/** `shell` tools with a container the API runs itself are hosted, not client-side. */
export function isHostedShell(tool: Tool): boolean {
  return tool.type === 'shell' && (tool.environment as { type?: string } | null | undefined)?.type === 'container_auto';
}

export function localShellCall(ctx: CallContext): GenericItem {
  const [command] = shellCommands(ctx.values.text);
  const argv = /^[\w./ -]+$/.test(command) ? command.split(/\s+/) : ['bash', '-lc', command];
  return {
    id: ctx.ids.next('local_shell_call'),
    type: 'local_shell_call',
    status: 'completed',
    action: { type: 'exec', command: argv, env: {} },
    call_id: ctx.ids.callId(),
  };
}

export function applyPatchCall(ctx: CallContext): GenericItem {
  return {
    id: ctx.ids.next('apply_patch_call'),
    type: 'apply_patch_call',
    status: 'completed',
    call_id: ctx.ids.callId(),
    operation: patchOperation(ctx),
  };
}

/** Delete or update a file the prompt names when it says so; otherwise create one, with the quoted text (or a line about the topic). */
function patchOperation(ctx: CallContext): Record<string, unknown> {
  const prompt = ctx.values.text;
  const named = namedPath(prompt);
  const path = named ?? `${(ctx.values.keywords[0] ?? 'notes').toLowerCase().replace(/[^a-z0-9]+/g, '-')}.md`;
  const lines = ctx.values.quoted.filter((q) => q !== path);
  const content = lines.length > 0 ? lines : [`# ${ctx.values.topic ?? 'Notes'}`, '', `- ${ctx.values.keywords.slice(0, 3).join(', ') || 'first item'}`];
  if (named && /\b(delete|remove|erase)\b/i.test(prompt)) return { type: 'delete_file', path };
  const added = content.map((line) => `+${line}\n`).join('');
  if (named && /\b(update|edit|modify|change|fix|append|replace)\b/i.test(prompt)) return { type: 'update_file', diff: `@@\n${added}`, path };
  return { type: 'create_file', diff: added, path };
}
