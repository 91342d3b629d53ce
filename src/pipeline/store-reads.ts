/**
 * What an API request can read from the stores (src/state/store-reads.ts), from its route and body,
 * before its endpoint runs: a shared store loads exactly that first. Read off the raw body, as every
 * dialect names these fields alike; a field the endpoint then refuses was only loaded for nothing.
 */
import { noReads, type StoreReads } from '../state/store-reads';

/** Routes whose `:id` is a stored response, and those whose `:id` is a conversation (or an Aitronos thread). */
const RESPONSE_ROUTE = /^\/responses\/:id(\/|$)/;
const CONVERSATION_ROUTE = /^(\/conversations|\/v1\/threads)\/:id(\/|$)/;

export function storeReads(routePath: string, params: Readonly<Record<string, string>>, body: unknown): StoreReads {
  const reads = noReads();
  if (params.id !== undefined) {
    if (RESPONSE_ROUTE.test(routePath)) reads.responses.push(params.id);
    else if (CONVERSATION_ROUTE.test(routePath)) reads.conversations.push(params.id);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return reads;
  const fields = body as Record<string, unknown>;
  if (typeof fields.previous_response_id === 'string') reads.responses.push(fields.previous_response_id);
  for (const name of ['conversation', 'thread']) {
    const id = idOf(fields[name]);
    if (id !== null) reads.conversations.push(id);
  }
  if (Array.isArray(fields.input) || Array.isArray(fields.items)) {
    for (const item of [...((fields.input as unknown[]) ?? []), ...((fields.items as unknown[]) ?? [])].flat()) {
      if (item && typeof item === 'object' && (item as Record<string, unknown>).type === 'item_reference') {
        const id = (item as Record<string, unknown>).id;
        if (typeof id === 'string') reads.items.push(id);
      }
    }
  }
  return reads;
}

/** A conversation given as its id or as `{id}`. */
function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Record<string, unknown>).id === 'string') return (value as Record<string, string>).id;
  return null;
}
