/**
 * Real BPE token counts (gpt-tokenizer). Each encoding is loaded on first use: loading o200k_base
 * costs ~250 ms, which start-up should not pay before a request needs it (see `warmUpTokenizers`).
 */
import { encodingForModel, type EncodingName } from './models';

export interface Tokenizer {
  readonly encoding: EncodingName;
  encode(text: string): number[];
  decode(tokens: readonly number[]): string;
  count(text: string): number;
}

interface GptTokenizerModule {
  encode(text: string, options?: { disallowedSpecial?: Set<string> }): number[];
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
  decode(tokens: Iterable<number>): string;
}

const loaded = new Map<EncodingName, Tokenizer>();

function load(encoding: EncodingName): GptTokenizerModule {
  // Static requires (not a template) so bundlers and the TypeScript build can see both modules.
  return encoding === 'cl100k_base'
    ? (require('gpt-tokenizer/encoding/cl100k_base') as GptTokenizerModule)
    : (require('gpt-tokenizer/encoding/o200k_base') as GptTokenizerModule);
}

/** User text may contain strings such as "<|endoftext|>"; they count as ordinary text, never as special tokens. */
const NO_SPECIAL = { disallowedSpecial: new Set<string>() };

export function tokenizerFor(encoding: EncodingName): Tokenizer {
  let t = loaded.get(encoding);
  if (!t) {
    const mod = load(encoding);
    t = {
      encoding,
      encode: (text) => {
        const pieces = boundedPieces(text);
        return pieces.length === 1 ? mod.encode(text, NO_SPECIAL) : pieces.flatMap((piece) => mod.encode(piece, NO_SPECIAL));
      },
      decode: (tokens) => mod.decode(tokens),
      count: countingWithMemory((text) => boundedPieces(text).reduce((n, piece) => n + mod.countTokens(piece, NO_SPECIAL), 0)),
    };
    loaded.set(encoding, t);
  }
  return t;
}

/** How many characters of counted texts are remembered (per encoding) before the memory starts over. */
export const COUNT_MEMORY_CHARS = 1_000_000;
const MAX_REMEMBERED_TEXT = 20_000;

/**
 * Token counts are remembered by text. Requests repeat most of what they count: instructions, tool
 * definitions and schemas are sent again on every turn of an agent loop, and a load test repeats its
 * prompts and hence the answers. Counting costs 20–50 ns per character here (a 2,000-character tool
 * schema: ~50 µs), a lookup about 1 ns per character (hashing the text). The memory holds at most
 * COUNT_MEMORY_CHARS characters, then starts over (counting is pure: forgetting only costs time).
 */
function countingWithMemory(count: (text: string) => number): (text: string) => number {
  const memory = new Map<string, number>();
  let chars = 0;
  return (text) => {
    if (text === '') return 0;
    if (text.length > MAX_REMEMBERED_TEXT) return count(text);
    let n = memory.get(text);
    if (n === undefined) {
      n = count(text);
      if (chars + text.length > COUNT_MEMORY_CHARS) {
        memory.clear();
        chars = 0;
      }
      memory.set(text, n);
      chars += text.length;
    }
    return n;
  };
}

/**
 * BPE merges inside one pre-token cost quadratic time in its length: a request carrying a megabyte
 * without a break ("xxxx…", base64, a megabyte of spaces) would hold the server for minutes. Runs
 * of more than MAX_RUN non-space (or space) characters are therefore encoded in MAX_RUN slices —
 * ordinary text (never such runs) is encoded exactly as before; such runs count within a token or
 * two per slice of the truth.
 */
export const MAX_RUN = 1000;
const HAS_LONG_RUN = new RegExp(`\\S{${MAX_RUN + 1}}|\\s{${MAX_RUN + 1}}`);
const LONG_RUN = new RegExp(`\\S{${MAX_RUN + 1},}|\\s{${MAX_RUN + 1},}`, 'g');

/** The pieces BPE is run on: the text itself, or its runs longer than MAX_RUN cut into MAX_RUN slices. */
function boundedPieces(text: string): string[] {
  if (text.length <= MAX_RUN || !HAS_LONG_RUN.test(text)) return [text];
  const pieces: string[] = [];
  let last = 0;
  for (const run of text.matchAll(LONG_RUN)) {
    const start = run.index ?? 0;
    if (start > last) pieces.push(text.slice(last, start));
    for (let i = 0; i < run[0].length; i += MAX_RUN) pieces.push(run[0].slice(i, i + MAX_RUN));
    last = start + run[0].length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

export function tokenizerForModel(model: string): Tokenizer {
  return tokenizerFor(encodingForModel(model));
}

/** Loads the default encoding ahead of the first request (called after the server is listening). */
export function warmUpTokenizers(): void {
  tokenizerFor('o200k_base');
}
