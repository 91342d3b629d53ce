/**
 * What the emulator remembers about one response: the request it answered, the input items (with
 * ids), the plan, its current status and its outcome. The Response object and its stream events are
 * rendered from this on demand, so a replay is always identical to the original.
 */
import type { GenericItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';
import type { Plan, PlanUsage } from './plan';

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

/** A recorded reply replayed as it was recorded (see fixtures). */
export interface Verbatim {
  response: Record<string, unknown>;
  events?: { t?: number; event: Record<string, unknown> }[];
}

/** How a response was answered, for the request journal. */
export type AnswerSource = { kind: 'synthesis' } | { kind: 'fixture'; name: string; source: string } | { kind: 'recording'; upstream: string };

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
  /** Set when a fixture's recorded Response (and stream) is replayed as it was recorded. */
  verbatim: Verbatim | null;
  answeredBy: AnswerSource;
  /**
   * The response this one continues (`previous_response_id`). Held by reference, so a chain stays
   * whole even after an ancestor is evicted from the store's index.
   */
  previous: ResponseRecord | null;
  /** The name the Response states in `model` when it differs from the request's (a dated snapshot, with the modelSnapshots option). */
  echo_model?: string;
  /** With a shared store (`--store redis://…`) only: when and how its generation plays, so any replica can play it too. */
  schedule?: GenerationSchedule;
}

/**
 * A generation's timetable, for replicas: its events and delays are a pure function of the record and
 * `timing`, so a replica that knows when it started plays the same events at the same times.
 */
export interface GenerationSchedule {
  /** When it started, in epoch milliseconds of the wall clock every replica shares (never the emulator's possibly fixed clock). */
  startedAt: number;
  /** The timing model it was begun with (the engine's TimingModel, a per-request override included). */
  timing: { queueMs: number; ttftMs: number; tokensPerSecond: number; jitter: number };
  /** The creation time begin() reckoned the completion time from (so `completed_at` comes out the same). */
  createdMs: number;
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

/** The outcome a recorded Response states. */
export function outcomeFromResponse(response: Record<string, unknown>): Outcome {
  const status = ['completed', 'incomplete', 'failed', 'cancelled'].includes(String(response.status)) ? (response.status as FinalStatus) : 'completed';
  const usage = (response.usage ?? {}) as Record<string, unknown>;
  const detail = (k: string, f: string) => Number(((usage[k] ?? {}) as Record<string, unknown>)[f] ?? 0);
  return {
    status,
    output: (response.output ?? []) as GenericItem[],
    error: (response.error ?? null) as Outcome['error'],
    incomplete_reason: ((response.incomplete_details as { reason?: Outcome['incomplete_reason'] } | null)?.reason ?? null),
    usage: {
      input_tokens: Number(usage.input_tokens ?? 0),
      cached_tokens: detail('input_tokens_details', 'cached_tokens'),
      output_tokens: Number(usage.output_tokens ?? 0),
      reasoning_tokens: detail('output_tokens_details', 'reasoning_tokens'),
      ...(usage.input_tokens_details ? { cache_write_tokens: detail('input_tokens_details', 'cache_write_tokens') } : {}),
    },
    completed_at: typeof response.completed_at === 'number' ? response.completed_at : null,
  };
}

/** How many responses came before this one in its previous_response_id chain. */
export function chainDepth(record: ResponseRecord | null): number {
  let n = 0;
  for (let r = record; r; r = r.previous) n++;
  return n;
}

/** Every item a response continuing `record` sees before its own input: the chain's inputs and outputs, oldest first. */
export function contextAfter(record: ResponseRecord): GenericItem[] {
  const chain: ResponseRecord[] = [];
  for (let r: ResponseRecord | null = record; r; r = r.previous) chain.push(r);
  const items: GenericItem[] = [];
  for (let i = chain.length - 1; i >= 0; i--) items.push(...chain[i].input, ...chain[i].outcome.output);
  return items;
}
