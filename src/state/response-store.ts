/**
 * The in-memory response store: bounded (the oldest response is evicted first), with an index of
 * every stored item by id for `item_reference` inputs.
 */
import type { GenericItem } from '../canonical/items';
import type { ResponseRecord } from './response-record';

export class ResponseStore {
  private readonly records = new Map<string, ResponseRecord>();
  private readonly items = new Map<string, GenericItem>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.records.size;
  }

  add(record: ResponseRecord): void {
    this.records.delete(record.id); // re-adding moves it to the newest position
    this.records.set(record.id, record);
    this.index(record, true);
    while (this.records.size > this.capacity) {
      const oldest = this.records.values().next().value as ResponseRecord;
      this.remove(oldest.id);
    }
  }

  get(id: string): ResponseRecord | undefined {
    return this.records.get(id);
  }

  remove(id: string): boolean {
    const record = this.records.get(id);
    if (!record) return false;
    this.records.delete(id);
    this.index(record, false);
    return true;
  }

  findItem(id: string): GenericItem | undefined {
    return this.items.get(id);
  }

  clear(): void {
    this.records.clear();
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
