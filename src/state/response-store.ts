/**
 * The in-memory response store: bounded (the oldest response is evicted first) and optionally
 * time-limited (a response is forgotten `ttlMs` after it was stored), with an index of every stored
 * item by id for `item_reference` inputs. Expiry uses the monotonic clock, not the (possibly fixed)
 * clock that timestamps objects.
 */
import type { GenericItem } from '../canonical/items';
import type { ResponseRecord } from './response-record';

export class ResponseStore {
  private readonly records = new Map<string, ResponseRecord>();
  private readonly storedAt = new Map<string, number>();
  private readonly items = new Map<string, GenericItem>();

  constructor(
    readonly capacity: number,
    readonly ttlMs = 0,
  ) {}

  get size(): number {
    return this.records.size;
  }

  add(record: ResponseRecord): void {
    this.records.delete(record.id); // re-adding moves it to the newest position
    this.records.set(record.id, record);
    this.storedAt.delete(record.id);
    this.storedAt.set(record.id, performance.now());
    this.index(record, true);
    this.expire();
    while (this.records.size > this.capacity) {
      const oldest = this.records.values().next().value as ResponseRecord;
      this.remove(oldest.id);
    }
  }

  get(id: string): ResponseRecord | undefined {
    this.expire();
    return this.records.get(id);
  }

  /** Drops expired responses; they are the oldest, so the walk stops at the first live one. */
  private expire(): void {
    if (this.ttlMs <= 0) return;
    const cutoff = performance.now() - this.ttlMs;
    for (const [id, at] of this.storedAt) {
      if (at > cutoff) break;
      this.remove(id);
    }
  }

  remove(id: string): boolean {
    const record = this.records.get(id);
    if (!record) return false;
    this.records.delete(id);
    this.storedAt.delete(id);
    this.index(record, false);
    return true;
  }

  findItem(id: string): GenericItem | undefined {
    this.expire();
    return this.items.get(id);
  }

  clear(): void {
    this.records.clear();
    this.storedAt.clear();
    this.items.clear();
  }

  private index(record: ResponseRecord, add: boolean): void {
    for (const item of [...record.input, ...record.plan.items]) {
      if (typeof item.id !== 'string') continue;
      if (add) this.items.set(item.id, item);
      else if (this.items.get(item.id) === item) this.items.delete(item.id);
    }
  }
}
