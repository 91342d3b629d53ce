/**
 * Conversations: ordered items under an id, bounded like the response store (the oldest conversation
 * is evicted first). Items are also indexed by id: deleting a conversation leaves its items
 * reachable (for `item_reference`), as the API keeps them; the index itself is bounded.
 */
import type { GenericItem } from '../canonical/items';
import { FifoMap } from './fifo-map';

export interface ConversationRecord {
  id: string;
  created_at: number;
  metadata: Record<string, string>;
  items: GenericItem[];
  /** An Aitronos thread (listed by GET /v1/threads); otherwise an OpenAI conversation. */
  thread?: boolean;
}

/** Items kept reachable per conversation slot, on average, before the oldest are forgotten. */
const ITEMS_PER_CONVERSATION = 100;

export class ConversationStore {
  private readonly conversations = new FifoMap<string, ConversationRecord>();
  private readonly items = new FifoMap<string, GenericItem>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.conversations.size;
  }

  add(conversation: ConversationRecord): void {
    this.conversations.set(conversation.id, conversation);
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
    return this.conversations.delete(id);
  }

  /** Appends items to a conversation and indexes them. */
  append(conversation: ConversationRecord, items: readonly GenericItem[]): void {
    conversation.items.push(...items);
    for (const item of items) this.items.set(String(item.id), item);
    const limit = this.capacity * ITEMS_PER_CONVERSATION;
    while (this.items.size > limit) this.items.delete(this.items.oldest()![0]);
  }

  removeItem(conversation: ConversationRecord, itemId: string): boolean {
    const index = conversation.items.findIndex((i) => i.id === itemId);
    if (index < 0) return false;
    conversation.items.splice(index, 1);
    this.items.delete(itemId);
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
