/**
 * What a response amounts to when its stream stops early: the output accumulated from the events that
 * went out (as a client accumulating them would see it), with unfinished items marked incomplete.
 */
import type { GenericItem } from '../canonical/items';
import { SERVER_ERROR_MESSAGE } from '../errors';
import { itemKind } from '../model/item-kinds';
import type { PlanUsage } from '../model/plan';
import type { Interruption, ResponseRecord } from '../model/response-record';
import { plannedEvents, type EventList, type EventOptions, type StreamEvent } from './events';

/**
 * Stops `record` early: it keeps the first `after` planned events (never the terminal one) and its
 * outcome becomes what those events produced — `cancelled`, or `failed` with a server_error.
 */
export function interruptRecord(record: ResponseRecord, interruption: Interruption, options: EventOptions): void {
  const planned = plannedEvents(record, options);
  const after = Math.max(0, Math.min(interruption.after, planned.events.length - 1));
  const cancelled = interruption.kind === 'cancelled';
  record.interruption = { ...interruption, after };
  record.outcome = {
    status: cancelled ? 'cancelled' : 'failed',
    output: accumulateOutput(planned.events.slice(0, after)),
    error: cancelled ? null : { code: 'server_error', message: interruption.message ?? SERVER_ERROR_MESSAGE },
    incomplete_reason: null,
    usage: producedUsage(planned, after, record.plan.usage),
    completed_at: null,
  };
}

/**
 * Rebuilds the output items from a prefix of the canonical events: `output_item.added`/`.done` put
 * the item in place, and every other event is applied by the kind of the item it belongs to
 * (src/model/item-kinds/: each kind says how its own events change it).
 */
export function accumulateOutput(events: readonly StreamEvent[]): GenericItem[] {
  const output: GenericItem[] = [];
  const done = new Set<number>();
  for (const e of events) {
    const index = e.output_index as number;
    if (e.type === 'response.output_item.added' || e.type === 'response.output_item.done') {
      output[index] = structuredClone(e.item) as GenericItem;
      if (e.type === 'response.output_item.done') done.add(index);
      continue;
    }
    if (index === undefined) continue;
    const item = output[index];
    if (item) itemKind(item.type)?.accumulate?.[e.type]?.(item, e);
  }
  return output.map((it, i) => (done.has(i) || !('status' in it) ? it : { ...it, status: itemKind(it.type)?.unfinishedStatus ?? 'incomplete' }));
}

/** Output tokens actually produced by a prefix of the events: the streamed chunks and any thinking done. */
export function producedUsage(planned: EventList, count: number, usage: PlanUsage): PlanUsage {
  let output = 0;
  let reasoning = 0;
  for (let i = 0; i < count; i++) {
    const w = planned.weights[i];
    if (w.kind === 'delta') output += w.tokens;
    if (w.kind === 'think') reasoning += w.tokens;
  }
  return { ...usage, output_tokens: output + reasoning, reasoning_tokens: reasoning };
}
