/**
 * POST /responses/compact: the user's messages, then one compaction item folding everything else,
 * with the usage the API reports. Not stored: it is a transformation of the input, as in the API.
 */
import type { GenericItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';
import { unixSeconds, type Clock } from '../clock';
import type { IdFactory } from '../ids';
import type { PlanUsage } from '../model/plan';
import { compact, compactionItem } from './compaction';
import { countInputTokens } from './input-tokens';
import { tokenizerForModel } from '../tokenizer';

export interface CompactionResult {
  id: string;
  created_at: number;
  output: GenericItem[];
  usage: PlanUsage;
}

/** Compacts `context` (the resolved chain, then the request's input with ids) as response `id`; item ids from `ids`. */
export function compactResponse(request: CanonicalRequest, id: string, context: GenericItem[], ids: IdFactory, clock: Clock): CompactionResult {
  const tokenizer = tokenizerForModel(request.model);
  const { kept, folded, summaryTokens } = compact(tokenizer, context);
  const output: GenericItem[] = [...kept, compactionItem(ids, folded, summaryTokens)];
  const inputTokens = countInputTokens(tokenizer, { instructions: request.instructions, items: context, tools: [], format: undefined });
  return {
    id,
    created_at: unixSeconds(clock.nowMs()),
    output,
    usage: { input_tokens: inputTokens, cached_tokens: 0, output_tokens: summaryTokens, reasoning_tokens: 0, cache_write_tokens: 0 },
  };
}
