/**
 * The emulator's only source of randomness. Every generated value (text, ids, chunking, timing
 * jitter, faker values) comes from an `Rng` whose seed is derived from the global seed and the
 * request, so the same seed and the same request always produce the same bytes.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

type Generator = ReturnType<typeof xoroshiro128plus>;

/** The character codes of the hex digits, by value. */
const HEX_CODES: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * Scratch lists of character codes, one per string length, that `hex` writes a string's characters
 * into before making it in one `String.fromCharCode` (a list must be exactly as long as the string).
 * Ids come in a handful of lengths; any length above MAX_SCRATCH is built without a kept list.
 */
const SCRATCH = new Map<number, number[]>();
const MAX_SCRATCH = 128;

/**
 * Hashes any JSON-serialisable parts into a 32-bit seed (stable across processes and platforms).
 * Not cryptographic (nothing here is secret): a 53-bit multiply-xorshift hash over the UTF-16 code
 * units (the public-domain cyrb53 construction), which costs a fraction of a SHA-256 and mixes as
 * well for seeding — it runs several times per request.
 */
export function seedOf(...parts: unknown[]): number {
  hashStart();
  for (const part of parts) {
    // A finite number's JSON is its String() (seeds mix in counts and seeds this way, without JSON.stringify).
    hashPart(typeof part === 'string' ? part : typeof part === 'number' && Number.isFinite(part) ? String(part) : (JSON.stringify(part) ?? 'undefined'));
  }
  hashEnd();
  return (lane2 ^ (lane1 >>> 0)) >>> 0;
}

/**
 * A 64-bit fingerprint of a text in one pass (both lanes of the same hash), for counting texts
 * without keeping them. The text may come in two pieces: the fingerprint of `head + tail`, without
 * making that string (a request's content key is counted after its seed).
 */
export function fingerprint(head: string, tail = ''): string {
  hashStart();
  hashText(head);
  hashPart(tail);
  hashEnd();
  return `${(lane1 >>> 0).toString(36)}.${(lane2 >>> 0).toString(36)}`;
}

/**
 * A key that costs little to keep: short texts as they are, longer ones (a client's 8 KB API key or
 * test id) by their fingerprint, so a table bounded by its number of keys is bounded in bytes too.
 */
export function compactKey(text: string): string {
  return text.length <= 64 ? text : `#${fingerprint(text)}`;
}

/*
 * The hash's two lanes, as module state rather than a returned pair: seedOf and fingerprint run
 * several times per request, and each pair was an allocation. Synchronous from start to end, so
 * nothing else can run in between.
 */
let lane1 = 0;
let lane2 = 0;

function hashStart(): void {
  lane1 = 0xdeadbeef;
  lane2 = 0x41c6ce57;
}

function hashText(text: string): void {
  let h1 = lane1;
  let h2 = lane2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  lane1 = h1;
  lane2 = h2;
}

/** A part: its text, then a separator (0), so ("ab", "c") and ("a", "bc") differ. */
function hashPart(text: string): void {
  hashText(text);
  lane1 = Math.imul(lane1, 2654435761);
  lane2 = Math.imul(lane2, 1597334677);
}

function hashEnd(): void {
  const h1 = Math.imul(lane1 ^ (lane1 >>> 16), 2246822507) ^ Math.imul(lane2 ^ (lane2 >>> 13), 3266489909);
  const h2 = Math.imul(lane2 ^ (lane2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  lane1 = h1;
  lane2 = h2;
}

/**
 * The four hashes of a request's content key that every create takes, in one pass over the key (the
 * long part of each: four passes over it showed in the create path's profile). Exactly
 * `fingerprint(seed, key)` (its occurrence count's key), `seedOf(seed, 'content', key)`,
 * `seedOf(seed, 'stream', key)` and, once the occurrence is known, `seedOf(seed, 'ids', key, occurrence)`.
 */
export class ContentSeeds {
  readonly print: string;
  readonly content: number;
  readonly stream: number;
  /** The ids hash's lanes after the key: the occurrence is hashed on from here. */
  private readonly idsLane1: number;
  private readonly idsLane2: number;

  constructor(seed: string, key: string) {
    // Each hash's state before the key: the prefixes are short.
    hashStart();
    hashText(seed);
    let p1 = lane1;
    let p2 = lane2;
    hashStart();
    hashPart(seed);
    const seeded1 = lane1;
    const seeded2 = lane2;
    hashPart('ids');
    let i1 = lane1;
    let i2 = lane2;
    lane1 = seeded1;
    lane2 = seeded2;
    hashPart('content');
    let c1 = lane1;
    let c2 = lane2;
    lane1 = seeded1;
    lane2 = seeded2;
    hashPart('stream');
    let s1 = lane1;
    let s2 = lane2;
    // The key, through the four at once: hashText's steps, interleaved.
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      p1 = Math.imul(p1 ^ code, 2654435761);
      p2 = Math.imul(p2 ^ code, 1597334677);
      i1 = Math.imul(i1 ^ code, 2654435761);
      i2 = Math.imul(i2 ^ code, 1597334677);
      c1 = Math.imul(c1 ^ code, 2654435761);
      c2 = Math.imul(c2 ^ code, 1597334677);
      s1 = Math.imul(s1 ^ code, 2654435761);
      s2 = Math.imul(s2 ^ code, 1597334677);
    }
    // The key's separator (hashPart), then each hash's end.
    lane1 = Math.imul(p1, 2654435761);
    lane2 = Math.imul(p2, 1597334677);
    hashEnd();
    this.print = `${(lane1 >>> 0).toString(36)}.${(lane2 >>> 0).toString(36)}`;
    this.content = seedAfter(Math.imul(c1, 2654435761), Math.imul(c2, 1597334677));
    this.stream = seedAfter(Math.imul(s1, 2654435761), Math.imul(s2, 1597334677));
    this.idsLane1 = Math.imul(i1, 2654435761);
    this.idsLane2 = Math.imul(i2, 1597334677);
  }

  /** `seedOf(seed, 'ids', key, occurrence)`. */
  ids(occurrence: number): number {
    lane1 = this.idsLane1;
    lane2 = this.idsLane2;
    hashPart(String(occurrence));
    hashEnd();
    return (lane2 ^ (lane1 >>> 0)) >>> 0;
  }
}

/** A seed from the lanes after its last part. */
function seedAfter(h1: number, h2: number): number {
  lane1 = h1;
  lane2 = h2;
  hashEnd();
  return (lane2 ^ (lane1 >>> 0)) >>> 0;
}

export class Rng {
  private readonly gen: Generator;

  constructor(readonly seed: number) {
    this.gen = xoroshiro128plus(seed);
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }

  /** Float in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick on an empty list');
    return items[this.int(0, items.length - 1)];
  }

  /**
   * `prefix` then a lower-case hex string of `length` characters: four digits per 16-bit draw (the
   * last draw's extra digits dropped). Made as one flat string from a list of character codes:
   * appending digits to a string built a chain of ~25 small strings per id, which V8 then copied
   * flat again the first time the id was hashed or serialised — several ids are drawn per request.
   */
  hex(length: number, prefix = ''): string {
    const total = prefix.length + length;
    let codes = SCRATCH.get(total);
    if (codes === undefined) {
      codes = new Array<number>(total).fill(0);
      if (total <= MAX_SCRATCH) SCRATCH.set(total, codes);
    }
    let at = 0;
    for (; at < prefix.length; at++) codes[at] = prefix.charCodeAt(at);
    for (let n = 0; n < length; n += 4) {
      const v = this.int(0, 0xffff);
      const digits = Math.min(4, length - n);
      for (let d = 0; d < digits; d++) codes[at++] = HEX_CODES[(v >>> (12 - 4 * d)) & 15];
    }
    if (total <= MAX_SCRATCH) return String.fromCharCode.apply(null, codes);
    // A long one in pieces: a call's arguments are bounded by the stack.
    let out = '';
    for (let i = 0; i < total; i += MAX_SCRATCH) out += String.fromCharCode.apply(null, codes.slice(i, i + MAX_SCRATCH));
    return out;
  }

  /** Characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }

  /** An independent stream derived from this one's seed and a label; drawing from it leaves this one untouched. */
  fork(label: string): Rng {
    return new Rng(seedOf(this.seed, label));
  }
}
