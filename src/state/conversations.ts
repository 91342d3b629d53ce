/**
 * Conversations (and Aitronos threads) as the API manages them: created, listed, their items added
 * and removed, with the API's errors and room limits. A finished response adds its turn here.
 */
import type { GenericItem } from '../canonical/items';
import { unixSeconds, type Clock } from '../clock';
import { notFound } from '../errors';
import type { IdFactory } from '../ids';
import type { ConversationRecord, ConversationStore } from './conversation-store';
import { assignInputItemIds, resolveItemReferences } from './input-items';
import { checkConversationRoom } from './length-limits';
import { requireConversation } from './request-context';
import type { ResponseRecord } from '../model/response-record';

export class Conversations {
  constructor(
    private readonly store: ConversationStore,
    private readonly clock: Clock,
    private readonly config: { maxConversationItems: number },
    /** Conversation and item ids (replaced on reset, hence a getter). */
    private readonly ids: () => IdFactory,
    /** An item by id, from stored responses or any conversation (item references). */
    private readonly findItem: (id: string) => GenericItem | undefined,
  ) {}

  /** A new conversation (an Aitronos thread with `thread`), under the given id or a fresh one. */
  create(metadata: Record<string, string>, items: GenericItem[], options: { id?: string; thread?: boolean } = {}): ConversationRecord {
    checkConversationRoom(null, items.length, this.config.maxConversationItems, 'items');
    // Ids are drawn once, before anything changes: with replicas the factory comes from a shared
    // counter reserved ahead (state/reservations.ts), and an exchange short of one runs again.
    const ids = options.id === undefined || items.length > 0 ? this.ids() : null;
    const id = options.id ?? ids!.next(options.thread ? 'thread' : 'conversation');
    const stored = items.length > 0 ? this.storedItems(items, ids!) : [];
    const conversation: ConversationRecord = {
      id,
      created_at: unixSeconds(this.clock.nowMs()),
      metadata,
      items: [],
      ...(options.thread ? { thread: true } : {}),
    };
    this.store.add(conversation);
    if (stored.length > 0) this.store.append(conversation, stored);
    return conversation;
  }

  /** The thread with this id, created when unknown (as Aitronos does); given metadata replaces its own. */
  ensureThread(id: string, metadata: Record<string, string> | null): ConversationRecord {
    const thread = this.store.get(id) ?? this.create({}, [], { id, thread: true });
    if (metadata) thread.metadata = metadata;
    return thread;
  }

  get(id: string, param: string | null): ConversationRecord {
    return requireConversation({ conversations: this.store }, id, param);
  }

  delete(id: string): void {
    this.get(id, null);
    this.store.remove(id);
  }

  /** Adds items (ids assigned, references resolved) and returns them as stored. */
  addItems(id: string, items: GenericItem[]): GenericItem[] {
    const conversation = this.get(id, null);
    checkConversationRoom(conversation, items.length, this.config.maxConversationItems, 'items');
    const stored = this.storedItems(items, this.ids());
    this.store.append(conversation, stored);
    return stored;
  }

  /** Items as a conversation keeps them: references resolved, ids assigned. */
  private storedItems(items: GenericItem[], ids: IdFactory): GenericItem[] {
    return assignInputItemIds(resolveItemReferences(items, this.findItem), ids);
  }

  getItem(id: string, itemId: string): GenericItem {
    const item = this.get(id, null).items.find((i) => i.id === itemId);
    if (!item) throw notFound(`Item with id '${itemId}' not found.`);
    return item;
  }

  deleteItem(id: string, itemId: string): ConversationRecord {
    const conversation = this.get(id, null);
    if (!this.store.removeItem(conversation, itemId)) throw notFound(`Item with id '${itemId}' not found.`);
    return conversation;
  }

  /** When a response finishes, its conversation (if any) gets this turn's input and output items. */
  settle(record: ResponseRecord): void {
    const turn = turnOf(record);
    const conversation = turn && this.store.get(turn.conversation);
    if (conversation) this.store.append(conversation, turn.items);
  }
}

/** The turn a finished response gives its conversation: this turn's input and output items; null for none. */
export function turnOf(record: ResponseRecord): { conversation: string; items: GenericItem[] } | null {
  const conversation = record.request.conversation;
  if (!conversation || (record.status !== 'completed' && record.status !== 'incomplete')) return null;
  return { conversation, items: [...record.input, ...record.outcome.output] };
}
