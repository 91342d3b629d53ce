/** A closed journal entry for unit tests of the journal, with a fresh id each time; `overrides` set fields. */
import type { JournalEntry } from '../../src/journal/journal';

let n = 0;
export function journalEntry(overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id: `req_${++n}`,
    at: '2025-01-01T00:00:00.000Z',
    method: 'POST',
    path: '/v1/responses',
    dialect: 'openai',
    testId: null,
    model: null,
    inputPreview: null,
    status: 200,
    answeredBy: 'synthesis',
    fixture: null,
    fault: null,
    responseId: null,
    unknownParams: null,
    durationMs: 1,
    firstByteMs: 1,
    request: { headers: {}, body: null },
    response: null,
    events: [],
    open: false,
    ...overrides,
  };
}
