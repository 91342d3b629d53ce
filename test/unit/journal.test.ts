import { boundedCopy, Journal, journalBody, MAX_ARRAY, MAX_EVENTS, MAX_LAZY_TEXT, MAX_STRING, MAX_TOTAL_EVENTS, summarize, type JournalEntry } from '../../src/journal/journal';
import { journalEntry } from '../helpers/journal-entry';

const entry = journalEntry;

describe('Journal', () => {
  test('keeps the newest `capacity` entries, lists newest first; capacity 0 keeps none', () => {
    const j = new Journal(2);
    const [a, b, c] = [entry(), entry(), entry()];
    [a, b, c].forEach((e) => j.add(e));
    expect(j.list()).toEqual([c, b]);
    expect(j.get(a.id)).toBeUndefined();
    const none = new Journal(0);
    none.add(entry());
    expect(none.size).toBe(0);
  });

  test('filters combine; remove() deletes what matches and tells listeners', () => {
    const j = new Journal(10);
    j.add(entry({ testId: 't1', status: 200 }));
    j.add(entry({ testId: 't1', status: 429, answeredBy: 'fault' }));
    j.add(entry({ testId: 't2', method: 'GET', path: '/v1/models' }));
    j.add(entry({ answeredBy: 'fixture', fixture: { name: 'hello', source: 'f.yaml' } }));
    expect(j.list({ testId: 't1' })).toHaveLength(2);
    expect(j.list({ testId: 't1', status: 429 }).map((e) => e.answeredBy)).toEqual(['fault']);
    expect(j.list({ method: 'get' })).toHaveLength(1);
    expect(j.list({ path: 'models' })).toHaveLength(1);
    expect(j.list({ fixture: 'hello' })).toHaveLength(1);
    expect(j.list({ limit: 1 })).toHaveLength(1);
    const changes: string[] = [];
    const unsubscribe = j.subscribe((change) => changes.push(change));
    expect(j.remove({ testId: 't1' })).toBe(2);
    expect(j.remove({ testId: 'nobody' })).toBe(0);
    j.add(entry());
    unsubscribe();
    j.add(entry());
    expect(changes).toEqual(['removed', 'added']);
    expect(j.size).toBe(4);
  });

  test('events: at most MAX_EVENTS per entry, MAX_TOTAL_EVENTS in all (oldest exchanges go first)', () => {
    const j = new Journal(100);
    const first = entry();
    const firstSlot = j.add(first);
    for (let i = 0; i < MAX_EVENTS + 10; i++) j.addEvent(firstSlot, i, { type: 'x', i });
    expect(first.events).toHaveLength(MAX_EVENTS);
    const perEntry = MAX_TOTAL_EVENTS / MAX_EVENTS; // entries that fill the budget
    const later = Array.from({ length: perEntry + 2 }, () => entry());
    const slots = later.map((e) => {
      const slot = j.add(e);
      for (let i = 0; i < MAX_EVENTS; i++) j.addEvent(slot, i, { type: 'y' });
      return slot;
    });
    const kept = j.list();
    expect(kept.reduce((sum, e) => sum + e.events.length, 0)).toBeLessThanOrEqual(MAX_TOTAL_EVENTS);
    expect(kept).toHaveLength(perEntry);
    expect(kept[kept.length - 1]).toBe(later[2]);
    // An entry no longer kept takes no more events.
    j.addEvent(slots[0], 0, { type: 'late' });
    expect(later[0].events).toHaveLength(MAX_EVENTS);
  });

  test('summaries leave out bodies and events; copies cut long strings and share nothing', () => {
    const e = entry({ events: [{ t: 1, event: {} }] });
    expect(summarize(e)).not.toHaveProperty('request');
    expect(summarize(e)).toMatchObject({ id: e.id, eventCount: 1 });
    const body = { input: 'x'.repeat(MAX_STRING + 5), nested: [{ a: 'short' }] };
    const copy = boundedCopy(body) as typeof body;
    expect(copy.input).toBe(`${'x'.repeat(MAX_STRING)}… (${MAX_STRING + 5} characters)`);
    expect(copy.nested).toEqual(body.nested);
    expect(copy.nested).not.toBe(body.nested);
    const long = boundedCopy({ items: Array.from({ length: MAX_ARRAY + 7 }, (_, i) => i) }) as { items: unknown[] };
    expect(long.items).toHaveLength(MAX_ARRAY + 1);
    expect(long.items[MAX_ARRAY - 1]).toBe(MAX_ARRAY - 1);
    expect(long.items[MAX_ARRAY]).toBe(`… (${MAX_ARRAY + 7} items)`);
  });

  test('a sent body kept as its text reads as the parsed body, cut like a copy, in JSON too', () => {
    const sent = { id: 'resp_1', output: [{ text: 'y'.repeat(MAX_STRING + 1) }] };
    const kept = journalBody({ 'content-type': 'application/json' }, JSON.stringify(sent));
    const body = kept.body as typeof sent;
    expect(body.id).toBe('resp_1');
    expect(body.output[0].text).toBe(`${'y'.repeat(MAX_STRING)}… (${MAX_STRING + 1} characters)`);
    expect(kept.body).toBe(body); // parsed once
    expect(JSON.parse(JSON.stringify(kept))).toEqual({ headers: { 'content-type': 'application/json' }, body });
    kept.headers = { other: 'x' };
    expect(kept.body).toBe(body);
  });

  test('a large sent body is copied at once (its long strings cut), not kept as text', () => {
    const text = JSON.stringify({ big: 'z'.repeat(MAX_LAZY_TEXT) });
    const kept = journalBody({}, text);
    expect(Object.getOwnPropertyDescriptor(kept, 'body')?.get).toBeUndefined();
    expect((kept.body as { big: string }).big).toHaveLength(MAX_STRING + ` (${MAX_LAZY_TEXT} characters)`.length + 1);
  });
});
