/**
 * Generation.start(alreadyElapsedMs): a replica taking over a generation begun elsewhere starts it
 * that far in — the events already due go out at once, the rest wait for their time; past the end it
 * finishes at once. (Delays here are far apart, so nothing depends on how fast the test runs.)
 */
import { Generation } from '../../src/state/generation-playback';
import type { EventList } from '../../src/model/stream-events';
import type { ResponseRecord } from '../../src/model/response-record';

const HOUR = 3_600_000;

function generation(onStop: () => void = () => undefined): Generation {
  const record = { id: 'resp_1', status: 'queued', outcome: { status: 'completed' } } as unknown as ResponseRecord;
  const events = ['response.created', 'response.in_progress', 'response.output_text.delta', 'response.completed'].map((type, i) => ({ type, sequence_number: i }));
  // Due at 0, 0, 1 h and 2 h.
  return new Generation(record, { events, weights: [] } as unknown as EventList, [0, 0, HOUR, HOUR], onStop);
}

describe('Generation.start(alreadyElapsedMs)', () => {
  test('the events already due go out at once, the rest on schedule', () => {
    const g = generation();
    const seen: string[] = [];
    g.subscribe({ event: (e) => void seen.push(e.type), end: () => undefined });
    g.start(HOUR + HOUR / 2);
    expect(seen).toEqual(['response.created', 'response.in_progress', 'response.output_text.delta']);
    expect(g.state).toBe('running');
    expect(g.record.status).toBe('in_progress');
    g.abort();
  });

  test('past its end it finishes at once, with its final status', () => {
    const stopped: string[] = [];
    const g = generation(() => stopped.push('stopped'));
    const seen: string[] = [];
    g.subscribe({ event: (e) => void seen.push(e.type), end: () => void seen.push('end') });
    g.start(3 * HOUR);
    expect(seen).toEqual(['response.created', 'response.in_progress', 'response.output_text.delta', 'response.completed', 'end']);
    expect([g.state, g.record.status, stopped]).toEqual(['finished', 'completed', ['stopped']]);
  });

  test('started from its beginning (the default), only the events due at once go out', () => {
    const g = generation();
    const seen: string[] = [];
    g.subscribe({ event: (e) => void seen.push(e.type), end: () => undefined });
    g.start();
    expect(seen).toEqual(['response.created', 'response.in_progress']);
    g.abort();
  });
});
