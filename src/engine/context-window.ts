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

/** The history and input the model sees: all of them when they fit; else refused, or truncated when asked. */
export function fitContextWindow(request: CanonicalRequest, given: ModelInput): ModelInput {
  const { history, input } = given;
  // What fits is returned as given (most requests fit; the caller's lists are only read).
  const window = contextWindow(request.model);
  if (window === null) return given;
  const tokenizer = tokenizerForModel(request.model);
  const items = history.length === 0 ? input : [...history, ...input];
  let total = countInputTokens(tokenizer, { instructions: request.instructions, items, tools: request.tools, format: request.text.format });
  if (total <= window) return given;
  if (request.truncation !== 'auto') throw contextLengthExceeded();
  let dropped = 0;
  while (total > window && dropped < items.length - 1) total -= countItemTokens(tokenizer, items[dropped++]);
  if (total > window) throw contextLengthExceeded();
  return { history: history.slice(Math.min(dropped, history.length)), input: input.slice(Math.max(0, dropped - history.length)) };
}
