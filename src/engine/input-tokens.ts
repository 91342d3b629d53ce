/**
 * Input token accounting, documented in the README ("Usage numbers"):
 *
 *   input_tokens = Σ over instructions and context items of (MESSAGE_OVERHEAD + tokens of the item's content)
 *                + Σ over tools of tokens(JSON of the tool definition)
 *                + tokens(JSON of a json_schema text format)
 *                + REPLY_PRIMING
 *
 * The overheads mirror the chat format's framing tokens (`<|start|>role<|message|> … <|end|>`).
 * Images and files have no text to tokenize; they are charged by the rules in `imageTokens` and
 * `fileTokens`. The same function serves POST /responses and POST /responses/input_tokens, so the two
 * always agree. What an item's content is, is its kind's (`inputTokens` in src/model/item-kinds/).
 */
import type { GenericItem } from '../canonical/items';
import type { TextFormat, Tool } from '../canonical/request';
import type { imageSize as ImageSize } from 'image-size';
import type { ContentCounter } from '../model/item-kind';
import { itemKind } from '../model/item-kinds';
import { decodeCompaction } from './compaction-envelope';
import type { Tokenizer } from '../tokenizer';

export const MESSAGE_OVERHEAD = 4;
export const REPLY_PRIMING = 3;
/** A low-detail image, or any image part that gives no size: one 512×512 tile's base cost. */
export const IMAGE_LOW_DETAIL_TOKENS = 85;
/** high/auto/original detail for an image whose size is unknown: a 1024×1024 image = 85 + 4 tiles × 170. */
export const IMAGE_DEFAULT_TOKENS = 765;
/** A file given by id or URL, whose content the emulator cannot read. */
export const OPAQUE_FILE_TOKENS = 1000;
/** Audio: tokens per second of sound. */
export const AUDIO_TOKENS_PER_SECOND = 10;

export interface InputTokenParts {
  instructions: string | null;
  items: readonly GenericItem[];
  tools: readonly Tool[];
  format: TextFormat | undefined;
}

export function countInputTokens(tokenizer: Tokenizer, parts: InputTokenParts): number {
  let total = REPLY_PRIMING;
  if (parts.instructions) total += MESSAGE_OVERHEAD + tokenizer.count(parts.instructions);
  for (const item of parts.items) total += countItemTokens(tokenizer, item);
  for (const tool of parts.tools) total += tokenizer.count(JSON.stringify(tool));
  if (parts.format?.type === 'json_schema') total += tokenizer.count(JSON.stringify(parts.format.schema ?? {}));
  return total;
}

export function countItemTokens(tokenizer: Tokenizer, item: GenericItem): number {
  return MESSAGE_OVERHEAD + contentTokens(tokenizer, item);
}

/** Fields that identify or describe an item's state rather than carry content. */
const NON_CONTENT_KEYS = new Set(['id', 'type', 'status', 'call_id', 'role', 'created_by', 'phase', 'approval_request_id']);

function contentTokens(tokenizer: Tokenizer, item: GenericItem): number {
  const kind = itemKind(item.type);
  if (kind?.inputTokens) return kind.inputTokens(item, counterFor(tokenizer));
  // Tool calls and other items: their own fields, as the model would read them.
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!NON_CONTENT_KEYS.has(k)) rest[k] = v;
  return Object.keys(rest).length === 0 ? 0 : tokenizer.count(JSON.stringify(rest));
}

/** One counter per tokenizer, made on first use. */
const COUNTERS = new WeakMap<Tokenizer, ContentCounter>();

function counterFor(tokenizer: Tokenizer): ContentCounter {
  let counter = COUNTERS.get(tokenizer);
  if (!counter) {
    counter = { text: (text) => tokenizer.count(text), parts: (content) => partsTokens(tokenizer, content), compacted: compactedTokens };
    COUNTERS.set(tokenizer, counter);
  }
  return counter;
}

function compactedTokens(encrypted: string): number {
  return decodeCompaction(encrypted)?.tokens ?? Math.ceil(encrypted.length / 4);
}

function partsTokens(tokenizer: Tokenizer, content: unknown): number {
  if (typeof content === 'string') return tokenizer.count(content);
  if (!Array.isArray(content)) return 0;
  let total = 0;
  for (const part of content as Record<string, unknown>[]) {
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        total += tokenizer.count(String(part.text ?? ''));
        break;
      case 'refusal':
        total += tokenizer.count(String(part.refusal ?? ''));
        break;
      case 'input_image':
        total += imageTokens(part);
        break;
      case 'input_file':
        total += fileTokens(tokenizer, part);
        break;
      case 'input_audio':
        total += audioTokens(part);
        break;
    }
  }
  return total;
}

/**
 * Images, by the API's tile rule: 85 tokens at low detail; otherwise the image is scaled to fit
 * 2048×2048, then its shorter side to 768, and costs 85 + 170 per 512×512 tile. The size is read
 * from inline (data URL) images; images given by URL or file id are taken as 1024×1024 (765).
 */
export function imageTokens(part: Record<string, unknown>): number {
  if (part.detail === 'low') return IMAGE_LOW_DETAIL_TOKENS;
  const size = inlineImageSize(part.image_url);
  if (!size) return IMAGE_DEFAULT_TOKENS;
  let { width, height } = size;
  const fit = Math.min(1, 2048 / Math.max(width, height));
  width *= fit;
  height *= fit;
  const shorter = Math.min(1, 768 / Math.min(width, height));
  width *= shorter;
  height *= shorter;
  return IMAGE_LOW_DETAIL_TOKENS + 170 * Math.ceil(width / 512) * Math.ceil(height / 512);
}

function inlineImageSize(url: unknown): { width: number; height: number } | null {
  if (typeof url !== 'string' || !url.startsWith('data:')) return null;
  try {
    const imageSize = (require('image-size') as { imageSize: typeof ImageSize }).imageSize; // loaded on first use
    const { width, height } = imageSize(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
    return width && height ? { width, height } : null;
  } catch {
    return null; // not a readable image: charged as the default size
  }
}

/** Audio: 10 tokens per second. WAV durations come from the header; MP3 is taken as 128 kbit/s. */
export function audioTokens(part: Record<string, unknown>): number {
  const audio = part.input_audio as { data?: string; format?: string } | undefined;
  const bytes = Buffer.from(audio?.data ?? '', 'base64');
  let seconds = bytes.length / 16000;
  if (audio?.format === 'wav' && bytes.length >= 44 && bytes.toString('ascii', 0, 4) === 'RIFF') {
    const byteRate = bytes.readUInt32LE(28);
    if (byteRate > 0) seconds = (bytes.length - 44) / byteRate;
  }
  return Math.max(1, Math.ceil(seconds * AUDIO_TOKENS_PER_SECOND));
}

/** Files: inline data is decoded and its text tokenized (binary data: one token per 4 bytes); by id or URL, a flat charge. */
export function fileTokens(tokenizer: Tokenizer, part: Record<string, unknown>): number {
  const data = typeof part.file_data === 'string' ? part.file_data : null;
  if (!data) return OPAQUE_FILE_TOKENS;
  const base64 = data.startsWith('data:') ? data.slice(data.indexOf(',') + 1) : data;
  const bytes = Buffer.from(base64, 'base64');
  const text = bytes.toString('utf8');
  // Valid UTF-8 text round-trips; binary (PDF, images) does not.
  if (Buffer.byteLength(text, 'utf8') === bytes.length && !text.includes('\u0000')) return tokenizer.count(text);
  return Math.ceil(bytes.length / 4);
}
