/** `mcp_approval_request`: the model asks the client to approve an MCP call; nothing streams between added and done. */
import type { ItemKind } from '../item-kind';

export const mcpApprovalRequest: ItemKind = { type: 'mcp_approval_request', idPrefix: 'mcpr_', prefixedWhenGiven: false };
