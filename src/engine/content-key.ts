/**
 * What a request *says*, independent of ids, transport and dialect: the model, the instructions, the
 * conversation's content and the tools. Generated text is seeded from it, so the same conversation
 * gives the same answer streamed or not, stored or not, in every dialect.
 */
import type { GenericItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';

/** Fields that name or track an item rather than say something. */
const IDENTITY_KEYS = new Set(['id', 'status', 'call_id', 'approval_request_id', 'created_by']);

/** `history` then `input`: the context the request continues and its own items (given apart, so no joined copy is made). */
export function contentKey(request: CanonicalRequest, history: readonly GenericItem[], input: readonly GenericItem[]): string {
  const items: Record<string, unknown>[] = [];
  for (const item of history) items.push(semanticItem(item));
  for (const item of input) items.push(semanticItem(item));
  return JSON.stringify({
    model: request.model,
    instructions: request.instructions,
    items,
    tools: request.tools,
    tool_choice: request.tool_choice,
    format: request.text.format,
    verbosity: request.text.verbosity,
    reasoning: request.reasoning?.effort ?? null,
  });
}

/**
 * The item without its identity fields. An item that has none (a new turn's input, as sent) is
 * serialised as it is: the copy would say the same, key for key.
 */
function semanticItem(item: GenericItem): Record<string, unknown> {
  let identified = false;
  for (const k in item) {
    if (IDENTITY_KEYS.has(k)) {
      identified = true;
      break;
    }
  }
  if (!identified) return item;
  const out: Record<string, unknown> = {};
  for (const k in item) if (!IDENTITY_KEYS.has(k)) out[k] = item[k];
  return out;
}
