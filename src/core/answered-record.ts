/** A created response's stored record: what it answered (request, stored input, previous) and how (the answer). */
import { unixSeconds } from '../clock';
import type { GenericItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';
import type { Answer } from './answer';
import { snapshotName } from '../models';
import { outcomeFromPlan, outcomeFromResponse, type ResponseRecord } from '../model/response-record';

export interface Turn {
  request: CanonicalRequest;
  /** The id drawn for the response (a replay or a pinned fixture id may replace it). */
  id: string;
  input: GenericItem[];
  previous: ResponseRecord | null;
  /** Its stream's seed: `seedOf(seed, 'stream', key)` for the seed in force and the request's content key. */
  streamSeed: number;
}

/** The record, `queued` (background) or `in_progress`; `modelSnapshots` echoes the model's dated snapshot name. */
export function answeredRecord(turn: Turn, answer: Answer, modelSnapshots: boolean): ResponseRecord {
  const { request, id } = turn;
  const { fixture, reply, verbatim, plan, nowMs } = answer;
  // With keepIds a fixture may pin the id and the creation time (documented examples reproduced exactly).
  const record: ResponseRecord = {
    id: verbatim ? String(verbatim.response.id) : (reply?.id ?? id),
    created_at: verbatim ? Number(verbatim.response.created_at ?? unixSeconds(nowMs)) : unixSeconds(nowMs),
    status: request.background ? 'queued' : 'in_progress',
    request,
    input: turn.input,
    plan,
    outcome: verbatim ? outcomeFromResponse(verbatim.response) : outcomeFromPlan(plan, unixSeconds(nowMs)),
    interruption: null,
    stream_seed: turn.streamSeed,
    verbatim,
    answeredBy: fixture ? { kind: 'fixture', name: fixture.label, source: fixture.source } : { kind: 'synthesis' },
    previous: turn.previous,
  };
  if (modelSnapshots && snapshotName(request.model) !== request.model) record.echo_model = snapshotName(request.model);
  return record;
}
