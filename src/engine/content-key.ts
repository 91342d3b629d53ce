/**
 * What a request *says*, independent of ids, transport and dialect: the model, the instructions, the
 * conversation's content and the tools. Generated text is seeded from it, so the same conversation
 * gives the same answer streamed or not, stored or not, in every dialect.
 */
import type { GenericItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';

/** Fields that name or track an item rather than say something. */
const IDENTITY_KEYS = new Set(['id', 'status', 'call_id', 'approval_request_id', 'created_by']);

export function contentKey(request: CanonicalRequest, context: readonly GenericItem[]): string {
  return JSON.stringify({
    model: request.model,
    instructions: request.instructions,
    items: context.map(semanticItem),
    tools: request.tools,
    tool_choice: request.tool_choice,
    format: request.text.format,
    verbosity: request.text.verbosity,
    reasoning: request.reasoning?.effort ?? null,
  });
}

function semanticItem(item: GenericItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!IDENTITY_KEYS.has(k)) out[k] = v;
  return out;
}
