/** The bounded stores' building blocks: the FIFO map and the response store's lazy item index. */
import { FifoMap } from '../../src/state/fifo-map';
import { ResponseStore } from '../../src/state/response-store';
import type { ResponseRecord } from '../../src/model/response-record';

describe('FifoMap', () => {
  test('oldest is the first inserted; replacing a key makes it the newest', () => {
    const m = new FifoMap<string, number>();
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect(m.oldest()).toEqual(['a', 1]);
    m.set('a', 10);
    expect(m.oldest()).toEqual(['b', 2]);
    expect([...m.values()]).toEqual([2, 3, 10]);
    expect(m.get('a')).toBe(10);
    expect(m.size).toBe(3);
  });

  test('deleted keys are skipped; an emptied map has no oldest', () => {
    const m = new FifoMap<string, number>();
    for (const k of ['a', 'b', 'c']) m.set(k, k.charCodeAt(0));
    expect(m.delete('a')).toBe(true);
    expect(m.delete('a')).toBe(false);
    expect(m.oldest()?.[0]).toBe('b');
    m.delete('b');
    m.delete('c');
    expect(m.oldest()).toBeUndefined();
    expect(m.size).toBe(0);
    expect(m.has('c')).toBe(false);
  });

  test('a store evicting its oldest on every insert keeps its queue bounded (no growth with the number of inserts)', () => {
    const m = new FifoMap<number, number>();
    for (let i = 0; i < 200_000; i++) {
      m.set(i, i);
      if (m.size > 1000) m.delete(m.oldest()![0]);
      // Re-touching a key (an LRU use) also leaves a stale pair behind.
      if (i % 3 === 0) m.set(i, -i);
    }
    expect(m.size).toBe(1000);
    expect(m.queued).toBeLessThanOrEqual(2 * 1000 + 64);
    expect(m.oldest()?.[0]).toBe(199_000);
  });

  test('clear forgets everything', () => {
    const m = new FifoMap<string, number>();
    m.set('a', 1);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.oldest()).toBeUndefined();
    expect(m.queued).toBe(0);
  });
});

describe('ResponseStore', () => {
  const record = (id: string, input: string[], output: string[]): ResponseRecord =>
    ({ id, input: input.map((i) => ({ id: i, type: 'message' })), plan: { items: output.map((o) => ({ id: o, type: 'message' })) } }) as unknown as ResponseRecord;

  test('items are found by id, from inputs and outputs, whenever they were stored', () => {
    const store = new ResponseStore(10);
    store.add(record('resp_1', ['in_1'], ['out_1']));
    expect(store.findItem('out_1')?.id).toBe('out_1');
    store.add(record('resp_2', ['in_2'], ['out_2']));
    expect(store.findItem('in_2')?.id).toBe('in_2');
    expect(store.findItem('in_1')?.id).toBe('in_1');
    expect(store.findItem('nope')).toBeUndefined();
  });

  test('an evicted response takes its items with it, indexed or not', () => {
    const store = new ResponseStore(2);
    store.add(record('resp_1', ['in_1'], ['out_1']));
    expect(store.findItem('in_1')).toBeDefined(); // indexed
    store.add(record('resp_2', ['in_2'], []));
    store.add(record('resp_3', ['in_3'], [])); // evicts resp_1 (indexed)
    store.add(record('resp_4', ['in_4'], [])); // evicts resp_2 (never indexed)
    expect(store.size).toBe(2);
    expect(store.get('resp_1')).toBeUndefined();
    expect(store.findItem('in_1')).toBeUndefined();
    expect(store.findItem('out_1')).toBeUndefined();
    expect(store.findItem('in_2')).toBeUndefined();
    expect(store.findItem('in_4')?.id).toBe('in_4');
  });

  test('when two responses hold an item with the same id, the later one’s is found, and survives the earlier one’s removal', () => {
    const store = new ResponseStore(10);
    const first = record('resp_1', ['shared'], []);
    const second = record('resp_2', ['shared'], []);
    store.add(first);
    store.add(second);
    expect(store.findItem('shared')).toBe(second.input[0]);
    store.remove('resp_1');
    expect(store.findItem('shared')).toBe(second.input[0]);
    store.remove('resp_2');
    expect(store.findItem('shared')).toBeUndefined();
  });

  test('re-adding a response replaces its items', () => {
    const store = new ResponseStore(10);
    store.add(record('resp_1', ['old'], []));
    expect(store.findItem('old')).toBeDefined();
    store.add(record('resp_1', ['new'], []));
    expect(store.findItem('old')).toBeUndefined();
    expect(store.findItem('new')).toBeDefined();
    expect(store.size).toBe(1);
  });

  test('evicts the oldest first; a re-added response becomes the newest, a removed one is skipped', () => {
    const store = new ResponseStore(3);
    for (const id of ['a', 'b', 'c']) store.add(record(id, [], []));
    store.add(record('a', [], [])); // a is now the newest: b, c, a
    store.remove('c'); // b, a
    store.add(record('d', [], [])); // b, a, d
    store.add(record('e', [], [])); // evicts b
    expect(['a', 'b', 'c', 'd', 'e'].filter((id) => store.get(id))).toEqual(['a', 'd', 'e']);
    store.add(record('f', [], [])); // evicts a
    store.add(record('g', [], [])); // evicts d
    expect(['a', 'd', 'e', 'f', 'g'].filter((id) => store.get(id))).toEqual(['e', 'f', 'g']);
    expect(store.size).toBe(3);
  });

  test('its order list stays bounded whatever the churn: evictions, replacements, removals of the newest', () => {
    const store = new ResponseStore(1000);
    for (let i = 0; i < 50_000; i++) {
      store.add(record(`r${i}`, [], []));
      if (i % 3 === 0) store.add(record(`r${i}`, [], []));
      if (i % 5 === 0) store.remove(`r${i}`);
    }
    expect(store.size).toBe(1000);
    expect(store.queued).toBeLessThanOrEqual(2 * 1000 + 64);
    // Below capacity nothing is evicted: adding and removing the newest must not grow the list either.
    const small = new ResponseStore(1000);
    for (let i = 0; i < 50_000; i++) {
      small.add(record(`s${i}`, [], []));
      small.remove(`s${i}`);
    }
    expect(small.size).toBe(0);
    expect(small.queued).toBeLessThanOrEqual(64);
    small.add(record('x', [], []));
    small.clear();
    expect(small.queued).toBe(0);
  });
});
