/**
 * Conversations: ordered items under an id, bounded like the response store (the oldest conversation
 * is evicted first). Items are also indexed by id: deleting a conversation leaves its items
 * reachable (for `item_reference`), as the API keeps them; the index itself is bounded.
 */
import type { GenericItem } from '../canonical/items';
import { FifoMap } from './fifo-map';
import type { StoreChanges } from './store-changes';
import type { ConversationRecord } from './conversation-record';

export type { ConversationRecord } from './conversation-record';

/** Items kept reachable per conversation slot, on average, before the oldest are forgotten. */
const ITEMS_PER_CONVERSATION = 100;

export class ConversationStore {
  private readonly conversations = new FifoMap<string, ConversationRecord>();
  private readonly items = new FifoMap<string, GenericItem>();

  /** Told of the API's changes (a shared store writes them through); null with `--store memory`. */
  changes: StoreChanges | null = null;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.conversations.size;
  }

  add(conversation: ConversationRecord): void {
    this.load(conversation);
    this.changes?.conversationCreated(conversation);
  }

  /** Keeps a conversation as `add` does, without telling the listener: a copy loaded from the shared store. */
  load(conversation: ConversationRecord): void {
    this.conversations.set(conversation.id, conversation);
    for (const item of conversation.items) this.items.set(String(item.id), item);
    while (this.conversations.size > this.capacity) {
      const [, oldest] = this.conversations.oldest()!;
      this.conversations.delete(oldest.id);
      for (const item of oldest.items) this.items.delete(String(item.id));
    }
  }

  get(id: string): ConversationRecord | undefined {
    return this.conversations.get(id);
  }

  /** Removes the conversation; its items stay findable by id. */
  remove(id: string): boolean {
    if (!this.conversations.delete(id)) return false;
    this.changes?.conversationDeleted(id);
    return true;
  }

  /** Drops a conversation from this process only (gone from the shared store). */
  forget(id: string): void {
    this.conversations.delete(id);
  }

  /** Appends items to a conversation and indexes them. */
  append(conversation: ConversationRecord, items: readonly GenericItem[]): void {
    conversation.items.push(...items);
    for (const item of items) this.items.set(String(item.id), item);
    if (items.length > 0) this.changes?.itemsAppended(conversation, items);
    const limit = this.capacity * ITEMS_PER_CONVERSATION;
    while (this.items.size > limit) this.items.delete(this.items.oldest()![0]);
  }

  removeItem(conversation: ConversationRecord, itemId: string): boolean {
    const index = conversation.items.findIndex((i) => i.id === itemId);
    if (index < 0) return false;
    conversation.items.splice(index, 1);
    this.items.delete(itemId);
    this.changes?.itemDeleted(conversation, itemId);
    return true;
  }

  findItem(id: string): GenericItem | undefined {
    return this.items.get(id);
  }

  /** Every conversation, oldest first. */
  list(): ConversationRecord[] {
    return [...this.conversations.values()];
  }

  clear(): void {
    this.conversations.clear();
    this.items.clear();
  }
}
