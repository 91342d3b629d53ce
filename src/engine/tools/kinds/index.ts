/**
 * Every tool kind the model can use, one file each (see tool-kind.ts). A new tool: one file beside
 * these and one line in TOOL_KINDS (plus, when its calls are a new item type, that item's kind in
 * src/model/item-kinds/). Tool types with no kind here (`namespace` is unfolded before choosing;
 * `tool_search`, `programmatic_tool_calling`) are accepted and never called.
 */
import type { Tool } from '../../../canonical/request';
import { applyPatchTool } from './apply-patch';
import { codeInterpreterTool } from './code-interpreter';
import { computerTool } from './computer';
import { computerUsePreviewTool } from './computer-use-preview';
import { customTool } from './custom';
import { fileSearchTool } from './file-search';
import { functionTool } from './function';
import { imageGenerationTool } from './image-generation';
import { localShellTool } from './local-shell';
import { mcpTool } from './mcp';
import { shellTool } from './shell';
import type { ToolKind } from './tool-kind';
import { webSearchTool } from './web-search';

export type { ToolCallContext, ToolKind } from './tool-kind';

export const TOOL_KINDS: readonly ToolKind[] = [
  functionTool,
  customTool,
  webSearchTool,
  fileSearchTool,
  codeInterpreterTool,
  imageGenerationTool,
  mcpTool,
  computerUsePreviewTool,
  computerTool,
  shellTool,
  localShellTool,
  applyPatchTool,
];

const BY_TYPE: ReadonlyMap<string, ToolKind> = new Map(TOOL_KINDS.flatMap((kind) => kind.types.map((type) => [type, kind] as const)));
const BY_CHOICE_NAME: ReadonlyMap<string, ToolKind> = new Map([...BY_TYPE, ...TOOL_KINDS.flatMap((kind) => (kind.choiceNames ?? []).map((name) => [name, kind] as const))]);

/** The kind of a request's tool; undefined for tool types the model never calls. */
export function kindOfTool(tool: Tool): ToolKind | undefined {
  return BY_TYPE.get(tool.type);
}

/** The name of a tool's kind (`web_search` for all its types); the type itself for a tool of no kind. */
export function toolKind(tool: Tool): string {
  return BY_TYPE.get(tool.type)?.name ?? tool.type;
}

/** The kind name a tool_choice `type` designates (`computer_use` → `computer_use_preview`); the type itself when none. */
export function choiceKindName(type: string): string {
  return BY_CHOICE_NAME.get(type)?.name ?? type;
}
