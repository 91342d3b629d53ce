/**
 * What the emulator remembers about one response: the request it answered, the input items (with
 * ids), the plan, its current status and its outcome. The Response object and its stream events are
 * rendered from this on demand, so a replay is always identical to the original.
 */
import type { GenericItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';
import type { Plan, PlanUsage } from '../engine/plan';

export type ResponseStatus = 'queued' | 'in_progress' | 'completed' | 'incomplete' | 'failed' | 'cancelled';
export type FinalStatus = 'completed' | 'incomplete' | 'failed' | 'cancelled';

/** How the response ended, or will end once generation finishes. */
export interface Outcome {
  status: FinalStatus;
  output: GenericItem[];
  error: { code: string; message: string } | null;
  incomplete_reason: 'max_output_tokens' | 'content_filter' | null;
  usage: PlanUsage;
  completed_at: number | null;
}

/**
 * The stream stopped early: a fault (`error` event, `response.failed`, a cut connection) or a
 * cancellation (client gone, POST /cancel). `after` is how many planned events went out first.
 */
export interface Interruption {
  kind: 'error' | 'failed' | 'cut' | 'cancelled';
  after: number;
  message?: string;
}

export interface ResponseRecord {
  id: string;
  created_at: number;
  /** The current status: queued/in_progress while generating, then the outcome's status. */
  status: ResponseStatus;
  request: CanonicalRequest;
  /** This turn's input items, each with an id. */
  input: GenericItem[];
  plan: Plan;
  outcome: Outcome;
  interruption: Interruption | null;
  /** Seeds stream rendering (chunking, obfuscation, timing), so replays match. */
  stream_seed: number;
  /**
   * The response this one continues (`previous_response_id`). Held by reference, so a chain stays
   * whole even after an ancestor is evicted from the store's index.
   */
  previous: ResponseRecord | null;
}

export const TERMINAL_STATUSES: ReadonlySet<ResponseStatus> = new Set(['completed', 'incomplete', 'failed', 'cancelled']);

export function outcomeFromPlan(plan: Plan, completedAt: number): Outcome {
  return {
    status: plan.status,
    output: plan.items,
    error: plan.error,
    incomplete_reason: plan.incomplete_reason,
    usage: plan.usage,
    completed_at: plan.status === 'completed' ? completedAt : null,
  };
}

/** Every item a response continuing `record` sees before its own input: the chain's inputs and outputs, oldest first. */
export function contextAfter(record: ResponseRecord): GenericItem[] {
  const chain: ResponseRecord[] = [];
  for (let r: ResponseRecord | null = record; r; r = r.previous) chain.push(r);
  const items: GenericItem[] = [];
  for (let i = chain.length - 1; i >= 0; i--) items.push(...chain[i].input, ...chain[i].outcome.output);
  return items;
}
