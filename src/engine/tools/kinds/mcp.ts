/**
 * `mcp`: a remote MCP server, chosen when the prompt names its label (or one of its allowed tools):
 * its tool listing (once per conversation), then a call or an approval request.
 */
import { mcp } from '../builtin';
import { SERVER, type ToolKind } from './tool-kind';

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
};
