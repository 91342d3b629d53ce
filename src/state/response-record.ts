/**
 * What the emulator remembers about one response: the request it answered, the input items (with
 * ids), the plan, and its lifecycle timestamps. The Response object is rendered from this on demand.
 */
import type { GenericItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';
import type { Plan } from '../engine/plan';

export type ResponseStatus = 'queued' | 'in_progress' | 'completed' | 'incomplete' | 'failed' | 'cancelled';

export interface ResponseRecord {
  id: string;
  created_at: number;
  completed_at: number | null;
  status: ResponseStatus;
  request: CanonicalRequest;
  /** This turn's input items, each with an id. */
  input: GenericItem[];
  plan: Plan;
  /**
   * The response this one continues (`previous_response_id`). Held by reference, so a chain stays
   * whole even after an ancestor is evicted from the store's index.
   */
  previous: ResponseRecord | null;
}

/** Every item a response continuing `record` sees before its own input: the chain's inputs and outputs, oldest first. */
export function contextAfter(record: ResponseRecord): GenericItem[] {
  const chain: ResponseRecord[] = [];
  for (let r: ResponseRecord | null = record; r; r = r.previous) chain.push(r);
  const items: GenericItem[] = [];
  for (let i = chain.length - 1; i >= 0; i--) items.push(...chain[i].input, ...chain[i].plan.items);
  return items;
}
