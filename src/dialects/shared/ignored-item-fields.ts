/**
 * Fields real clients put on input items that the real API accepts and ignores. OpenAI's Codex CLI
 * tags the items it sends with `internal_chat_message_metadata_passthrough` (an object: turn id,
 * content kinds…) when it uses its built-in provider with another base URL (codex-rs ResponseItem:
 * on messages, reasoning, tool calls and their outputs). They are taken off before validation, so
 * they are neither refused, stored nor echoed.
 */
import { invalidRequest } from '../../errors';
import { describeValueType } from '../../validation/schema-errors';
import { isObject } from '../../model/json-object';

export const IGNORED_ITEM_FIELDS = ['internal_chat_message_metadata_passthrough'] as const;

type Json = Record<string, unknown>;

/** `body` with the ignored fields taken off its `input` items (a copy; the original is not changed). */
export function withoutIgnoredItemFields(body: unknown): unknown {
  if (!isObject(body) || !Array.isArray(body.input)) return body;
  const input = body.input as unknown[];
  let copy: unknown[] | null = null;
  input.forEach((item, i) => {
    if (!isObject(item) || !IGNORED_ITEM_FIELDS.some((f) => f in item)) return;
    const kept: Json = { ...item };
    for (const field of IGNORED_ITEM_FIELDS) {
      const value = kept[field];
      if (value !== undefined && value !== null && !isObject(value)) {
        const param = `input[${i}].${field}`;
        throw invalidRequest(`Invalid type for '${param}': expected an object, but got ${describeValueType(value)} instead.`, param, 'invalid_type');
      }
      delete kept[field];
    }
    copy ??= [...input];
    copy[i] = kept;
  });
  return copy ? { ...body, input: copy } : body;
}
