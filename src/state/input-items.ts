/**
 * Turns the client's input items into stored items: item references are resolved to the items
 * they name, every item gets an id (as the API's `input_items` listing shows) and string message
 * content becomes a content list.
 */
import type { GenericItem } from '../canonical/items';
import { invalidRequest } from '../errors';
import type { IdFactory, IdKind } from '../ids';

const ID_KIND_BY_TYPE: Record<string, IdKind> = {
  message: 'message',
  function_call: 'functionCall',
  reasoning: 'reasoning',
  web_search_call: 'webSearch',
  file_search_call: 'fileSearch',
  code_interpreter_call: 'codeInterpreter',
  image_generation_call: 'imageGeneration',
  mcp_call: 'mcpCall',
  mcp_list_tools: 'mcpListTools',
  custom_tool_call: 'customToolCall',
  computer_call: 'computerCall',
  shell_call: 'shellCall',
  shell_call_output: 'shellCallOutput',
  local_shell_call: 'localShellCall',
  apply_patch_call: 'applyPatchCall',
  apply_patch_call_output: 'applyPatchCallOutput',
  compaction: 'compaction',
};

/** Items whose stored (listed) form always carries a status. */
const STATUS_WHEN_STORED = new Set(['message', 'function_call', 'function_call_output', 'custom_tool_call', 'custom_tool_call_output']);

export function idKindForItemType(type: string): IdKind {
  return ID_KIND_BY_TYPE[type] ?? 'item';
}

/** Replaces each `item_reference` with the stored item it names (unknown ids are a 400, as in the API). */
export function resolveItemReferences(input: readonly GenericItem[], findItem: (id: string) => GenericItem | undefined): GenericItem[] {
  return input.map((item, index) => {
    if (item.type !== 'item_reference') return item;
    const found = findItem(String(item.id));
    if (!found) throw invalidRequest(`Item with id '${String(item.id)}' not found.`, `input[${index}].id`, 'item_not_found');
    return found;
  });
}

/**
 * Gives every item an id and the stored form the API lists: `id` and `type` first, content as a list,
 * a status. Already-stored items keep their id. (Built key by key rather than by spreading: this runs
 * for every input item of every request.)
 */
export function assignInputItemIds(input: readonly GenericItem[], ids: IdFactory): GenericItem[] {
  return input.map((raw) => {
    const id = typeof raw.id === 'string' && raw.id !== '' ? raw.id : ids.next(idKindForItemType(raw.type));
    const item: GenericItem = { id, type: raw.type };
    for (const key of Object.keys(raw)) if (key !== 'id' && key !== 'type') item[key] = raw[key];
    if (item.type === 'message') {
      if (typeof item.content === 'string') {
        item.content =
          item.role === 'assistant'
            ? [{ type: 'output_text', text: item.content, annotations: [], logprobs: [] }]
            : [{ type: 'input_text', text: item.content }];
      } else if (Array.isArray(item.content)) {
        item.content = item.content.map(storedPart);
      }
    }
    if (STATUS_WHEN_STORED.has(item.type)) item.status ??= 'completed';
    else if (item.type === 'shell_call' || item.type === 'shell_call_output') storedShellForm(item);
    return item;
  });
}

/** Shell items are listed with every field their resource form has: a status, and null for the limits and environment not given. */
function storedShellForm(item: GenericItem): void {
  item.status ??= 'completed';
  if (item.type === 'shell_call_output') {
    item.max_output_length ??= null;
    return;
  }
  item.environment ??= null;
  if (item.action && typeof item.action === 'object') item.action = { timeout_ms: null, max_output_length: null, ...(item.action as Record<string, unknown>) };
}

/** Content parts as the API stores them: images say which detail they were read at. */
function storedPart(part: Record<string, unknown>): Record<string, unknown> {
  return part.type === 'input_image' ? { ...part, detail: part.detail ?? 'auto' } : part;
}
