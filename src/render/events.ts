/**
 * Record → the ordered stream events (canonical, OpenAI shape), numbered from 0. Every event a
 * response can produce is derived here from its outcome, deterministically from the record's stream
 * seed, so the live stream, a replay (GET ?stream=true) and `starting_after` resumption all agree,
 * and the deltas always concatenate to the `.done` texts and to the final object.
 *
 * Each event also carries a timing weight (how many tokens it stands for) for the timing model.
 * What happens between an item's `output_item.added` and `.done` is its kind's (src/model/item-kinds/).
 */
import type { GenericItem } from '../canonical/items';
import { chunkText } from './chunking';
import { tokenizerForModel, type Tokenizer } from '../tokenizer';
import { UNRECORDED_FAILURE } from '../errors';
import { Rng } from '../random';
import type { ResponseRecord } from '../model/response-record';
import { itemKind, type ItemAt, type ItemKind, type ItemStreamer, type TextChunk } from '../model/item-kinds';
import { NO_WEIGHT, TOOL_WEIGHT, type EventList, type EventWeight, type StreamEvent } from '../model/stream-events';
import { renderResponse } from './response';

export type { EventList, EventWeight, StreamEvent };

export interface EventOptions {
  /** Add random `obfuscation` padding to delta events (stream_options.include_obfuscation). */
  obfuscation: boolean;
  /** Deltas carry a seeded 1…chunkTokens tokens. */
  chunkTokens: number;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The events as they go out: the planned sequence, cut short by the record's interruption if it has one. */
export function eventsFor(record: ResponseRecord, options: EventOptions): EventList {
  const recorded = record.verbatim?.events;
  if (recorded) {
    // A recorded stream goes out as recorded; its timing comes from the recording (see recordedDelays).
    return { events: recorded.map((e) => e.event as StreamEvent), weights: recorded.map(() => NO_WEIGHT) };
  }
  const planned = plannedEvents(record, options);
  const cut = record.interruption;
  if (!cut) return planned;
  const kept: EventList = { events: planned.events.slice(0, cut.after), weights: planned.weights.slice(0, cut.after) };
  const sequence_number = cut.after;
  if (cut.kind === 'error') {
    const error = record.outcome.error ?? UNRECORDED_FAILURE;
    // As the live API does: an `error` event with the error nested, then `response.failed` carrying it.
    kept.events.push({ type: 'error', sequence_number, error: { type: errorType(error.code), code: error.code, message: error.message, param: null } });
    kept.events.push({ type: 'response.failed', sequence_number: sequence_number + 1, response: renderResponse(record, 'failed', 'event') });
    kept.weights.push(NO_WEIGHT, NO_WEIGHT);
  } else if (cut.kind === 'failed') {
    kept.events.push({ type: 'response.failed', response: renderResponse(record, 'failed', 'event'), sequence_number });
    kept.weights.push(NO_WEIGHT);
  }
  return kept;
}

/**
 * The full sequence the plan calls for, ignoring any interruption. Items come from the plan (not the
 * outcome), so a cut-short response replays exactly the prefix it sent.
 */
export function plannedEvents(record: ResponseRecord, options: EventOptions): EventList {
  const b = new EventBuilder(record, options);
  const { outcome, plan } = record;
  const startStatus = record.request.background ? 'queued' : 'in_progress';
  b.push({ type: 'response.created', response: renderResponse(record, startStatus, 'event') });
  if (startStatus === 'queued') b.push({ type: 'response.queued', response: renderResponse(record, 'queued', 'event') });
  // A background response leaves the queue when it goes in progress.
  b.push({ type: 'response.in_progress', response: renderResponse(record, 'in_progress', 'event') }, startStatus === 'queued' ? { kind: 'queue', tokens: 0 } : NO_WEIGHT);
  plan.items.forEach((item, index) => b.item(item, index));
  const terminal = outcome.status === 'completed' ? 'response.completed' : outcome.status === 'incomplete' ? 'response.incomplete' : 'response.failed';
  b.push({ type: terminal, response: renderResponse(record, outcome.status, 'event') });
  return b.list;
}

/**
 * Builds the event list; it is the `ItemStreamer` each item kind streams itself through (the kinds,
 * in src/model/item-kinds/, say which events; this class supplies the tokenizer, the seeded chunk
 * sizes and the obfuscation padding).
 */
class EventBuilder implements ItemStreamer {
  readonly list: EventList = { events: [], weights: [] };
  at: ItemAt = { item_id: '', output_index: 0 };
  private readonly tokenizer: Tokenizer;
  private readonly chunkRng: Rng;
  private readonly padRng: Rng;
  private started = false;

  constructor(
    readonly record: ResponseRecord,
    private readonly options: EventOptions,
  ) {
    this.tokenizer = tokenizerForModel(record.request.model);
    const rng = new Rng(record.stream_seed);
    this.chunkRng = rng.fork('chunks');
    this.padRng = rng.fork('obfuscation');
  }

  push(data: Record<string, unknown>, weight: EventWeight = NO_WEIGHT): void {
    this.list.events.push({ ...data, sequence_number: this.list.events.length } as StreamEvent);
    this.list.weights.push(weight);
  }

  /** `output_item.added`, the events of the item's kind, `output_item.done`. */
  item(item: GenericItem, output_index: number): void {
    const kind = itemKind(item.type);
    // The model's first output comes after the time to first token.
    this.push({ type: 'response.output_item.added', output_index, item: startedItem(item, kind) }, this.started ? NO_WEIGHT : { kind: 'first', tokens: 0 });
    this.started = true;
    this.at = { item_id: String(item.id), output_index };
    const doneWeight = kind?.stream?.(item, this) ?? NO_WEIGHT;
    this.push({ type: 'response.output_item.done', output_index, item }, doneWeight);
  }

  stages(itemType: string, stages: readonly string[]): void {
    for (const stage of stages) {
      this.push({ type: `response.${itemType}.${stage}`, output_index: this.at.output_index, item_id: this.at.item_id }, stage === 'in_progress' ? NO_WEIGHT : TOOL_WEIGHT);
    }
  }

  chunks(text: string): TextChunk[] {
    return chunkText(this.tokenizer, text, this.chunkRng, this.options.chunkTokens);
  }

  deltas(type: string, where: Record<string, unknown>, text: string): void {
    for (const chunk of this.chunks(text)) {
      this.push({ type, ...where, delta: chunk.text, ...this.obfuscation(chunk.text) }, { kind: 'delta', tokens: chunk.tokens });
    }
  }

  /** Random padding that rounds the delta's length up to a multiple of 16, hiding token lengths on the wire. */
  obfuscation(delta: string): { obfuscation?: string } {
    // Background streams carry no padding in real traffic.
    if (!this.options.obfuscation || this.record.request.background) return {};
    return { obfuscation: this.padRng.chars(16 - (delta.length % 16), BASE62) };
  }
}

/** How an item looks when it is first announced: in progress, with its streamed fields empty (as its kind says). */
function startedItem(item: GenericItem, kind: ItemKind | undefined): GenericItem {
  if (kind?.announcedBare) return { id: item.id, type: item.type, status: 'in_progress' } as GenericItem;
  const started: GenericItem = { ...item };
  if ('status' in item) started.status = 'in_progress';
  kind?.announce?.(item, started);
  return started;
}

/** The `error.type` the live API pairs with an error code in a stream's `error` event. */
function errorType(code: string): string {
  if (code === 'server_error' || code === 'insufficient_quota') return code;
  return code === 'rate_limit_exceeded' ? 'requests' : 'invalid_request_error';
}
