/**
 * Where the conversation stands: what the user asked last, and which results of earlier tool calls
 * (function and custom tool outputs, computer screenshots, MCP approvals) arrived since.
 */
import type { GenericItem } from '../../canonical/items';

export interface ToolResult {
  name: string;
  output: unknown;
}

export interface TurnState {
  /** Outputs of function and custom tool calls since the latest user message, with the called tool's name. */
  results: ToolResult[];
  /** MCP approval decisions since the latest user message, with the request they answer. */
  approvals: { request: GenericItem; approve: boolean }[];
  /** How many computer actions were taken since the latest user message, and whether the last one got its screenshot. */
  computerSteps: number;
  awaitingComputer: boolean;
}

/** Outputs of the built-in tools the client runs (shell, apply_patch, local_shell), by item type → the tool's name. */
const BUILTIN_OUTPUTS: Record<string, string> = {
  shell_call_output: 'shell',
  local_shell_call_output: 'local_shell',
  apply_patch_call_output: 'apply_patch',
};

/** What a built-in tool's output says, as text: the commands' output and exit codes, or the patch's outcome. */
function builtinOutputText(item: GenericItem): string {
  if (item.type === 'shell_call_output' && Array.isArray(item.output)) {
    return (item.output as { stdout?: string; stderr?: string; outcome?: { type?: string; exit_code?: number } }[])
      .map((o) => [o.stdout, o.stderr].filter(Boolean).join('\n').trim() + (o.outcome?.type === 'timeout' ? ' (timed out)' : o.outcome?.exit_code ? ` (exit code ${o.outcome.exit_code})` : ''))
      .join('\n')
      .trim();
  }
  if (item.type === 'apply_patch_call_output') {
    const outcome = item.status === 'failed' ? 'the patch failed' : 'the patch was applied';
    return typeof item.output === 'string' && item.output.trim() ? `${outcome}: ${item.output.trim()}` : outcome;
  }
  return typeof item.output === 'string' ? item.output : JSON.stringify(item.output ?? '');
}

export function turnState(context: readonly GenericItem[]): TurnState {
  let lastUser = -1;
  for (let i = context.length - 1; i >= 0; i--) {
    if (context[i].type === 'message' && context[i].role === 'user') {
      lastUser = i;
      break;
    }
  }
  const results: ToolResult[] = [];
  const approvals: TurnState['approvals'] = [];
  let computerSteps = 0;
  let awaitingComputer = false;
  // Walked in place, and items indexed by id only when an approval needs its request: this runs for
  // every synthesised answer, and most turns end with the user's message (nothing after it).
  let byId: Map<string, GenericItem> | null = null;
  for (let i = lastUser + 1; i < context.length; i++) {
    const item = context[i];
    if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
      const call = lastCallOf(context, item.call_id);
      results.push({ name: String(call?.name ?? item.name ?? 'the tool'), output: item.output });
    } else if (BUILTIN_OUTPUTS[item.type]) {
      results.push({ name: BUILTIN_OUTPUTS[item.type], output: builtinOutputText(item) });
    } else if (item.type === 'mcp_approval_response') {
      byId ??= itemsById(context);
      const request = byId.get(String(item.approval_request_id));
      if (request) approvals.push({ request, approve: item.approve === true });
    } else if (item.type === 'computer_call') {
      computerSteps++;
      awaitingComputer = true;
    } else if (item.type === 'computer_call_output') {
      awaitingComputer = false;
    }
  }
  return { results, approvals, computerSteps, awaitingComputer };
}

/** The latest function or custom tool call with this call id, anywhere in the context. */
function lastCallOf(context: readonly GenericItem[], callId: unknown): GenericItem | undefined {
  for (let i = context.length - 1; i >= 0; i--) {
    const c = context[i];
    if ((c.type === 'function_call' || c.type === 'custom_tool_call') && c.call_id === callId) return c;
  }
  return undefined;
}

/** Items by id, the later one winning. */
function itemsById(context: readonly GenericItem[]): Map<string, GenericItem> {
  const byId = new Map<string, GenericItem>();
  for (const item of context) if (typeof item.id === 'string') byId.set(item.id, item);
  return byId;
}

/** Did the client send results the model has not answered yet? */
export function hasPendingResults(state: TurnState): boolean {
  return state.results.length > 0 || state.approvals.length > 0 || (state.computerSteps > 0 && !state.awaitingComputer);
}
