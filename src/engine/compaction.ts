/**
 * Compaction: POST /responses/compact keeps the user's messages and folds everything else (assistant
 * answers, tool calls and outputs, reasoning, earlier compactions) into one `compaction` item whose
 * `encrypted_content` is opaque to clients. It carries the folded items and the size of their
 * summary, so a later request that sends it back counts the compacted history as that many tokens.
 */
import type { GenericItem } from '../canonical/items';
import type { IdFactory } from '../ids';
import { decodeCompaction, encodeCompaction } from './compaction-envelope';
import { countItemTokens } from './input-tokens';
import type { Tokenizer } from '../tokenizer';

export { decodeCompaction, encodeCompaction };

/** A compaction summary is a fifth of what it replaces (at least 16 tokens). */
export const COMPACTION_RATIO = 0.2;

/** The `compaction` item that stands for `folded`: POST /responses/compact and a `compaction_trigger` input both answer with it. */
export function compactionItem(ids: IdFactory, folded: GenericItem[], summaryTokens: number): GenericItem {
  return { id: ids.next('compaction'), type: 'compaction', encrypted_content: encodeCompaction(folded, summaryTokens) };
}

/** Splits a context into what compaction keeps (user messages) and what it folds, with the summary's size. */
export function compact(tokenizer: Tokenizer, context: readonly GenericItem[]): { kept: GenericItem[]; folded: GenericItem[]; summaryTokens: number } {
  const kept: GenericItem[] = [];
  const folded: GenericItem[] = [];
  for (const item of context) {
    if (item.type === 'compaction_trigger') continue; // asks for this compaction; nothing to keep
    if (item.type === 'message' && item.role === 'user') kept.push(item);
    else if (item.type === 'compaction') folded.push(...(decodeCompaction(String(item.encrypted_content))?.items ?? []));
    else folded.push(item);
  }
  const foldedTokens = folded.reduce((n, item) => n + countItemTokens(tokenizer, item), 0);
  return { kept, folded, summaryTokens: Math.max(16, Math.round(foldedTokens * COMPACTION_RATIO)) };
}

/**
 * Does the prompt ask for a summary of the conversation itself — a client compacting its context
 * locally (Codex's "You are performing a CONTEXT CHECKPOINT COMPACTION…", a "handoff summary"), or a
 * user asking to summarise the chat so far? Or is it the handoff such a compaction leaves as the
 * latest user message ("Another language model started to solve this problem and produced a
 * summary…")? A model answers both in text, without calling tools: calling tools again from a
 * handoff would refill the context the client just compacted, and it would compact again for ever.
 */
export function asksForConversationSummary(prompt: string): boolean {
  const text = prompt.slice(0, 4000);
  if (/^another language model started to solve this problem\b/i.test(text.trimStart())) return true;
  if (/\bcontext checkpoint compaction\b|\bhandoff summary\b|\bcompact(?:ion of)? (?:the |this |our )?(?:context|conversation|history)\b/i.test(text)) return true;
  return /\b(?:summari[sz]e|recap|condense)\b[^.?!\n]{0,40}\b(?:conversation|discussion|chat|thread|context|history|so far|above)\b/i.test(text);
}
