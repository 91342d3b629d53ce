/**
 * Stored records as Redis strings. A ResponseRecord holds the response it continues by reference;
 * in Redis it is held by id and the chain is rebuilt on load. The value starts with a header line the
 * Lua scripts read (cjson) without decoding the record: `{"previous":<id or "">,"items":[<item ids>],"status":…}`
 * — the previous response's id (to walk a chain in one round trip), the ids of the response's
 * items (to drop their item-reference keys with it) and its status (a terminal one is never
 * overwritten: the first end written wins). Both lines are JSON, which never holds a raw
 * newline, so no id a client chooses (with '\n' or ',' in it) can break the value.
 *
 * What is stored is what the journal keeps of a request: tool credentials and the `--redact-fields`
 * paths are redacted (src/redact.ts), so no secret reaches Redis.
 */
import type { GenericItem } from '../../canonical/items';
import type { ResponseRecord } from '../../model/response-record';
import { redactFields } from '../../redact';
import type { ConversationRecord } from '../conversation-store';

/** What is kept of a response besides its chain link. */
export type StoredResponse = Omit<ResponseRecord, 'previous'>;

/** The ids of a response's items, as the memory store indexes them for `item_reference`. */
export function responseItemIds(record: ResponseRecord): string[] {
  const ids: string[] = [];
  for (const list of [record.input, record.plan.items]) for (const item of list) if (typeof item.id === 'string') ids.push(item.id);
  return ids;
}

export function encodeResponse(record: ResponseRecord, redactPaths: readonly string[]): string {
  const { previous, ...rest } = record;
  const stored: StoredResponse = { ...rest, request: redactFields(rest.request, redactPaths) as ResponseRecord['request'] };
  return `${JSON.stringify({ previous: previous?.id ?? '', items: responseItemIds(record), status: record.status })}\n${JSON.stringify(stored)}`;
}

/** A response and the id of the one it continues ('' for none); null for a value that does not decode. */
export function decodeResponse(value: string): { record: StoredResponse; previousId: string } | null {
  try {
    const line = value.indexOf('\n');
    const header = JSON.parse(value.slice(0, line)) as { previous: string };
    const record = JSON.parse(value.slice(line + 1)) as StoredResponse;
    if (line < 0 || typeof header.previous !== 'string' || typeof record?.id !== 'string') return null;
    return { previousId: header.previous, record };
  } catch {
    return null;
  }
}

/**
 * A chain as the script returns it (newest first) → the newest record, each linked to the next by
 * reference. `known` gives a record this process already holds for an id, given its stored copy (kept,
 * so a response still generating here is not replaced by its stored copy). A value that does not
 * decode is missing: the chain ends before it (null when it is the newest).
 */
export function rebuildChain(values: readonly string[], known: (id: string, stored: StoredResponse) => ResponseRecord | undefined): ResponseRecord | null {
  const records: StoredResponse[] = [];
  for (const value of values) {
    const decoded = decodeResponse(value);
    if (!decoded) break;
    records.push(decoded.record);
  }
  let next: ResponseRecord | null = null;
  for (let i = records.length - 1; i >= 0; i--) next = known(records[i].id, records[i]) ?? { ...records[i], previous: next };
  return next;
}

/** A conversation's own fields (its items are kept apart, appended and deleted one by one). */
export function encodeConversationMeta(conversation: ConversationRecord): string {
  const { items: _items, ...meta } = conversation;
  return JSON.stringify(meta);
}

/** A conversation from its fields, its item ids in order and its items by id; null when they do not decode. */
export function decodeConversation(meta: string, ids: readonly string[], items: Readonly<Record<string, string>>): ConversationRecord | null {
  try {
    const list: GenericItem[] = [];
    for (const id of ids) if (items[id] !== undefined) list.push(JSON.parse(items[id]) as GenericItem);
    return { ...(JSON.parse(meta) as Omit<ConversationRecord, 'items'>), items: list };
  } catch {
    return null;
  }
}
