/**
 * Compaction: POST /responses/compact keeps the user's messages and folds everything else (assistant
 * answers, tool calls and outputs, reasoning, earlier compactions) into one `compaction` item whose
 * `encrypted_content` is opaque to clients. It carries the folded items and the size of their
 * summary, so a later request that sends it back counts the compacted history as that many tokens.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { GenericItem } from '../canonical/items';
import { countItemTokens } from './input-tokens';
import type { Tokenizer } from './tokenizer';

const PREFIX = 'cmpx1.';

/** A compaction summary is a fifth of what it replaces (at least 16 tokens). */
export const COMPACTION_RATIO = 0.2;

interface Payload {
  items: GenericItem[];
  tokens: number;
}

export function encodeCompaction(items: GenericItem[], tokens: number): string {
  return PREFIX + deflateRawSync(Buffer.from(JSON.stringify({ items, tokens } satisfies Payload))).toString('base64url');
}

/** The folded items and summary size, or null when the content was not made by this emulator. */
export function decodeCompaction(encrypted: string): Payload | null {
  if (!encrypted.startsWith(PREFIX)) return null;
  try {
    const payload = JSON.parse(inflateRawSync(Buffer.from(encrypted.slice(PREFIX.length), 'base64url')).toString('utf8')) as Payload;
    return Array.isArray(payload.items) && Number.isInteger(payload.tokens) ? payload : null;
  } catch {
    return null;
  }
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
