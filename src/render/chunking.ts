/**
 * Splits generated text into stream deltas on tokenizer token boundaries: each delta carries a seeded
 * 1–`maxTokens` tokens. A group that would end inside a multi-byte character takes the next token
 * too, so every delta is valid text and the deltas always concatenate to exactly the text.
 */
import type { Rng } from '../random';
import type { Tokenizer } from '../tokenizer';

export interface Chunk {
  text: string;
  /** How many tokens this delta carries (drives the timing model). */
  tokens: number;
}

export function chunkText(tokenizer: Tokenizer, text: string, rng: Rng, maxTokens: number): Chunk[] {
  if (text === '') return [];
  const tokens = tokenizer.encode(text);
  const chunks: Chunk[] = [];
  let start = 0;
  while (start < tokens.length) {
    let end = Math.min(start + rng.int(1, Math.max(1, maxTokens)), tokens.length);
    let piece = tokenizer.decode(tokens.slice(start, end));
    while (piece.endsWith('\uFFFD') && end < tokens.length) piece = tokenizer.decode(tokens.slice(start, ++end));
    chunks.push({ text: piece, tokens: end - start });
    start = end;
  }
  // The invariant the stream depends on; text the tokenizer cannot round-trip is sent whole.
  return chunks.map((c) => c.text).join('') === text ? chunks : [{ text, tokens: tokens.length }];
}
