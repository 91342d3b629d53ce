/**
 * What a store tells a listener when the API changes it, so a shared store (src/state/redis/) can
 * write the same change through. Only the API's own operations are told: a local eviction, an expiry
 * or a copy loaded from the shared store (`load`, `forget`) is the local cache's business, not a
 * change of the shared state. With no listener (`--store memory`) nothing is told and nothing costs.
 */
import type { GenericItem } from '../canonical/items';
import type { ResponseRecord } from '../model/response-record';
import type { ConversationRecord } from './conversation-record';

export interface StoreChanges {
  /** A response was stored (created, or stored again). */
  responseStored(record: ResponseRecord): void;
  /** A stored response changed after it was stored (its generation ended, it was cancelled). */
  responseUpdated(record: ResponseRecord): void;
  responseDeleted(id: string): void;
  conversationCreated(conversation: ConversationRecord): void;
  conversationDeleted(id: string): void;
  itemsAppended(conversation: ConversationRecord, items: readonly GenericItem[]): void;
  itemDeleted(conversation: ConversationRecord, itemId: string): void;
}
