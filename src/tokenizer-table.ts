/**
 * The BPE rank table in a compact binary form, written at `npm run build`
 * (scripts/build-tokenizer-tables.ts → dist/tokenizer/<encoding>.bin) and read with one file read.
 *
 * Why: gpt-tokenizer ships o200k_base as a 2.4 MB JavaScript array literal; parsing it and building
 * its Map of 200,000 strings costs 250–450 ms in a fresh process (the biggest part of the emulator's
 * cold start, paid again in every Jest test file, each a fresh module registry). Here the table is a
 * few typed-array views over one Buffer and an open-addressing hash table computed at build time, so
 * loading costs a few milliseconds and no string is created until a token is decoded.
 *
 * Only the rank lookups live here; the tokenizing itself (pre-tokenizer regex, byte-pair merging,
 * merge cache) stays gpt-tokenizer's own (see src/tokenizer.ts), so counts are exactly the library's
 * — test/unit/tokenizer-table.test.ts compares both on a corpus.
 *
 * Layout (little-endian, every section 4-byte aligned):
 *   u32 magic 'RETK', u32 format version, u32 header length, header JSON (padded)
 *   u32 token count N, u32 slot count S (a power of two), u32 unit count U
 *   Uint32 offsets[N + 1]  where each token's code units start in `units`
 *   Uint8  kinds[N]        (padded) 0: a string token (UTF-16 units), 1: raw bytes (one unit per byte)
 *   u32 B, Uint32 byteRanks[B]  the raw-bytes tokens' ranks (so loading never walks all N)
 *   Int32  slots[S]        rank of the string token hashed there, or -1 (linear probing)
 *   Uint16 units[U]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_DIR } from './package-dir';

const MAGIC = 0x4b544552; // 'RETK'
const FORMAT_VERSION = 1;
const STRING_TOKEN = 0;
const BYTES_TOKEN = 1;

/** What a table was built from: it is used only when it matches the installed library. */
export interface TableHeader {
  encoding: string;
  /** gpt-tokenizer's version the ranks were read from. */
  source: string;
}

/** Where the build writes the tables (the package's `dist/`). */
export const TABLES_DIR = join(PACKAGE_DIR, 'dist', 'tokenizer');

/** FNV-1a over UTF-16 code units: the same function at build time and at lookup. */
function hashUnits(get: (i: number) => number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ get(i), 0x01000193);
  return h >>> 0;
}

export class RankTable {
  private readonly mask: number;

  private constructor(
    readonly header: TableHeader,
    private readonly offsets: Uint32Array,
    private readonly kinds: Uint8Array,
    private readonly slots: Int32Array,
    private readonly units: Uint16Array,
    private readonly byteRanks: Uint32Array,
  ) {
    this.mask = slots.length - 1;
  }

  get size(): number {
    return this.kinds.length;
  }

  /** The rank of a string token, or undefined (what the library's string → rank Map answers). */
  rankOf(key: string): number | undefined {
    const { offsets, slots, units } = this;
    const length = key.length;
    let h = 0x811c9dc5;
    for (let i = 0; i < length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    for (let slot = (h >>> 0) & this.mask; ; slot = (slot + 1) & this.mask) {
      const rank = slots[slot];
      if (rank < 0) return undefined;
      const start = offsets[rank];
      if (offsets[rank + 1] - start !== length) continue;
      let i = 0;
      while (i < length && units[start + i] === key.charCodeAt(i)) i++;
      if (i === length) return rank;
    }
  }

  /** The token's text when it is a string token, else undefined. */
  stringOf(rank: number): string | undefined {
    if (rank < 0 || rank >= this.kinds.length || this.kinds[rank] !== STRING_TOKEN) return undefined;
    return String.fromCharCode(...this.units.subarray(this.offsets[rank], this.offsets[rank + 1]));
  }

  /** The raw-bytes tokens (not valid UTF-8 on their own), as the library's rank array holds them. */
  byteTokens(): Array<[rank: number, bytes: number[]]> {
    return Array.from(this.byteRanks, (rank) => [rank, Array.from(this.units.subarray(this.offsets[rank], this.offsets[rank + 1]))]);
  }

  /** Reads a table; null when it is missing or was built from something else than `expected`. */
  static read(file: string, expected: TableHeader): RankTable | null {
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch {
      return null;
    }
    try {
      return RankTable.parse(buf, expected);
    } catch {
      // A damaged file (cut short, a bad header): the caller falls back to the library's own table.
      return null;
    }
  }

  private static parse(buf: Buffer, expected: TableHeader): RankTable | null {
    // Typed-array views need aligned offsets; a large file read gets its own ArrayBuffer, but be sure.
    if (buf.byteOffset % 4 !== 0) buf = Buffer.from(buf);
    const u32 = (at: number) => buf.readUInt32LE(at);
    if (buf.length < 12 || u32(0) !== MAGIC || u32(4) !== FORMAT_VERSION) return null;
    const headerLength = u32(8);
    const header = JSON.parse(buf.toString('utf8', 12, 12 + headerLength)) as TableHeader;
    if (header.encoding !== expected.encoding || header.source !== expected.source) return null;
    let at = align(12 + headerLength);
    const [n, s, u] = [u32(at), u32(at + 4), u32(at + 8)];
    at += 12;
    const view = <T>(make: (b: ArrayBuffer, offset: number, length: number) => T, length: number, bytesEach: number): T => {
      // A small file's Buffer may share a larger pool: a view past the file's end must fail, not read the pool.
      if (at + length * bytesEach > buf.length) throw new RangeError('the table is cut short');
      const v = make(buf.buffer as ArrayBuffer, buf.byteOffset + at, length);
      at = align(at + length * bytesEach);
      return v;
    };
    const offsets = view((b, o, l) => new Uint32Array(b, o, l), n + 1, 4);
    const kinds = view((b, o, l) => new Uint8Array(b, o, l), n, 1);
    const byteRankCount = u32(at);
    at += 4;
    const byteRanks = view((b, o, l) => new Uint32Array(b, o, l), byteRankCount, 4);
    const slots = view((b, o, l) => new Int32Array(b, o, l), s, 4);
    const units = view((b, o, l) => new Uint16Array(b, o, l), u, 2);
    return new RankTable(header, offsets, kinds, slots, units, byteRanks);
  }
}

const align = (n: number): number => (n + 3) & ~3;

/**
 * Builds a table from the library's rank array (index = rank; a string, or the bytes of a token that
 * is not valid UTF-8 alone). A string seen twice keeps its last rank, as the library's Map does.
 */
export function buildRankTable(ranks: ReadonlyArray<string | readonly number[]>, header: TableHeader): Buffer {
  const n = ranks.length;
  const offsets = new Uint32Array(n + 1);
  const kinds = new Uint8Array(n);
  let unitCount = 0;
  for (let rank = 0; rank < n; rank++) {
    const value = ranks[rank];
    kinds[rank] = typeof value === 'string' ? STRING_TOKEN : BYTES_TOKEN;
    unitCount += value.length;
    offsets[rank + 1] = unitCount;
  }
  const units = new Uint16Array(unitCount);
  for (let rank = 0; rank < n; rank++) {
    const value = ranks[rank];
    for (let i = 0; i < value.length; i++) units[offsets[rank] + i] = typeof value === 'string' ? value.charCodeAt(i) : value[i];
  }
  // At most ~40% full: linear probing stays at one or two probes.
  let slotCount = 1;
  while (slotCount < n * 2.5) slotCount *= 2;
  const slots = new Int32Array(slotCount).fill(-1);
  const same = (a: number, b: number) => offsets[a + 1] - offsets[a] === offsets[b + 1] - offsets[b] && units.subarray(offsets[a], offsets[a + 1]).every((c, i) => c === units[offsets[b] + i]);
  for (let rank = 0; rank < n; rank++) {
    if (kinds[rank] !== STRING_TOKEN) continue;
    const start = offsets[rank];
    let slot = hashUnits((i) => units[start + i], offsets[rank + 1] - start) & (slotCount - 1);
    while (slots[slot] >= 0 && !same(slots[slot], rank)) slot = (slot + 1) & (slotCount - 1);
    slots[slot] = rank;
  }
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const head = Buffer.alloc(align(12 + headerBytes.length) + 12);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(FORMAT_VERSION, 4);
  head.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(head, 12);
  const counts = align(12 + headerBytes.length);
  head.writeUInt32LE(n, counts);
  head.writeUInt32LE(slotCount, counts + 4);
  head.writeUInt32LE(unitCount, counts + 8);
  const padded = (bytes: Uint8Array) => Buffer.concat([bytes, Buffer.alloc(align(bytes.byteLength) - bytes.byteLength)]);
  const byteRanks = Uint32Array.from(ranks.keys()).filter((rank) => kinds[rank] === BYTES_TOKEN);
  const byteRankCount = Buffer.alloc(4);
  byteRankCount.writeUInt32LE(byteRanks.length);
  const sections = [offsets, kinds, byteRankCount, byteRanks, slots, units].map((a) => padded(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
  return Buffer.concat([head, ...sections]);
}
