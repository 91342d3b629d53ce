/**
 * Request + context → Plan, by synthesis: seeded prose, real token counts, `max_output_tokens` limits.
 */
import type { GenericItem, OutputMessageItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';
import type { IdFactory } from '../ids';
import type { Rng } from '../random';
import { countInputTokens, countItemTokens } from './input-tokens';
import type { Plan } from './plan';
import { composeReply } from './prose/compose';
import { tokenizerForModel, type Tokenizer } from './tokenizer';

export interface PlanInput {
  request: CanonicalRequest;
  /** Items from earlier turns (previous_response_id chain or conversation). */
  history: readonly GenericItem[];
  /** This turn's input items. */
  input: readonly GenericItem[];
  /** Seeded from the request's content: decides what is said. */
  rng: Rng;
  /** Seeded per response: names the output items. */
  ids: IdFactory;
}

/** Prompt caching: a prefix of at least 1,024 tokens is cached in blocks of 128, as the live API does. */
export const CACHE_MIN_PREFIX = 1024;
export const CACHE_BLOCK = 128;

export function planResponse({ request, history, input, rng, ids }: PlanInput): Plan {
  const tokenizer = tokenizerForModel(request.model);
  const context = [...history, ...input];
  const inputTokens = countInputTokens(tokenizer, {
    instructions: request.instructions,
    items: context,
    tools: request.tools,
    format: request.text.format,
  });
  const cachedTokens = cachedPrefixTokens(tokenizer, history);

  const text = composeReply(latestUserText(context), request.text.verbosity, rng.fork('prose'));
  const { text: visible, tokens, truncated } = limitTokens(tokenizer, text, request.max_output_tokens);

  const message: OutputMessageItem = {
    id: ids.next('message'),
    type: 'message',
    status: truncated ? 'incomplete' : 'completed',
    content: [{ type: 'output_text', annotations: [], logprobs: [], text: visible }],
    role: 'assistant',
  };
  return {
    items: [message],
    status: truncated ? 'incomplete' : 'completed',
    incomplete_reason: truncated ? 'max_output_tokens' : null,
    error: null,
    usage: { input_tokens: inputTokens, cached_tokens: cachedTokens, output_tokens: tokens, reasoning_tokens: 0 },
  };
}

/** The text of the last user message, from this turn or, failing that, from history. */
export function latestUserText(context: readonly GenericItem[]): string {
  for (let i = context.length - 1; i >= 0; i--) {
    const item = context[i];
    if (item.type === 'message' && item.role === 'user') return messageText(item);
  }
  return '';
}

function messageText(item: GenericItem): string {
  const content = item.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as { type?: string; text?: string }[])
    .filter((p) => p.type === 'input_text' || p.type === 'output_text')
    .map((p) => p.text ?? '')
    .join('\n');
}

/** Cuts `text` to at most `max` tokens. A cut never splits a character: a partial UTF-8 sequence is dropped. */
export function limitTokens(tokenizer: Tokenizer, text: string, max: number | null): { text: string; tokens: number; truncated: boolean } {
  const tokens = tokenizer.encode(text);
  if (max === null || tokens.length <= max) return { text, tokens: tokens.length, truncated: false };
  return { text: tokenizer.decode(tokens.slice(0, max)).replace(/\uFFFD+$/, ''), tokens: max, truncated: true };
}

function cachedPrefixTokens(tokenizer: Tokenizer, history: readonly GenericItem[]): number {
  if (history.length === 0) return 0;
  const prefix = history.reduce((n, item) => n + countItemTokens(tokenizer, item), 0);
  return prefix >= CACHE_MIN_PREFIX ? Math.floor(prefix / CACHE_BLOCK) * CACHE_BLOCK : 0;
}
