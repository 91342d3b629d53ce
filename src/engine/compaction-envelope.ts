/**
 * The opaque `encrypted_content` of a compaction item: the folded items and their summary size,
 * deflated. Its own module because token counting (input-tokens.ts) reads it and compaction.ts, which
 * makes it, counts tokens.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { GenericItem } from '../canonical/items';

const PREFIX = 'cmpx1.';

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
