/**
 * An exchange recorded from an upstream kept as a local response: replayed verbatim on GET, and a
 * chain continued with its id works locally too.
 */
import type { CanonicalRequest } from '../canonical/request';
import { unixSeconds, type Clock } from '../clock';
import type { IdFactory } from '../ids';
import { assignInputItemIds } from './input-items';
import { outcomeFromResponse, type ResponseRecord, type Verbatim } from '../model/response-record';

export interface RecordedContext {
  /** The stored response it continues from, if known. */
  previous: ResponseRecord | null;
  clock: Clock;
  /** Ids for input items that came without one. */
  ids: IdFactory;
  /** The upstream it was recorded from. */
  upstream: string;
}

/** The stored record of an upstream's response (`response.id` a string) to `request`. */
export function recordedResponse(request: CanonicalRequest, response: Record<string, unknown> & { id: string }, events: Verbatim['events'] | undefined, o: RecordedContext): ResponseRecord {
  const outcome = outcomeFromResponse(response);
  return {
    id: response.id,
    created_at: Number(response.created_at ?? unixSeconds(o.clock.nowMs())),
    status: outcome.status,
    request,
    input: assignInputItemIds(request.input.filter((i) => i.type !== 'item_reference'), o.ids),
    plan: { items: outcome.output, status: outcome.status === 'cancelled' ? 'failed' : outcome.status, incomplete_reason: outcome.incomplete_reason, error: outcome.error, usage: outcome.usage },
    outcome,
    interruption: null,
    stream_seed: 0,
    verbatim: { response, ...(events ? { events } : {}) },
    answeredBy: { kind: 'recording', upstream: o.upstream },
    previous: o.previous,
  };
}
