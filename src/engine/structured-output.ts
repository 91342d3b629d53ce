/**
 * Structured outputs: with `text.format` `json_schema` the answer is JSON valid against the schema
 * (generated like tool arguments, preferring what the prompt and tool results mention); with
 * `json_object` it is a JSON object with an answer in it.
 */
import type { TextFormat } from '../canonical/request';
import type { Rng } from '../random';
import type { PromptValues } from './prompt-values';
import { fakeValue } from './schema-faker';

/** `values` is asked for only when the format needs it (a plain text answer never does). */
export function structuredAnswer(format: TextFormat, prose: string, values: () => PromptValues, rng: Rng): string | null {
  if (format.type === 'json_schema') return JSON.stringify(fakeValue(format.schema ?? {}, rng.fork('structured'), values()));
  if (format.type === 'json_object') return JSON.stringify({ answer: prose, topic: values().topic ?? null });
  return null;
}
