/**
 * The answer after tool results come back: it reports what each tool returned, so a test can see
 * its tool's output flow into the model's answer.
 */
import type { Rng } from '../../random';
import { parseMaybeJson } from '../prompt-values';
import type { TextBuilder } from '../text-builder';
import type { ToolResult } from './turn-state';
import { isObject } from '../../model/json-object';

const OPENERS = ['Here is what I found.', 'I checked that for you.', "Here's the result."];

export function reportResults(results: readonly ToolResult[], b: TextBuilder, rng: Rng): void {
  b.append(rng.pick(OPENERS));
  for (const { name, output } of results) b.append(` ${describe(name, output)}`);
}

function describe(name: string, output: unknown): string {
  const value = parseMaybeJson(output);
  if (isObject(value)) {
    const pairs = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v === null || typeof v !== 'object')
      .slice(0, 8)
      .map(([k, v]) => `${k.replace(/_/g, ' ')} is ${String(v)}`);
    if (pairs.length > 0) return `According to ${name}, ${joinList(pairs)}.`;
  }
  const text = textOf(value).trim();
  return text ? `${name} returned: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}` : `${name} finished without output.`;
}

/** Tool outputs may be a list of input parts; their text is what counts. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : '')).join(' ');
  return JSON.stringify(value) ?? '';
}

function joinList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
