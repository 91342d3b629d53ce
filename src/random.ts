/**
 * The emulator's only source of randomness. Every generated value (text, ids, chunking, timing
 * jitter, faker values) comes from an `Rng` whose seed is derived from the global seed and the
 * request, so the same seed and the same request always produce the same bytes.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

type Generator = ReturnType<typeof xoroshiro128plus>;

/** A byte's two hex digits, by value: ids are drawn several times per request. */
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * Hashes any JSON-serialisable parts into a 32-bit seed (stable across processes and platforms).
 * Not cryptographic (nothing here is secret): a 53-bit multiply-xorshift hash over the UTF-16 code
 * units (the public-domain cyrb53 construction), which costs a fraction of a SHA-256 and mixes as
 * well for seeding — it runs several times per request.
 */
export function seedOf(...parts: unknown[]): number {
  const [h1, h2] = hashParts(parts);
  return (h2 ^ (h1 >>> 0)) >>> 0;
}

/**
 * A 64-bit fingerprint of a text in one pass (both lanes of the same hash), for counting texts
 * without keeping them.
 */
export function fingerprint(text: string): string {
  const [h1, h2] = hashParts([text]);
  return `${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}`;
}

/**
 * A key that costs little to keep: short texts as they are, longer ones (a client's 8 KB API key or
 * test id) by their fingerprint, so a table bounded by its number of keys is bounded in bytes too.
 */
export function compactKey(text: string): string {
  return text.length <= 64 ? text : `#${fingerprint(text)}`;
}

function hashParts(parts: readonly unknown[]): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const part of parts) {
    // A finite number's JSON is its String() (seeds mix in counts and seeds this way, without JSON.stringify).
    const text = typeof part === 'string' ? part : typeof part === 'number' && Number.isFinite(part) ? String(part) : (JSON.stringify(part) ?? 'undefined');
    for (let i = 0; i <= text.length; i++) {
      // A separator (0) after each part, so ("ab", "c") and ("a", "bc") differ.
      const code = i < text.length ? text.charCodeAt(i) : 0;
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1, h2];
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

  /** Lower-case hex string of `length` characters. */
  hex(length: number): string {
    // Four digits per 16-bit draw, two bytes' digits looked up (no toString/padStart per draw).
    let out = '';
    for (let n = 0; n < length; n += 4) {
      const v = this.int(0, 0xffff);
      out += HEX_PAIRS[v >>> 8] + HEX_PAIRS[v & 0xff];
    }
    return out.length === length ? out : out.slice(0, length);
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
