/**
 * Record → the ordered stream events (canonical, OpenAI shape), numbered from 0. Every event a
 * response can produce is derived here from its outcome, deterministically from the record's stream
 * seed, so the live stream, a replay (GET ?stream=true) and `starting_after` resumption all agree,
 * and the deltas always concatenate to the `.done` texts and to the final object.
 *
 * Each event also carries a timing weight (how many tokens it stands for) for the timing model.
 */
import { annotationEnd, type GenericItem } from '../canonical/items';
import { chunkText } from './chunking';
import { tokenizerForModel, type Tokenizer } from '../tokenizer';
import { UNRECORDED_FAILURE } from '../errors';
import { Rng } from '../random';
import type { ResponseRecord } from '../model/response-record';
import type { EventList, EventWeight, StreamEvent } from '../model/stream-events';
import { renderResponse } from './response';

export type { EventList, EventWeight, StreamEvent };

export interface EventOptions {
  /** Add random `obfuscation` padding to delta events (stream_options.include_obfuscation). */
  obfuscation: boolean;
  /** Deltas carry a seeded 1…chunkTokens tokens. */
  chunkTokens: number;
}

const NO_WEIGHT: EventWeight = { kind: 'none', tokens: 0 };
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

class EventBuilder {
  readonly list: EventList = { events: [], weights: [] };
  private readonly tokenizer: Tokenizer;
  private readonly chunkRng: Rng;
  private readonly padRng: Rng;
  private started = false;

  constructor(
    private readonly record: ResponseRecord,
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

  item(item: GenericItem, output_index: number): void {
    const item_id = String(item.id);
    // The model's first output comes after the time to first token.
    this.push({ type: 'response.output_item.added', output_index, item: startedItem(item) }, this.started ? NO_WEIGHT : { kind: 'first', tokens: 0 });
    this.started = true;
    const at = { item_id, output_index };
    let doneWeight = NO_WEIGHT;
    switch (item.type) {
      case 'message':
        this.messageParts(item, at);
        break;
      case 'function_call':
        this.deltas('response.function_call_arguments.delta', at, String(item.arguments));
        // Real traffic names no function here (the spec lists `name`; the item has it).
        this.push({ type: 'response.function_call_arguments.done', ...at, arguments: item.arguments });
        break;
      case 'custom_tool_call':
        this.deltas('response.custom_tool_call_input.delta', at, String(item.input));
        this.push({ type: 'response.custom_tool_call_input.done', ...at, input: item.input });
        break;
      case 'reasoning':
        doneWeight = this.reasoningParts(item, at);
        break;
      case 'web_search_call':
      case 'file_search_call':
        this.lifecycle(item.type, at, ['in_progress', 'searching', 'completed']);
        break;
      case 'code_interpreter_call':
        this.lifecycle(item.type, at, ['in_progress']);
        this.deltas('response.code_interpreter_call_code.delta', at, String(item.code ?? ''));
        this.push({ type: 'response.code_interpreter_call_code.done', ...at, code: item.code ?? '' });
        this.lifecycle(item.type, at, ['interpreting', 'completed']);
        break;
      case 'image_generation_call':
        this.lifecycle(item.type, at, ['in_progress', 'generating']);
        this.partialImages(item, at);
        this.lifecycle(item.type, at, ['completed']);
        break;
      case 'mcp_list_tools':
        this.lifecycle(item.type, at, ['in_progress', item.error ? 'failed' : 'completed']);
        break;
      case 'shell_call':
        this.shellCommands(item, output_index);
        break;
      case 'apply_patch_call': {
        // A delete has no diff, and real traffic streams none for it.
        const diff = (item.operation as { diff?: string } | undefined)?.diff;
        if (diff !== undefined) {
          this.deltas('response.apply_patch_call_operation_diff.delta', at, diff);
          this.push({ type: 'response.apply_patch_call_operation_diff.done', ...at, diff });
        }
        break;
      }
      case 'mcp_call':
        // As in real traffic: in_progress first, then the arguments whole in one delta, then the outcome.
        this.lifecycle(item.type, at, ['in_progress']);
        this.push({ type: 'response.mcp_call_arguments.delta', ...at, delta: item.arguments, ...this.obfuscation(String(item.arguments)) }, { kind: 'tool', tokens: 0 });
        this.push({ type: 'response.mcp_call_arguments.done', ...at, arguments: item.arguments });
        this.lifecycle(item.type, at, [item.error || item.status === 'failed' ? 'failed' : 'completed']);
        break;
    }
    this.push({ type: 'response.output_item.done', output_index, item }, doneWeight);
  }

  /** Each command: `added` (empty), its deltas, `done`. These events carry no item_id (as recorded and as the spec declares them). */
  private shellCommands(item: GenericItem, output_index: number): void {
    const commands = ((item.action as { commands?: string[] } | undefined)?.commands ?? []).map(String);
    commands.forEach((command, command_index) => {
      const where = { output_index, command_index };
      this.push({ type: 'response.shell_call_command.added', ...where, command: '' });
      this.deltas('response.shell_call_command.delta', where, command);
      this.push({ type: 'response.shell_call_command.done', ...where, command });
    });
  }

  private messageParts(item: GenericItem, at: { item_id: string; output_index: number }): void {
    const parts = (item.content ?? []) as Record<string, unknown>[];
    parts.forEach((part, content_index) => {
      const where = { ...at, content_index };
      if (part.type === 'refusal') {
        this.push({ type: 'response.content_part.added', ...where, part: { type: 'refusal', refusal: '' } });
        this.deltas('response.refusal.delta', where, String(part.refusal));
        this.push({ type: 'response.refusal.done', ...where, refusal: part.refusal });
      } else {
        this.push({ type: 'response.content_part.added', ...where, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
        this.textDeltas(where, part);
        this.push({ type: 'response.output_text.done', ...where, text: part.text, logprobs: streamLogprobs(part.logprobs) });
      }
      this.push({ type: 'response.content_part.done', ...where, part });
    });
  }

  /** output_text deltas, with their logprobs, and each annotation announced once the text it cites has been sent. */
  private textDeltas(where: { item_id: string; output_index: number; content_index: number }, part: Record<string, unknown>): void {
    const text = String(part.text ?? '');
    const logprobs = (part.logprobs ?? []) as unknown[];
    const annotations = ((part.annotations ?? []) as Record<string, unknown>[]).map((annotation, annotation_index) => ({ annotation, annotation_index }));
    let sent = 0;
    let tokensSent = 0;
    for (const chunk of chunkText(this.tokenizer, text, this.chunkRng, this.options.chunkTokens)) {
      const slice = logprobs.length > 0 ? logprobs.slice(tokensSent, tokensSent + chunk.tokens) : [];
      this.push(
        { type: 'response.output_text.delta', ...where, delta: chunk.text, logprobs: streamLogprobs(slice), ...this.obfuscation(chunk.text) },
        { kind: 'delta', tokens: chunk.tokens },
      );
      sent += chunk.text.length;
      tokensSent += chunk.tokens;
      while (annotations.length > 0 && annotationEnd(annotations[0].annotation) <= sent) {
        this.push({ type: 'response.output_text.annotation.added', ...where, ...annotations.shift()! });
      }
    }
    for (const rest of annotations) this.push({ type: 'response.output_text.annotation.added', ...where, ...rest });
  }

  /** Summary parts or raw reasoning text; returns the weight of the hidden thinking still to be spent. */
  private reasoningParts(item: GenericItem, at: { item_id: string; output_index: number }): EventWeight {
    const summary = (item.summary ?? []) as { type: string; text: string }[];
    const content = (item.content ?? []) as { type: string; text: string }[];
    // Hidden reasoning takes time even when none of it is shown: it comes before the first visible part.
    const reasoningItems = this.record.plan.items.filter((o) => o.type === 'reasoning').length;
    let thinking: EventWeight = { kind: 'think', tokens: Math.round(this.record.plan.usage.reasoning_tokens / Math.max(1, reasoningItems)) };
    const take = (): EventWeight => {
      const w = thinking;
      thinking = NO_WEIGHT;
      return w;
    };
    summary.forEach((part, summary_index) => {
      const where = { ...at, summary_index };
      this.push({ type: 'response.reasoning_summary_part.added', ...where, part: { type: 'summary_text', text: '' } }, take());
      this.deltas('response.reasoning_summary_text.delta', where, part.text);
      this.push({ type: 'response.reasoning_summary_text.done', ...where, text: part.text });
      this.push({ type: 'response.reasoning_summary_part.done', ...where, part });
    });
    content.forEach((part, content_index) => {
      const where = { ...at, content_index };
      this.push({ type: 'response.content_part.added', ...where, part: { type: 'reasoning_text', text: '' } }, take());
      this.deltas('response.reasoning_text.delta', where, part.text);
      this.push({ type: 'response.reasoning_text.done', ...where, text: part.text });
      this.push({ type: 'response.content_part.done', ...where, part });
    });
    return take();
  }

  private partialImages(item: GenericItem, at: { item_id: string; output_index: number }): void {
    const tool = this.record.request.tools.find((t) => t.type === 'image_generation');
    const count = Math.min(3, Math.max(0, Number(tool?.partial_images ?? 0)));
    for (let partial_image_index = 0; partial_image_index < count; partial_image_index++) {
      this.push(
        {
          type: 'response.image_generation_call.partial_image',
          ...at,
          partial_image_index,
          partial_image_b64: item.result ?? '',
          ...(typeof item.size === 'string' ? { size: item.size } : {}),
          ...(typeof item.quality === 'string' ? { quality: item.quality } : {}),
          ...(typeof item.background === 'string' ? { background: item.background } : {}),
          output_format: typeof tool?.output_format === 'string' ? tool.output_format : 'png',
        },
        { kind: 'tool', tokens: 0 },
      );
    }
  }

  /** `response.<type>.<stage>` events of a built-in tool call. */
  private lifecycle(itemType: string, at: { item_id: string; output_index: number }, stages: string[]): void {
    for (const stage of stages) {
      this.push({ type: `response.${itemType}.${stage}`, output_index: at.output_index, item_id: at.item_id }, stage === 'in_progress' ? NO_WEIGHT : { kind: 'tool', tokens: 0 });
    }
  }

  private deltas(type: string, where: Record<string, unknown>, text: string): void {
    for (const chunk of chunkText(this.tokenizer, text, this.chunkRng, this.options.chunkTokens)) {
      this.push({ type, ...where, delta: chunk.text, ...this.obfuscation(chunk.text) }, { kind: 'delta', tokens: chunk.tokens });
    }
  }

  /** Random padding that rounds the delta's length up to a multiple of 16, hiding token lengths on the wire. */
  private obfuscation(delta: string): { obfuscation?: string } {
    // Background streams carry no padding in real traffic.
    if (!this.options.obfuscation || this.record.request.background) return {};
    return { obfuscation: this.padRng.chars(16 - (delta.length % 16), BASE62) };
  }
}

/** Built-in calls announced with nothing but `{id, type, status}`, as in real traffic. */
const ANNOUNCED_BARE = new Set(['web_search_call', 'image_generation_call']);

/** How an item looks when it is first announced: in progress, with its streamed fields empty. */
function startedItem(item: GenericItem): GenericItem {
  if (ANNOUNCED_BARE.has(item.type)) return { id: item.id, type: item.type, status: 'in_progress' } as GenericItem;
  const started: GenericItem = { ...item };
  if ('status' in item) started.status = 'in_progress';
  switch (item.type) {
    case 'message':
      started.content = [];
      break;
    case 'function_call':
    case 'mcp_call':
      started.arguments = '';
      break;
    case 'custom_tool_call':
      started.input = '';
      break;
    case 'shell_call':
      started.action = { ...(item.action as Record<string, unknown>), commands: [] };
      break;
    case 'apply_patch_call': {
      const operation = item.operation as Record<string, unknown>;
      started.operation = 'diff' in operation ? { ...operation, diff: '' } : operation;
      break;
    }
    case 'reasoning':
      started.summary = [];
      if ('content' in item) started.content = [];
      // encrypted_content is announced with the item (real traffic sends a blob here too).
      break;
    case 'code_interpreter_call':
      started.code = '';
      // Outputs asked for (`include`) are announced as an empty list, as in real traffic.
      started.outputs = Array.isArray(item.outputs) ? [] : null;
      break;
    case 'image_generation_call':
      started.result = null;
      break;
    case 'file_search_call':
      started.queries = [];
      started.results = null;
      break;
    case 'mcp_list_tools':
      started.tools = [];
      break;
  }
  for (const key of ['output', 'error'] as const) if (item.type === 'mcp_call' && key in item) started[key] = null;
  return started;
}

/** The `error.type` the live API pairs with an error code in a stream's `error` event. */
function errorType(code: string): string {
  if (code === 'server_error' || code === 'insufficient_quota') return code;
  return code === 'rate_limit_exceeded' ? 'requests' : 'invalid_request_error';
}

/** Stream events carry `{token, logprob, top_logprobs: [{token, logprob}]}` (no bytes). */
function streamLogprobs(logprobs: unknown): unknown[] {
  if (!Array.isArray(logprobs)) return [];
  return (logprobs as { token: string; logprob: number; top_logprobs?: { token: string; logprob: number }[] }[]).map((lp) => ({
    token: lp.token,
    logprob: lp.logprob,
    top_logprobs: (lp.top_logprobs ?? []).map((t) => ({ token: t.token, logprob: t.logprob })),
  }));
}
