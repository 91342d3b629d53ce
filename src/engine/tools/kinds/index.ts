/**
 * Every tool kind the model can use, one file each (see ../tool-kind.ts). A new tool is one file in
 * this folder: `npm run build` lists it in list.generated.ts (when its calls are a new item type,
 * the tool's file declares that item's kind too, in `itemKinds`: README "How to add a built-in tool"). Tool
 * types with no kind here (`namespace` is unfolded before choosing; `tool_search`,
 * `programmatic_tool_calling`) are accepted and never called.
 */
import type { Tool } from '../../../canonical/request';
import { addItemKinds } from '../../../model/item-kinds';
import { addToolEcho } from '../../../render/echo-defaults';
import type { ToolKind } from '../tool-kind';
import { TOOL_KIND_FILES } from './list.generated';

export type { ToolCallContext, ToolKind } from '../tool-kind';

/** In file-name order (nothing depends on it: tools are looked up by type). */
export const TOOL_KINDS: readonly ToolKind[] = TOOL_KIND_FILES;

// What the layers below need of a tool, handed down once, as this module loads (the planner imports
// it, so before any request is answered): its echo for render, the kinds of its own item types.
for (const kind of TOOL_KINDS) {
  if (kind.echo) addToolEcho(kind.types, kind.echo);
  if (kind.itemKinds) addItemKinds(kind.itemKinds);
}

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
