/**
 * The in-memory response store: bounded (the oldest response is evicted first) and optionally
 * time-limited (a response is forgotten `ttlMs` after it was stored), with an index of every stored
 * item by id for `item_reference` inputs. Expiry uses the monotonic clock, not the (possibly fixed)
 * clock that timestamps objects.
 */
import type { GenericItem } from '../canonical/items';
import { FifoMap } from './fifo-map';
import type { ResponseRecord } from '../model/response-record';
import type { StoreChanges } from './store-changes';

interface Stored {
  record: ResponseRecord;
  /** Monotonic time it was stored (for the TTL). */
  at: number;
  /** Whether its items are in the item index yet. */
  indexed: boolean;
  /**
   * Whether it is still the stored entry of its id (not evicted, expired, deleted or replaced). Kept
   * on the entry so the checks of `pending` read a field rather than look the id up in a store of
   * thousands (a few lookups per request that showed on the create path's profile).
   */
  live: boolean;
}

export class ResponseStore {
  /** Oldest first. */
  private readonly records = new FifoMap<string, Stored>();
  /**
   * Items by id, for `item_reference` inputs. Indexing every item of every response costs a few
   * Map operations per request that most traffic never uses, so records are indexed in bulk the
   * first time an item is looked up (in the order they were stored: the later one wins).
   */
  private readonly items = new Map<string, GenericItem>();
  private pending: Stored[] = [];

  /** Told of the API's changes (a shared store writes them through); null with `--store memory`. */
  changes: StoreChanges | null = null;

  constructor(
    readonly capacity: number,
    readonly ttlMs = 0,
  ) {}

  get size(): number {
    return this.records.size;
  }

  /** How many entries its order list holds, ones no longer stored included: stays within about 2 × size. */
  get queued(): number {
    return this.records.queued;
  }

  add(record: ResponseRecord): void {
    this.load(record);
    this.changes?.responseStored(record);
  }

  /** A stored response changed in place (its generation ended): told to the listener, if it is still stored. */
  updated(record: ResponseRecord): void {
    if (this.changes && this.records.get(record.id)?.record === record) this.changes.responseUpdated(record);
  }

  /** Keeps a response as `add` does, without telling the listener: a copy loaded from the shared store. */
  load(record: ResponseRecord): void {
    const previous = this.records.get(record.id);
    if (previous) {
      previous.live = false;
      if (previous.indexed) this.index(previous.record, false);
    }
    // Only a store with a TTL reads the time (a clock call per request otherwise spent for nothing).
    const stored: Stored = { record, at: this.ttlMs > 0 ? performance.now() : 0, indexed: false, live: true };
    // Re-adding moves it to the newest position.
    this.records.set(record.id, stored);
    this.pending.push(stored);
    if (this.pending.length > 2 * this.capacity + 64) this.pending = this.pending.filter((p) => p.live);
    this.expire();
    while (this.records.size > this.capacity) {
      const [id, oldest] = this.records.oldest()!;
      this.drop(id, oldest);
    }
  }

  get(id: string): ResponseRecord | undefined {
    this.expire();
    return this.records.get(id)?.record;
  }

  /** Drops expired responses; they are the oldest, so the walk stops at the first live one. */
  private expire(): void {
    if (this.ttlMs <= 0) return;
    const cutoff = performance.now() - this.ttlMs;
    for (let oldest = this.records.oldest(); oldest && oldest[1].at <= cutoff; oldest = this.records.oldest()) this.drop(oldest[0], oldest[1]);
  }

  /** Deletes a response (the API's DELETE); the listener is told. */
  remove(id: string): boolean {
    if (!this.forget(id)) return false;
    this.changes?.responseDeleted(id);
    return true;
  }

  /** Drops a response from this process only (evicted, expired, or gone from the shared store). */
  forget(id: string): boolean {
    const stored = this.records.get(id);
    if (!stored) return false;
    this.drop(id, stored);
    return true;
  }

  /** Forgets the entry in hand for `id` (the oldest, when evicting: no second lookup). */
  private drop(id: string, stored: Stored): void {
    this.records.delete(id);
    stored.live = false;
    if (stored.indexed) this.index(stored.record, false);
  }

  findItem(id: string): GenericItem | undefined {
    this.expire();
    for (const stored of this.pending) {
      if (!stored.live) continue;
      this.index(stored.record, true);
      stored.indexed = true;
    }
    this.pending = [];
    return this.items.get(id);
  }

  clear(): void {
    this.records.clear();
    this.items.clear();
    this.pending = [];
  }

  private index(record: ResponseRecord, add: boolean): void {
    for (const list of [record.input, record.plan.items]) {
      for (const item of list) {
        if (typeof item.id !== 'string') continue;
        if (add) this.items.set(item.id, item);
        else if (this.items.get(item.id) === item) this.items.delete(item.id);
      }
    }
  }
}
