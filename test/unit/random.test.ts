import { compactKey, ContentSeeds, fingerprint, Rng, seedOf } from '../../src/random';
import { IdFactory } from '../../src/ids';

describe('seeded randomness', () => {
  test('seedOf is stable and sensitive to every part', () => {
    expect(seedOf('a', 1, { b: 2 })).toBe(seedOf('a', 1, { b: 2 }));
    expect(seedOf('a', 1)).not.toBe(seedOf('a', 2));
    expect(seedOf('ab', 'c')).not.toBe(seedOf('a', 'bc')); // parts are delimited
    expect(seedOf('x')).toBe(1936112115); // pinned: a change would silently change every generated answer
  });

  test('seedOf spreads near-identical inputs evenly (it seeds every request)', () => {
    const buckets = new Array(16).fill(0);
    const seen = new Set<number>();
    for (let i = 0; i < 16_000; i++) {
      const seed = seedOf('ids', 'request body', i);
      seen.add(seed);
      buckets[seed >>> 28]++;
    }
    expect(seen.size).toBe(16_000);
    // Each of 16 buckets expects 1,000; a chi-square over 15 degrees of freedom stays far below 50.
    const chiSquare = buckets.reduce((sum, n) => sum + (n - 1000) ** 2 / 1000, 0);
    expect(chiSquare).toBeLessThan(50);
  });

  test('the same seed gives the same sequence; another seed a different one', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 20 }, () => rng.int(0, 1_000_000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  test('int stays within its inclusive bounds and reaches both ends', () => {
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  test('fork gives an independent stream that does not disturb the parent', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    a.fork('x').int(0, 100);
    expect(a.int(0, 1e9)).toBe(b.int(0, 1e9));
    expect(new Rng(9).fork('x').hex(16)).toBe(new Rng(9).fork('x').hex(16));
    expect(new Rng(9).fork('x').hex(16)).not.toBe(new Rng(9).fork('y').hex(16));
  });

  test('ids have the live API formats', () => {
    const ids = new IdFactory(new Rng(5));
    expect(ids.next('response')).toMatch(/^resp_[0-9a-f]{50}$/);
    expect(ids.next('message')).toMatch(/^msg_[0-9a-f]{50}$/);
    expect(ids.next('conversation')).toMatch(/^conv_[0-9a-f]{48}$/);
    expect(ids.callId()).toMatch(/^call_[0-9A-Za-z]{24}$/);
  });
});

test('fingerprints and compact keys: stable, distinct, short', () => {
  expect(fingerprint('abc')).toBe(fingerprint('abc'));
  expect(fingerprint('abc')).not.toBe(fingerprint('abd'));
  const seen = new Set(Array.from({ length: 20_000 }, (_, i) => fingerprint(`key ${i}`)));
  expect(seen.size).toBe(20_000);
  expect(compactKey('short key')).toBe('short key');
  const long = 'k'.repeat(10_000);
  expect(compactKey(long)).toBe(compactKey('k'.repeat(10_000)));
  expect(compactKey(long).length).toBeLessThan(32);
  expect(compactKey(long)).not.toBe(compactKey(`${long}x`));
});

describe('drawing ids and seeding from numbers', () => {
  test('hex draws four digits per 16-bit draw, cut to the length asked for', () => {
    // The digits an id has always had: each draw in [0, 0xffff], four zero-padded hex digits, cut.
    const reference = (rng: Rng, length: number) => {
      let out = '';
      while (out.length < length) out += rng.int(0, 0xffff).toString(16).padStart(4, '0');
      return out.slice(0, length);
    };
    for (const length of [1, 4, 32, 48, 50]) {
      for (let seed = 0; seed < 50; seed++) expect(new Rng(seed).hex(length)).toBe(reference(new Rng(seed), length));
    }
  });

  test('a number part seeds as its JSON text does', () => {
    // A string part is hashed as it is, so a number must hash as its JSON text to keep every seed.
    for (const n of [0, -0, 1, 42, -7, 1.5, 1e21, 2 ** 53, 1e-7]) expect(seedOf('ids', n)).toBe(seedOf('ids', JSON.stringify(n)));
    expect(seedOf('ids', NaN)).toBe(seedOf('ids', null));
    expect(seedOf('ids', Infinity)).toBe(seedOf('ids', null));
  });
});

describe('a request content key\'s seeds, in one pass', () => {
  test('are exactly the separate hashes: fingerprint(seed, key) and seedOf(seed, label, key[, occurrence])', () => {
    const keys = ['', 'x', '{"model":"gpt-4o","items":[{"role":"user","content":"How do tides work?"}]}', 'Résumé 日本語 🎉', 'k'.repeat(5000)];
    for (const seed of ['', '42', 'golden seed', 'ü🎉']) {
      for (const key of keys) {
        const seeds = new ContentSeeds(seed, key);
        expect(seeds.print).toBe(fingerprint(seed, key));
        expect(seeds.content).toBe(seedOf(seed, 'content', key));
        expect(seeds.stream).toBe(seedOf(seed, 'stream', key));
        for (const occurrence of [1, 2, 17, 100_000]) expect(seeds.ids(occurrence)).toBe(seedOf(seed, 'ids', key, occurrence));
      }
    }
  });
});
