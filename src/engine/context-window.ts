/**
 * The model's context window, enforced as the API does: input (instructions, every item of the
 * conversation or previous_response_id chain, tools, the output schema) larger than the window is a
 * 400 `context_length_exceeded`; with `truncation: "auto"` items are dropped "from the beginning of
 * the conversation" (the official schema's words) until it fits; the latest item always stays.
 * The wording is the live API's (seen in dyad-sh/dyad#1672 and the-open-agent/openagent#2344).
 */
import type { GenericItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';
import { ApiError } from '../errors';
import { contextWindow } from '../models';
import { countInputTokens, countItemTokens } from './input-tokens';
import { tokenizerForModel } from '../tokenizer';

export const CONTEXT_LENGTH_EXCEEDED_MESSAGE = 'Your input exceeds the context window of this model. Please adjust your input and try again.';

export function contextLengthExceeded(): ApiError {
  return new ApiError(400, 'invalid_request_error', CONTEXT_LENGTH_EXCEEDED_MESSAGE, 'input', 'context_length_exceeded');
}

export interface ModelInput {
  history: GenericItem[];
  input: GenericItem[];
}

/**
 * What the model sees, and its input tokens when they were counted here (null: the model's window is
 * not known, nothing was counted). The usage reports the same count, so the answer takes it from here
 * rather than count again: counting serialises every tool definition and schema, which in an agent
 * loop's request is most of its bytes.
 */
export interface SeenInput extends ModelInput {
  inputTokens: number | null;
}

/** The history and input the model sees: all of them when they fit; else refused, or truncated when asked. */
export function fitContextWindow(request: CanonicalRequest, { history, input }: ModelInput): SeenInput {
  const window = contextWindow(request.model);
  if (window === null) return { history, input, inputTokens: null };
  const tokenizer = tokenizerForModel(request.model);
  // The lists are only read: a first turn's input is counted without a joined copy.
  const items = history.length === 0 ? input : [...history, ...input];
  let total = countInputTokens(tokenizer, { instructions: request.instructions, items, tools: request.tools, format: request.text.format });
  if (total <= window) return { history, input, inputTokens: total };
  if (request.truncation !== 'auto') throw contextLengthExceeded();
  let dropped = 0;
  while (total > window && dropped < items.length - 1) total -= countItemTokens(tokenizer, items[dropped++]);
  if (total > window) throw contextLengthExceeded();
  // The count is a sum over the items (countInputTokens), so what is left is the count of what is kept.
  return { history: history.slice(Math.min(dropped, history.length)), input: input.slice(Math.max(0, dropped - history.length)), inputTokens: total };
}
