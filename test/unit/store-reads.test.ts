/** What a request can read from the stores, from its route and raw body (a shared store loads exactly that first). */
import { storeReads } from '../../src/pipeline/store-reads';
import { redactUrl } from '../../src/redact';
import { NeedsReservation, Reservations } from '../../src/state/reservations';

describe('storeReads', () => {
  test('a response route reads its response; a conversation or thread route its conversation', () => {
    expect(storeReads('/responses/:id/input_items', { id: 'resp_1' }, undefined)).toEqual({ responses: ['resp_1'], conversations: [], items: [] });
    expect(storeReads('/conversations/:id/items/:item', { id: 'conv_1', item: 'msg_1' }, undefined)).toEqual({ responses: [], conversations: ['conv_1'], items: [] });
    expect(storeReads('/v1/threads/:id', { id: 'thread_1' }, undefined).conversations).toEqual(['thread_1']);
    expect(storeReads('/models/:model', { model: 'gpt-4.1' }, undefined)).toEqual({ responses: [], conversations: [], items: [] });
  });

  test('a body reads its previous response, its conversation (id or {id}), its thread and its item references', () => {
    const body = {
      previous_response_id: 'resp_prev',
      conversation: { id: 'conv_2' },
      thread: 'thread_3',
      input: [{ type: 'item_reference', id: 'msg_ref' }, { type: 'message', role: 'user', content: 'hi' }, 'not an item'],
    };
    expect(storeReads('/responses', {}, body)).toEqual({ responses: ['resp_prev'], conversations: ['conv_2', 'thread_3'], items: ['msg_ref'] });
    expect(storeReads('/conversations/:id/items', { id: 'conv_4' }, { items: [{ type: 'item_reference', id: 'fc_1' }] })).toEqual({ responses: [], conversations: ['conv_4'], items: ['fc_1'] });
    expect(storeReads('/responses', {}, [1, 2])).toEqual({ responses: [], conversations: [], items: [] });
  });
});

describe('redactUrl', () => {
  test('hides a password, or user info without one', () => {
    expect(redactUrl('redis://user:pw@host:6379/1')).toBe('redis://user:***@host:6379/1');
    expect(redactUrl('rediss://:pw@host:6380')).toBe('rediss://:***@host:6380');
    expect(redactUrl('redis://token@host')).toBe('redis://***@host');
    expect(redactUrl('redis://host:6379/0')).toBe('redis://host:6379/0');
    // A password with '@' or '/' in it (unencoded) never shows, however it parses.
    for (const url of ['redis://user:p@ss@host:6379/1', 'redis://user:12/secret@host', 'redis://:a/b@c@host', 'redis://user:pa/ss@host']) expect(redactUrl(url)).not.toMatch(/ss|secret|a\/b|p@/);
  });
});

describe('Reservations', () => {
  test("take asks for a number until the exchange has one; an exchange's numbers are its own", () => {
    const reservations = new Reservations();
    expect(() => reservations.take('occ:x')).toThrow(NeedsReservation);
    const first = new Map<string, number>();
    expect(() => reservations.during(first, () => reservations.take('occ:x'))).toThrow(NeedsReservation);
    first.set('occ:x', 7);
    // Another exchange (same content) running while the first waited does not get the first's number.
    expect(() => reservations.during(new Map(), () => reservations.take('occ:x'))).toThrow(NeedsReservation);
    expect(reservations.during(first, () => [reservations.take('occ:x'), reservations.take('occ:x')])).toEqual([7, 7]);
    // A second run of the same exchange gets the same number; outside an exchange there is none.
    expect(reservations.during(first, () => reservations.take('occ:x'))).toBe(7);
    expect(() => reservations.take('occ:x')).toThrow(NeedsReservation);
  });
});
