/**
 * Real BPE token counts (gpt-tokenizer). Each encoding is loaded on first use. Its rank table comes
 * from the compact form the build writes (src/tokenizer-table.ts: one file read, a few ms) when one
 * matching the installed gpt-tokenizer is there; otherwise from the library's own module (its
 * 200,000-entry array literal: 250–450 ms in a fresh process). Either way the tokenizing is the
 * library's (its BytePairEncodingCore), so the counts are the same exact numbers.
 */
import { join } from 'node:path';
import { encodingForModel, type EncodingName } from './models';
import { RankTable, TABLES_DIR, type TableHeader } from './tokenizer-table';
import { processWide } from './model/process-wide';

export interface Tokenizer {
  readonly encoding: EncodingName;
  encode(text: string): number[];
  decode(tokens: readonly number[]): string;
  /**
   * The text of the first tokens of a longer list: a character the cut splits is left out, and none of
   * its bytes reach a later decode (gpt-tokenizer decodes through one streaming TextDecoder shared by
   * the whole process: bytes of a split character would otherwise begin the next decode, anywhere).
   */
  decodePrefix(tokens: readonly number[]): string;
  count(text: string): number;
}

/** The part of gpt-tokenizer the emulator calls: encode, count and decode with no special tokens recognised. */
export interface Bpe {
  encode(text: string): number[];
  count(text: string): number;
  decode(tokens: Iterable<number>): string;
}

interface GptTokenizerModule {
  encode(text: string, options?: { disallowedSpecial?: Set<string> }): number[];
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
  decode(tokens: Iterable<number>): string;
}

/** gpt-tokenizer's core class (its public `gpt-tokenizer/BytePairEncodingCore` module), as far as used here. */
interface Core {
  encodeNative(text: string, allowedSpecial?: Set<string>): number[];
  countNative(text: string, allowedSpecial?: Set<string>): number;
  decodeNative(tokens: Iterable<number>): string;
}
type CoreClass = new (config: { bytePairRankDecoder: ReadonlyArray<string | readonly number[]>; specialTokensEncoder: Map<string, number>; tokenSplitRegex: RegExp }) => Core;
/** The core's lookups the table's cores override or delegate to. */
interface CoreLookups {
  getBpeRankFromBytes(key: Uint8Array): number | undefined;
  tryDecodeToken(rank: number): string | Uint8Array | undefined;
}
interface EncodingParams {
  tokenSplitRegex: RegExp;
  specialTokensEncoder: Map<string, number>;
}

/** User text may contain strings such as "<|endoftext|>"; they count as ordinary text, never as special tokens. */
const NO_SPECIAL = { disallowedSpecial: new Set<string>() };

/** The library's own module: its rank array literal and Map (the slow path, when no built table matches). */
function loadFromLibrary(encoding: EncodingName): Bpe {
  // Static requires (not a template) so bundlers and the TypeScript build can see both modules.
  const mod =
    encoding === 'cl100k_base'
      ? (require('gpt-tokenizer/encoding/cl100k_base') as GptTokenizerModule)
      : (require('gpt-tokenizer/encoding/o200k_base') as GptTokenizerModule);
  return { encode: (text) => mod.encode(text, NO_SPECIAL), count: (text) => mod.countTokens(text, NO_SPECIAL), decode: (tokens) => mod.decode(tokens) };
}

/** What a table for `encoding` must have been built from to be used: the installed gpt-tokenizer. */
export function expectedTableHeader(encoding: EncodingName): TableHeader {
  return { encoding, source: `gpt-tokenizer@${(require('gpt-tokenizer/package.json') as { version: string }).version}` };
}

function encodingParams(encoding: EncodingName): EncodingParams {
  return encoding === 'cl100k_base'
    ? (require('gpt-tokenizer/encodingParams/cl100k_base') as { Cl100KBase(r: unknown[]): EncodingParams }).Cl100KBase([])
    : (require('gpt-tokenizer/encodingParams/o200k_base') as { O200KBase(r: unknown[]): EncodingParams }).O200KBase([]);
}

/**
 * The library's core over a compact table: string tokens are looked up in the table (the two lookups
 * the core makes, `getBpeRankFromString` and `tryDecodeToken`); the few raw-bytes tokens (1,571 in
 * o200k_base, byte pairs that are not UTF-8 alone) are given to a second core of the library, made
 * the first time a byte pair is not valid UTF-8 or such a token is decoded — text without such pairs
 * (English, code, JSON) never makes it, and a start does not pay for it (~20 ms on a small VM:
 * the library's constructor walks its rank array and sorts the byte tokens).
 */
export function bpeFromTable(encoding: EncodingName, table: RankTable): Bpe {
  const { BytePairEncodingCore } = require('gpt-tokenizer/BytePairEncodingCore') as { BytePairEncodingCore: CoreClass };
  const { tryConvertToString } = require('gpt-tokenizer/cjs/utfUtil') as { tryConvertToString(bytes: Uint8Array): string | undefined };
  const params = encodingParams(encoding);
  const config = (bytePairRankDecoder: Array<string | readonly number[]>) => ({ bytePairRankDecoder, specialTokensEncoder: params.specialTokensEncoder, tokenSplitRegex: params.tokenSplitRegex });
  class TableCore extends BytePairEncodingCore {
    getBpeRankFromString(key: string): number | undefined {
      return table.rankOf(key);
    }
    tryDecodeToken(rank: number): string | Uint8Array | undefined {
      return table.stringOf(rank) ?? (BytePairEncodingCore.prototype as unknown as CoreLookups).tryDecodeToken.call(this, rank);
    }
  }
  let withByteTokens: CoreLookups | undefined;
  const byteTokensCore = (): CoreLookups => {
    if (withByteTokens) return withByteTokens;
    const byteRanks: Array<string | readonly number[]> = []; // sparse: the library's rank array, raw-bytes tokens only
    for (const [rank, bytes] of table.byteTokens()) byteRanks[rank] = bytes;
    return (withByteTokens = new TableCore(config(byteRanks)) as unknown as CoreLookups);
  };
  class LazyByteTokensCore extends TableCore {
    /** The library's getBpeRankFromBytes: a valid UTF-8 pair is a string lookup, any other one is the byte tokens'. */
    getBpeRankFromBytes(key: Uint8Array): number | undefined {
      const text = tryConvertToString(key);
      return text !== undefined ? table.rankOf(text) : byteTokensCore().getBpeRankFromBytes(key);
    }
    override tryDecodeToken(rank: number): string | Uint8Array | undefined {
      return table.stringOf(rank) ?? byteTokensCore().tryDecodeToken(rank);
    }
  }
  const core = new LazyByteTokensCore(config([]));
  // No allowed special tokens: what the library's encode/countTokens do with `disallowedSpecial: new Set()`.
  return { encode: (text) => core.encodeNative(text), count: (text) => core.countNative(text), decode: (tokens) => core.decodeNative(tokens) };
}

/** The table the build wrote for `encoding`, when it matches the installed library (null otherwise). */
export function builtTable(encoding: EncodingName, dir = TABLES_DIR): RankTable | null {
  return RankTable.read(join(dir, `${encoding}.bin`), expectedTableHeader(encoding));
}

function load(encoding: EncodingName): Bpe {
  const table = builtTable(encoding);
  return table ? bpeFromTable(encoding, table) : loadFromLibrary(encoding);
}

const TOKENIZERS: Partial<Record<EncodingName, Tokenizer>> = {};

/**
 * The tokenizer of an encoding, loaded once per process (src/model/process-wide.ts: Jest test files
 * share it rather than each reading the table again). A tokenizer is a pure function of its text —
 * its count memory too — so sharing it changes no count.
 */
export function tokenizerFor(encoding: EncodingName): Tokenizer {
  // Kept here too: a request asks for its tokenizer several times, and the process-wide key is a
  // string built and hashed on every call (processWide always answers the same one for an encoding).
  return (TOKENIZERS[encoding] ??= processWide(`tokenizer:${__dirname}:${encoding}`, () => boundedTokenizer(encoding, load(encoding))));
}

/**
 * Empties the library's shared decoder of the bytes of a character a decode ended inside of. Taken
 * when the tokenizer is made, so it is the decoder of the library instance the tokenizer decodes
 * through (a tokenizer is kept per process; a later Jest test file has a library instance of its own).
 */
function splitCharacterDiscarder(): () => void {
  const { decoder } = require('gpt-tokenizer/BytePairEncodingCore') as { decoder: { decode(): string } };
  return () => void decoder.decode();
}

/** The emulator's tokenizer over a BPE: long unbroken runs sliced (see MAX_RUN), counts remembered. */
export function boundedTokenizer(encoding: EncodingName, bpe: Bpe): Tokenizer {
  const discardSplitCharacter = splitCharacterDiscarder();
  return {
    encoding,
    encode: (text) => {
      const pieces = boundedPieces(text);
      return pieces.length === 1 ? bpe.encode(text) : pieces.flatMap((piece) => bpe.encode(piece));
    },
    decode: (tokens) => bpe.decode(tokens),
    decodePrefix: (tokens) => {
      const text = bpe.decode(tokens);
      discardSplitCharacter();
      return text;
    },
    count: countingWithMemory((text) => boundedPieces(text).reduce((n, piece) => n + bpe.count(piece), 0)),
  };
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
