/**
 * An exchange's output as text, per output item, as a person wants to read it: for a stream, the
 * deltas of each item joined (message text, refusal, reasoning summary and text, function-call
 * arguments, custom tool input), in order, while the stream is still running too; for a JSON reply,
 * the same read from the Response's `output`. Computed when the inspector asks, from what the journal
 * already holds (its events and bodies are bounded, and so is each text here).
 */
import { MAX_STRING } from './journal';
import { isObject } from '../model/json-object';

export interface AssembledItem {
  outputIndex: number;
  /** The item's type (`message`, `reasoning`, `function_call`…), `unknown` when its start was not seen. */
  type: string;
  /** A function or custom tool call's name. */
  name?: string;
  /** Its parts (content parts, summary parts) joined by a blank line. */
  text: string;
}

/** Delta events whose `delta` is text of the item at `output_index`. */
const TEXT_DELTAS = new Set([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.reasoning_summary_text.delta',
  'response.reasoning_text.delta',
  'response.function_call_arguments.delta',
  'response.custom_tool_call_input.delta',
]);

interface Building {
  type: string;
  name?: string;
  /** Part key (`content_index`, `summary_index`, or the event kind) → text so far. */
  parts: Map<string, string>;
}

export function assembleOutput(events: readonly { event: unknown }[], responseBody: unknown): AssembledItem[] {
  return events.length > 0 ? fromEvents(events) : fromResponse(responseBody);
}

function fromEvents(events: readonly { event: unknown }[]): AssembledItem[] {
  const items = new Map<number, Building>();
  const itemAt = (index: number): Building => {
    let item = items.get(index);
    if (!item) items.set(index, (item = { type: 'unknown', parts: new Map() }));
    return item;
  };
  for (const { event } of events) {
    if (!isObject(event) || typeof event.output_index !== 'number') continue;
    if (event.type === 'response.output_item.added' && isObject(event.item)) {
      const item = itemAt(event.output_index);
      item.type = String(event.item.type ?? 'unknown');
      if (typeof event.item.name === 'string') item.name = event.item.name;
    } else if (typeof event.type === 'string' && TEXT_DELTAS.has(event.type) && typeof event.delta === 'string') {
      const part = `${event.type.replace(/\.delta$/, '')}#${String(event.content_index ?? event.summary_index ?? 0)}`;
      const parts = itemAt(event.output_index).parts;
      const sofar = parts.get(part) ?? '';
      if (sofar.length <= MAX_STRING) parts.set(part, sofar + event.delta);
    }
  }
  return [...items.entries()]
    .filter(([, item]) => item.parts.size > 0)
    .sort(([a], [b]) => a - b)
    .map(([outputIndex, item]) => ({ outputIndex, type: item.type, ...(item.name ? { name: item.name } : {}), text: bounded([...item.parts.values()].join('\n\n')) }));
}

function fromResponse(body: unknown): AssembledItem[] {
  const output = isObject(body) ? body.output : undefined;
  if (!Array.isArray(output)) return [];
  const out: AssembledItem[] = [];
  output.forEach((item, outputIndex) => {
    if (!isObject(item)) return;
    const texts: string[] = [];
    const partTexts = (parts: unknown): void => {
      if (Array.isArray(parts)) for (const p of parts) if (isObject(p)) pushText(texts, p.text ?? p.refusal);
    };
    partTexts(item.summary);
    partTexts(item.content);
    pushText(texts, item.arguments);
    pushText(texts, item.input);
    if (texts.length > 0) out.push({ outputIndex, type: String(item.type ?? 'unknown'), ...(typeof item.name === 'string' ? { name: item.name } : {}), text: bounded(texts.join('\n\n')) });
  });
  return out;
}

function pushText(texts: string[], value: unknown): void {
  if (typeof value === 'string' && value !== '') texts.push(value);
}

function bounded(text: string): string {
  return text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}… (${text.length} characters)` : text;
}
