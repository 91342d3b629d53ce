/**
 * The compact rank table (src/tokenizer-table.ts) gives exactly the library's tokens: encode, count
 * and decode compared with gpt-tokenizer's own module on prose, code, every script, special-token
 * text, raw-bytes tokens and random strings, for both encodings; a table built from anything else
 * than the installed library is not used.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { EncodingName } from '../../src/models';
import { bpeFromTable, builtTable, expectedTableHeader, type Bpe } from '../../src/tokenizer';
import { buildRankTable, RankTable } from '../../src/tokenizer-table';

interface Library {
  encode(text: string, options: { disallowedSpecial: Set<string> }): number[];
  decode(tokens: number[]): string;
}

const NO_SPECIAL = { disallowedSpecial: new Set<string>() };
const dir = mkdtempSync(join(tmpdir(), 'tokenizer-table-'));

const SAMPLES = [
  '',
  'Hello!',
  'How do tides work? The Moon pulls the oceans; the Earth turns beneath the bulge.',
  "It's, they're, we'll, I'd, you've — contractions and   spaces\n\n\ttabs\r\nand CRLF",
  'Numbers 1234567 and 3.14159, dates 2026-12-02, hex 0xDEADBEEF, ids resp_0123abc',
  'function add(a: number, b: number): number {\n  return a + b; // sum\n}\n',
  '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}',
  'Grüße aus Köln, ça va? Ελληνικά, русский текст, עברית, العربية, हिन्दी, 日本語のテキスト, 中文文本, 한국어',
  'Emoji 🤖🎉👩‍👩‍👧‍👦 and flags 🇨🇭🇯🇵, combining é (e\u0301), ZWJ\u200d, BOM\ufeff',
  'Special-token text stays text: <|endoftext|> <|im_start|>user<|im_end|> <|fim_prefix|>',
  'Lone surrogates \ud800 and \udfff, NUL \u0000, replacement \ufffd',
  'x'.repeat(3000),
  ' '.repeat(257) + 'end',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'.repeat(10),
];

function readme(): string {
  return readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
}

describe.each<EncodingName>(['o200k_base', 'cl100k_base'])('the compact %s table', (encoding) => {
  const library = require(`gpt-tokenizer/encoding/${encoding}`) as Library;
  const ranks = (require(`gpt-tokenizer/bpeRanks/${encoding}`) as { default: Array<string | number[]> }).default;
  let bpe: Bpe;
  let table: RankTable;

  beforeAll(() => {
    const file = join(dir, `${encoding}.bin`);
    writeFileSync(file, buildRankTable(ranks, expectedTableHeader(encoding)));
    table = RankTable.read(file, expectedTableHeader(encoding))!;
    expect(table).not.toBeNull();
    bpe = bpeFromTable(encoding, table);
  });

  const same = (text: string): void => {
    const expected = library.encode(text, NO_SPECIAL);
    expect(bpe.encode(text)).toEqual(expected);
    expect(bpe.count(text)).toBe(expected.length);
    expect(bpe.decode(expected)).toBe(library.decode(expected));
  };

  it('tokenizes the samples and the README exactly as the library does', () => {
    for (const text of SAMPLES) same(text);
    for (const paragraph of readme().split('\n\n')) same(paragraph);
  });

  it('tokenizes random strings exactly as the library does (ASCII, Latin, every plane)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        same(text);
      }),
      { seed: 19, numRuns: 1500 },
    );
  });

  it('gives the library\'s tokens whichever text comes first (the raw-bytes tokens are loaded on first need)', () => {
    // Each a fresh core: its first text needs the raw-bytes tokens (CJK, emoji: byte pairs that are
    // not UTF-8 alone), or none (ASCII, then such text), or its first call decodes a raw-bytes token.
    const firstTexts = [['日本語のテキスト, 中文文本'], ['🤖🎉 and 한국어'], ['Hello, world!', 'then 日本語 and 🤖'], ['x'.repeat(50), 'Ελληνικά']];
    for (const texts of firstTexts) {
      const fresh = bpeFromTable(encoding, table);
      for (const text of texts) {
        const expected = library.encode(text, NO_SPECIAL);
        expect(fresh.count(text)).toBe(expected.length);
        expect(fresh.encode(text)).toEqual(expected);
      }
    }
    const text = '日本語 🤖';
    const tokens = library.encode(text, NO_SPECIAL);
    expect(tokens.some((rank) => typeof ranks[rank] !== 'string')).toBe(true);
    expect(bpeFromTable(encoding, table).decode(tokens)).toBe(text);
  });

  it('decodes every token: string tokens to their text, raw-bytes tokens to their bytes', () => {
    // One token at a time: the library's decoder is shared and streaming, so a lone raw-bytes token
    // would leave its bytes pending for the next call; the raw-bytes tokens are compared as bytes.
    const wrong = ranks.flatMap((value, rank) => (typeof value === 'string' && table.stringOf(rank) !== value ? [rank] : []));
    expect(wrong).toEqual([]);
    const byteTokens = ranks.flatMap((value, rank) => (typeof value === 'string' ? [] : [[rank, value]]));
    expect(byteTokens.length).toBeGreaterThan(0);
    expect(table.byteTokens()).toEqual(byteTokens);
    const sample = Array.from({ length: 2000 }, (_, i) => (i * 97) % ranks.length).filter((rank) => typeof ranks[rank] === 'string');
    expect(bpe.decode(sample)).toBe(library.decode(sample));
  });
});

describe('which table is used', () => {
  it('the build wrote a table for each encoding, matching the installed gpt-tokenizer', () => {
    // `npm test` builds first (pretest); a table missing here means the build step did not run.
    expect(builtTable('o200k_base')?.header).toEqual(expectedTableHeader('o200k_base'));
    expect(builtTable('cl100k_base')?.header).toEqual(expectedTableHeader('cl100k_base'));
  });

  it('a table built from another library version, another encoding, or not a table at all, is not used', () => {
    const ranks = ['a', 'b', 'ab'];
    const file = join(dir, 'other.bin');
    writeFileSync(file, buildRankTable(ranks, { encoding: 'o200k_base', source: 'gpt-tokenizer@0.0.1' }));
    expect(RankTable.read(file, expectedTableHeader('o200k_base'))).toBeNull();
    writeFileSync(file, buildRankTable(ranks, expectedTableHeader('cl100k_base')));
    expect(RankTable.read(file, expectedTableHeader('o200k_base'))).toBeNull();
    expect(RankTable.read(file, expectedTableHeader('cl100k_base'))?.rankOf('ab')).toBe(2);
    writeFileSync(file, 'not a table');
    expect(RankTable.read(file, expectedTableHeader('o200k_base'))).toBeNull();
    expect(RankTable.read(join(dir, 'missing.bin'), expectedTableHeader('o200k_base'))).toBeNull();
    expect(builtTable('o200k_base', join(dir, 'nowhere'))).toBeNull();
  });

  it('a table cut short or with a broken header is not used (a damaged build falls back to the library)', () => {
    const whole = buildRankTable(['a', 'b', 'ab', 'abc'], expectedTableHeader('o200k_base'));
    const file = join(dir, 'damaged.bin');
    writeFileSync(file, whole.subarray(0, whole.length - 8));
    expect(RankTable.read(file, expectedTableHeader('o200k_base'))).toBeNull();
    const brokenHeader = Buffer.from(whole);
    brokenHeader.write('}', 12);
    writeFileSync(file, brokenHeader);
    expect(RankTable.read(file, expectedTableHeader('o200k_base'))).toBeNull();
  });

  it('a string listed twice keeps its last rank, as the library’s map does', () => {
    const file = join(dir, 'twice.bin');
    writeFileSync(file, buildRankTable(['a', 'b', 'a', [0xff]], expectedTableHeader('o200k_base')));
    const table = RankTable.read(file, expectedTableHeader('o200k_base'))!;
    expect(table.rankOf('a')).toBe(2);
    expect(table.rankOf('b')).toBe(1);
    expect(table.rankOf('c')).toBeUndefined();
    expect(table.stringOf(1)).toBe('b');
    expect(table.stringOf(3)).toBeUndefined();
    expect(table.byteTokens()).toEqual([[3, [0xff]]]);
  });
});
