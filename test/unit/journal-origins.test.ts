/**
 * What a create exchange's response was made from is kept beside its journal entry for "copy as
 * fixture" — for a `store: false` response only for the newest MAX_UNSTORED_ORIGINS (nothing else
 * holds it, and an input may be megabytes); a stored one's as long as its entry.
 */
import { Journal, MAX_UNSTORED_ORIGINS, type JournalEntry } from '../../src/journal/journal';
import type { ResponseRecord } from '../../src/model/response-record';

let n = 0;
function entry(): JournalEntry {
  return {
    id: `req_${++n}`, at: '2025-01-01T00:00:00.000Z', method: 'POST', path: '/v1/responses', dialect: 'openai', testId: null, model: null,
    inputPreview: null, status: 200, answeredBy: 'synthesis', fixture: null, fault: null, responseId: null, unknownParams: null,
    durationMs: 1, firstByteMs: 1, request: { headers: {}, body: null }, response: null, events: [], open: false,
  };
}

function record(store: boolean): ResponseRecord {
  return { request: { store, model: 'gpt-4o' }, input: [{ type: 'message', role: 'user', content: 'x'.repeat(1000) }], previous: null } as unknown as ResponseRecord;
}

describe('journal: what responses were made from', () => {
  test(`store: false — only the newest ${MAX_UNSTORED_ORIGINS} are kept`, () => {
    const journal = new Journal(1000);
    const entries = Array.from({ length: MAX_UNSTORED_ORIGINS + 5 }, () => entry());
    for (const e of entries) journal.attachRecord(journal.add(e), record(false));
    expect(entries.slice(0, 5).map((e) => journal.recordOf(e))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    for (const e of entries.slice(5)) expect(journal.recordOf(e)?.request.store).toBe(false);
  });

  test('store: true — kept as long as the entry, and not counted against the unstored bound', () => {
    const journal = new Journal(1000);
    const stored = entry();
    journal.attachRecord(journal.add(stored), record(true));
    for (let i = 0; i < MAX_UNSTORED_ORIGINS * 2; i++) journal.attachRecord(journal.add(entry()), record(false));
    expect(journal.recordOf(stored)?.request.store).toBe(true);
  });

  test('an entry the journal no longer holds gets no record', () => {
    const journal = new Journal(1);
    const [a, b] = [entry(), entry()];
    const slotA = journal.add(a);
    const slotB = journal.add(b); // evicts a
    journal.attachRecord(slotA, record(false));
    journal.attachRecord(slotB, record(false));
    expect(journal.recordOf(a)).toBeUndefined();
    expect(slotA.origin).toBeUndefined();
    expect(journal.recordOf(b)).toBeDefined();
  });

  test('an evicted entry lets go of its record', () => {
    const journal = new Journal(1);
    const [a, b] = [entry(), entry()];
    const slotA = journal.add(a);
    journal.attachRecord(slotA, record(true));
    expect(journal.recordOf(a)).toBeDefined();
    journal.add(b); // evicts a
    expect(journal.recordOf(a)).toBeUndefined();
    // Not only hidden: the slot its writer still holds no longer keeps the record alive.
    expect(slotA.origin).toBeUndefined();
  });
});

test('removed entries let go of their records, stored or not', () => {
  const journal = new Journal(10);
  const [a, b] = [entry(), entry()];
  const slots = [journal.add(a), journal.add(b)];
  journal.attachRecord(slots[0], record(true));
  journal.attachRecord(slots[1], record(false));
  journal.clear();
  expect(slots.map((s) => s.origin)).toEqual([undefined, undefined]);
  journal.attachRecord(slots[0], record(true));
  expect(slots[0].origin).toBeUndefined();
});
