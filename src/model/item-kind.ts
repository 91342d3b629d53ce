/**
 * What one kind of output or input item means, in one place: its id prefix, how it is announced when
 * its stream starts, which events stream it, how a client accumulating those events rebuilds it, and
 * the form it is stored (listed) in as an input item, and its input tokens. One file per kind in
 * item-kinds/ (the build lists them), or, for an item type one built-in tool brings, in that tool's
 * file (its `itemKinds`, handed down to the table when the tool kinds load).
 *
 * Why here, at the bottom (model/): the facts are read by every layer above — ids.ts (model),
 * render/ (events, partial outcomes), state/ (input items), engine/ (ids of the items it makes) —
 * and imports run down only. The work that needs a layer's machinery stays in that layer and is
 * reached through a small interface: a kind's `stream` is written against `ItemStreamer`, which
 * render/events.ts implements with the tokenizer, the seeded chunking and the obfuscation padding;
 * its `inputTokens` against `ContentCounter`, which engine/input-tokens.ts implements.
 * What a tool does to make such an item (synthesis) is in src/engine/tools/kinds/.
 */
import type { GenericItem } from '../canonical/items';
import type { ResponseRecord } from './response-record';
import type { EventWeight, StreamEvent } from './stream-events';

/** Where an item's events point: its id and its place in `output`. */
export type ItemAt = {
  item_id: string;
  output_index: number;
};

/** A chunk of streamed text and the tokens it stands for. */
export interface TextChunk {
  text: string;
  tokens: number;
}

/** What a kind's `stream` may do (implemented by render/events.ts). */
export interface ItemStreamer {
  readonly at: ItemAt;
  /** The response being streamed (its request's tools, its plan). */
  readonly record: ResponseRecord;
  /** Appends an event; its sequence_number is added last. */
  push(event: Record<string, unknown>, weight?: EventWeight): void;
  /** `type` events carrying `text` in seeded token-boundary chunks (`delta`), padded when obfuscation is on. */
  deltas(type: string, where: Record<string, unknown>, text: string): void;
  /** `text` in the chunks `deltas` would send (for deltas that carry more than text, as logprobs). */
  chunks(text: string): TextChunk[];
  /** The padding for one delta (empty when obfuscation is off). */
  obfuscation(delta: string): { obfuscation?: string };
  /** `response.<item type>.<stage>` events of a built-in tool call, `{output_index, item_id}`. */
  stages(itemType: string, stages: readonly string[]): void;
}

export type Part = Record<string, unknown>;

export interface ItemKind {
  /** The item's `type`. */
  type: string;
  /** Prefix of the ids the emulator gives items of this kind; absent: the generic `item_`. */
  idPrefix?: string;
  /**
   * False: an input item (or a fixture's item) of this kind without an id gets the generic `item_`
   * id although the kind has a prefix of its own (as it always has; kept so ids stay byte-identical).
   */
  prefixedWhenGiven?: false;
  /** Announced in `output_item.added` as nothing but `{id, type, status: "in_progress"}` (as in real traffic). */
  announcedBare?: boolean;
  /** Empties what will be streamed on `started` (a copy of the item whose status is already `in_progress`). */
  announce?(item: GenericItem, started: GenericItem): void;
  /** The events between `output_item.added` and `.done`; returns the weight of the `.done` event when it has one. */
  stream?(item: GenericItem, s: ItemStreamer): EventWeight | void;
  /** How each of this kind's events (by type) changes the item a client has accumulated so far. */
  accumulate?: Readonly<Record<string, (item: GenericItem, event: StreamEvent) => void>>;
  /** Status of an item cut short by an interruption (default `incomplete`; only items that have a status). */
  unfinishedStatus?: string;
  /** Completes the stored (listed) form of an input item: `item` is already a copy with `id` and `type` first. */
  stored?(item: GenericItem): void;
  /**
   * Input tokens of the item's content, without the per-item overhead (engine/input-tokens.ts adds
   * it). Absent: the item's own fields but its id, type, status and the like, as JSON.
   */
  inputTokens?(item: GenericItem, count: ContentCounter): number;
}

/** What an item kind counts its input tokens with; the engine supplies it (it knows the tokenizer and the rules for images, files, audio and compactions). */
export interface ContentCounter {
  /** Tokens of a text. */
  text(text: string): number;
  /** Tokens of a content field: a string, or a list of input/output parts. */
  parts(content: unknown): number;
  /** What a compaction's `encrypted_content` stands for. */
  compacted(encrypted: string): number;
}

/** Appends a delta to a text field (accumulation). */
export function append(target: Part, key: string, delta: unknown): void {
  target[key] = String(target[key] ?? '') + String(delta);
}

/** The list under `key`, created when missing (accumulation). */
export function listOf(item: GenericItem, key: string): Part[] {
  return (item[key] ??= []) as Part[];
}

/** Input items whose stored form always carries a status: `completed` unless given. */
export function storedWithStatus(item: GenericItem): void {
  item.status ??= 'completed';
}

/** `content_part.added` / `summary_part.added`: a new part, as announced (accumulation). */
export function addedPart(key: string): (item: GenericItem, event: StreamEvent) => void {
  return (item, event) => listOf(item, key).push(structuredClone(event.part) as Part);
}

/** `content_part.done`: the part in its final form (accumulation). */
export function finishedPart(key: string, index: string): (item: GenericItem, event: StreamEvent) => void {
  return (item, event) => {
    listOf(item, key)[event[index] as number] = structuredClone(event.part) as Part;
  };
}

/** A text delta into the part at `event[index]` of the list `key` (accumulation). */
export function partDelta(key: string, index: string, field: string): (item: GenericItem, event: StreamEvent) => void {
  return (item, event) => append(listOf(item, key)[event[index] as number], field, event.delta);
}

/** A text delta into one of the item's own fields (accumulation). */
export function fieldDelta(field: string): (item: GenericItem, event: StreamEvent) => void {
  return (item, event) => append(item, field, event.delta);
}
