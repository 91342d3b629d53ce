/**
 * Stored records as Redis strings. A ResponseRecord holds the response it continues by reference;
 * in Redis it is held by id and the chain is rebuilt on load. The value starts with three header
 * lines the Lua scripts read without decoding JSON: the previous response's id (to walk a chain in one
 * round trip), the ids of the response's items (to drop their item-reference keys with it) and its
 * status (a terminal one is never overwritten: the first end written wins).
 */
import type { GenericItem } from '../../canonical/items';
import type { ResponseRecord } from '../../model/response-record';
import type { ConversationRecord } from '../conversation-store';

/** What is kept of a response besides its chain link. */
export type StoredResponse = Omit<ResponseRecord, 'previous'>;

/** The ids of a response's items, as the memory store indexes them for `item_reference`. */
export function responseItemIds(record: ResponseRecord): string[] {
  const ids: string[] = [];
  for (const list of [record.input, record.plan.items]) for (const item of list) if (typeof item.id === 'string') ids.push(item.id);
  return ids;
}

export function encodeResponse(record: ResponseRecord): string {
  const { previous, ...rest } = record;
  return `${previous?.id ?? ''}\n${responseItemIds(record).join(',')}\n${record.status}\n${JSON.stringify(rest)}`;
}

/** A response and the id of the one it continues ('' for none). */
export function decodeResponse(value: string): { record: StoredResponse; previousId: string } {
  const first = value.indexOf('\n');
  const third = value.indexOf('\n', value.indexOf('\n', first + 1) + 1);
  return { previousId: value.slice(0, first), record: JSON.parse(value.slice(third + 1)) as StoredResponse };
}

/**
 * A chain as the script returns it (newest first) → the newest record, each linked to the next by
 * reference. `known` gives a record this process already holds for an id, given its stored copy (kept,
 * so a response still generating here is not replaced by its stored copy).
 */
export function rebuildChain(values: readonly string[], known: (id: string, stored: StoredResponse) => ResponseRecord | undefined): ResponseRecord | null {
  let next: ResponseRecord | null = null;
  for (let i = values.length - 1; i >= 0; i--) {
    const { record } = decodeResponse(values[i]);
    next = known(record.id, record) ?? { ...record, previous: next };
  }
  return next;
}

/** A conversation's own fields (its items are kept apart, appended and deleted one by one). */
export function encodeConversationMeta(conversation: ConversationRecord): string {
  const { items: _items, ...meta } = conversation;
  return JSON.stringify(meta);
}

/** A conversation from its fields, its item ids in order and its items by id. */
export function decodeConversation(meta: string, ids: readonly string[], items: Readonly<Record<string, string>>): ConversationRecord {
  const list: GenericItem[] = [];
  for (const id of ids) if (items[id] !== undefined) list.push(JSON.parse(items[id]) as GenericItem);
  return { ...(JSON.parse(meta) as Omit<ConversationRecord, 'items'>), items: list };
}
