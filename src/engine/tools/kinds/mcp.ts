/**
 * `mcp`: a remote MCP server, chosen when the prompt names its label (or one of its allowed tools):
 * its tool listing (once per conversation), then a call or an approval request.
 */
import type { GenericItem } from '../../../canonical/items';
import type { Tool } from '../../../canonical/request';
import { pickGiven } from '../../../render/echo-defaults';
import { fakeValue } from '../../schema-faker';
import { capitalize, type BuiltinContext, type BuiltinResult } from '../builtin';
import type { CallContext } from '../calls';
import { SERVER, type ToolKind } from '../tool-kind';

/**
 * The emulated MCP server offers the tools `allowed_tools` names, or `search` and `fetch`, listed as
 * real servers list theirs: a draft-07 input schema with described properties, and annotations.
 */
function mcpToolsOf(tool: Tool): { name: string; description: string; input_schema: Record<string, unknown>; annotations: { read_only: boolean } }[] {
  const allowed = Array.isArray(tool.allowed_tools) ? (tool.allowed_tools as string[]) : ((tool.allowed_tools as { tool_names?: string[] } | null)?.tool_names ?? []);
  const names = allowed.length > 0 ? allowed : ['search', 'fetch'];
  return names.map((name) => {
    const param = name === 'fetch' ? 'id' : 'query';
    return {
      annotations: { read_only: name === 'search' || name === 'fetch' },
      description: `${name} on ${String(tool.server_label)}`,
      input_schema: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        additionalProperties: false,
        properties: { [param]: { description: param === 'id' ? 'The id of the document to fetch' : 'What to look for', type: 'string' } },
        required: [param],
        type: 'object',
      },
      name,
    };
  });
}

function needsApproval(tool: Tool, name: string): boolean {
  const policy = tool.require_approval;
  if (policy === 'never') return false;
  if (policy && typeof policy === 'object') {
    const never = (policy as { never?: { tool_names?: string[] } }).never?.tool_names ?? [];
    const always = (policy as { always?: { tool_names?: string[] } }).always?.tool_names;
    if (never.includes(name)) return false;
    if (always) return always.includes(name);
  }
  return true; // the API's default is "always"
}

export function mcp(tool: Tool, ctx: BuiltinContext): BuiltinResult {
  const label = String(tool.server_label);
  const tools = mcpToolsOf(tool);
  const items: GenericItem[] = [];
  if (!ctx.context.some((i) => i.type === 'mcp_list_tools' && i.server_label === label)) {
    // Real traffic has no `error` key on a listing that succeeded.
    items.push({ id: ctx.ids.next('mcp_list_tools'), type: 'mcp_list_tools', server_label: label, tools });
  }
  const lower = ctx.values.text.toLowerCase();
  const chosen = tools.find((t) => lower.includes(t.name.toLowerCase())) ?? tools[0];
  const args = JSON.stringify(fakeValue(chosen.input_schema, ctx.rng.fork(`mcp:${chosen.name}`), ctx.values, { leaveOutOptionals: true }));
  if (needsApproval(tool, chosen.name)) {
    items.push({ id: ctx.ids.next('mcp_approval_request'), type: 'mcp_approval_request', server_label: label, name: chosen.name, arguments: args });
    return { items, awaitsClient: true };
  }
  const call = mcpCall(label, chosen.name, args, null, ctx);
  return { items: [...items, call], report: (b) => b.append(`${String(call.output)}`) };
}

/** Runs an MCP tool (after approval, or when none is needed). */
export function mcpCall(label: string, name: string, args: string, approvalRequestId: string | null, ctx: CallContext): GenericItem {
  const output = `${label}.${name} returned results for ${ctx.values.topic ?? 'the request'}: ${capitalize(ctx.values.topic ?? 'it')} is documented, with examples and references.`;
  return {
    id: ctx.ids.next('mcp_call'),
    type: 'mcp_call',
    status: 'completed',
    approval_request_id: approvalRequestId,
    arguments: args,
    error: null,
    name,
    output,
    server_label: label,
  };
}

export const mcpTool: ToolKind = {
  name: 'mcp',
  types: ['mcp'],
  relevance(tool, { lower }) {
    const label = String(tool.server_label ?? '').toLowerCase();
    if (label && lower.includes(label)) return 5;
    const allowed = Array.isArray(tool.allowed_tools) ? (tool.allowed_tools as string[]) : [];
    if (allowed.some((name) => lower.includes(name.toLowerCase()))) return 4;
    return 0;
  },
  clientSide: SERVER,
  call: mcp,
  echo: (tool) => ({
    type: 'mcp',
    allowed_tools: tool.allowed_tools ?? null,
    headers: tool.headers ?? null,
    require_approval: tool.require_approval ?? 'always',
    server_description: tool.server_description ?? null,
    server_label: tool.server_label,
    ...(tool.server_url !== undefined ? { server_url: tool.server_url } : {}),
    // `authorization` is a secret: never echoed.
    ...pickGiven(tool, ['connector_id', 'defer_loading']),
  }),
};
