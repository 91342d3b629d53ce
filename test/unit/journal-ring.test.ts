/**
 * The journal keeps its entries in a ring: whatever mix of additions, evictions (by capacity and by
 * the events budget) and removals, it holds what a plain oldest-first list would.
 */
import { Journal, MAX_EVENTS, MAX_TOTAL_EVENTS, type JournalEntry } from '../../src/journal/journal';
import { journalEntry } from '../helpers/journal-entry';

function entry(testId: string | null = null): JournalEntry {
  return journalEntry({ testId });
}

describe('Journal ring', () => {
  test('additions past capacity and removals between them: what a plain list keeps, newest first', () => {
    const capacity = 5;
    const j = new Journal(capacity);
    let model: JournalEntry[] = [];
    // A fixed walk: bursts of additions that wrap the ring several times, removals of one tag in between.
    for (let step = 0; step < 60; step++) {
      const e = entry(step % 3 === 0 ? 'drop' : 'keep');
      j.add(e);
      model.push(e);
      if (model.length > capacity) model.shift();
      if (step % 7 === 6) {
        expect(j.remove({ testId: 'drop' })).toBe(model.filter((m) => m.testId === 'drop').length);
        model = model.filter((m) => m.testId !== 'drop');
      }
      expect(j.size).toBe(model.length);
      expect(j.list()).toEqual([...model].reverse());
      expect(j.list({ limit: 2 })).toEqual([...model].reverse().slice(0, 2));
      for (const m of model) expect(j.get(m.id)).toBe(m);
    }
    expect(j.get('req_0')).toBeUndefined();
    j.clear();
    expect(j.size).toBe(0);
    const e = entry();
    j.add(e);
    expect(j.list()).toEqual([e]);
  });

  test('evictions by the events budget free slots that later additions fill, in order', () => {
    const j = new Journal(MAX_TOTAL_EVENTS / MAX_EVENTS + 5);
    const streams = Array.from({ length: MAX_TOTAL_EVENTS / MAX_EVENTS + 2 }, () => entry());
    const streamSlots = streams.map((e) => {
      const slot = j.add(e);
      for (let i = 0; i < MAX_EVENTS; i++) j.addEvent(slot, i, { type: 'y' });
      return slot;
    });
    // The first two streams went to keep the events budget.
    expect(j.list().reverse()).toEqual(streams.slice(2));
    const more = Array.from({ length: 10 }, () => entry());
    const moreSlots = more.map((e) => j.add(e));
    const kept = [...streams.slice(2), ...more].slice(-j.capacity);
    expect(j.list().reverse()).toEqual(kept);
    expect(j.size).toBe(j.capacity);
    // An evicted entry takes no events; a kept one does.
    j.addEvent(streamSlots[0], 0, { type: 'late' });
    expect(streams[0].events).toHaveLength(MAX_EVENTS);
    j.addEvent(moreSlots[9], 0, { type: 'late' });
    expect(more[9].events).toHaveLength(1);
  });
});

describe('parts worked out when an entry is first read', () => {
  /** A writer whose part of the entry (its model) is written only when revealed; counts its reveals. */
  function deferred(j: Journal, testId: string): { entry: JournalEntry; reveals: () => number } {
    const e = entry(testId);
    let reveals = 0;
    j.add(e, {
      reveal: () => {
        reveals++;
        e.model = `revealed ${testId}`;
      },
    });
    return { entry: e, reveals: () => reveals };
  }

  test('list, get and listeners see the entry revealed, once; entries never read are never revealed', () => {
    const j = new Journal(10);
    const a = deferred(j, 'a');
    const b = deferred(j, 'b');
    expect(j.list({ testId: 'a' })).toEqual([expect.objectContaining({ testId: 'a', model: 'revealed a' })]);
    expect(a.reveals()).toBe(1);
    expect(b.reveals()).toBe(0);
    expect(j.get(a.entry.id)!.model).toBe('revealed a');
    j.list();
    expect(a.reveals()).toBe(1);
    expect(b.reveals()).toBe(1);

    const seen: (string | null)[] = [];
    j.subscribe((_change, e) => seen.push(e && e.model));
    const c = deferred(j, 'c');
    expect(seen).toEqual(['revealed c']);
    j.updated(j.add(entry('d'), null));
    expect(c.reveals()).toBe(1);
  });

  test('an entry evicted unread and then updated: a listener still sees it revealed', () => {
    const j = new Journal(1);
    const first = entry('first');
    let revealed = false;
    const slot = j.add(first, { reveal: () => void (revealed = true) });
    j.add(entry('second'));
    const seen: JournalEntry[] = [];
    j.subscribe((_change, e) => e && seen.push(e));
    j.updated(slot);
    expect(seen).toEqual([first]);
    expect(revealed).toBe(true);
  });
});
