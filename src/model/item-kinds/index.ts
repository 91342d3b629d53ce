/**
 * Every item kind the emulator knows, one file each (see item-kind.ts for what a kind says and why
 * the table sits at the bottom). A new kind: one file beside these and one line in ITEM_KINDS.
 * Item types with no kind here (e.g. `item_reference`, `computer_call_output`) pass through as
 * given: generic `item_` ids, nothing streamed between `output_item.added` and `.done`.
 */
import { applyPatchCall } from './apply-patch-call';
import { applyPatchCallOutput } from './apply-patch-call-output';
import { codeInterpreterCall } from './code-interpreter-call';
import { compaction } from './compaction';
import { computerCall } from './computer-call';
import { customToolCall } from './custom-tool-call';
import { customToolCallOutput } from './custom-tool-call-output';
import { fileSearchCall } from './file-search-call';
import { functionCall } from './function-call';
import { functionCallOutput } from './function-call-output';
import { imageGenerationCall } from './image-generation-call';
import type { ItemKind } from './item-kind';
import { localShellCall } from './local-shell-call';
import { mcpApprovalRequest } from './mcp-approval-request';
import { mcpCall } from './mcp-call';
import { mcpListTools } from './mcp-list-tools';
import { message } from './message';
import { reasoning } from './reasoning';
import { shellCall } from './shell-call';
import { shellCallOutput } from './shell-call-output';
import { webSearchCall } from './web-search-call';

export type { ItemAt, ItemKind, ItemStreamer, TextChunk } from './item-kind';

export const ITEM_KINDS: readonly ItemKind[] = [
  message,
  reasoning,
  functionCall,
  functionCallOutput,
  customToolCall,
  customToolCallOutput,
  computerCall,
  webSearchCall,
  fileSearchCall,
  codeInterpreterCall,
  imageGenerationCall,
  mcpListTools,
  mcpCall,
  mcpApprovalRequest,
  shellCall,
  shellCallOutput,
  localShellCall,
  applyPatchCall,
  applyPatchCallOutput,
  compaction,
];

const BY_TYPE: ReadonlyMap<string, ItemKind> = new Map(ITEM_KINDS.map((kind) => [kind.type, kind]));

/** The kind of an item type; undefined for types the emulator passes through as given. */
export function itemKind(type: string): ItemKind | undefined {
  return BY_TYPE.get(type);
}

/** Id prefix for an input item (or a fixture's item) of `type` that came without an id. */
export function givenItemIdPrefix(type: string): string {
  return givenIdPrefixOf(BY_TYPE.get(type));
}

/** As givenItemIdPrefix, for a kind already looked up (input items are stored on every request). */
export function givenIdPrefixOf(kind: ItemKind | undefined): string {
  return kind?.prefixedWhenGiven === false ? 'item_' : (kind?.idPrefix ?? 'item_');
}
