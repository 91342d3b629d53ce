/** Stored responses and conversations as Redis strings: the chain held by id and rebuilt by reference. */
import { decodeConversation, decodeResponse, encodeConversationMeta, encodeResponse, rebuildChain } from '../../src/state/redis/codec';
import type { ResponseRecord } from '../../src/model/response-record';

function record(id: string, previous: ResponseRecord | null, status: ResponseRecord['status'] = 'completed'): ResponseRecord {
  return {
    id,
    created_at: 1,
    status,
    request: { model: 'gpt-4.1' } as ResponseRecord['request'],
    input: [{ type: 'message', id: `msg_in_${id}`, role: 'user', content: 'hi' }],
    plan: { items: [{ type: 'message', id: `msg_out_${id}` }] } as unknown as ResponseRecord['plan'],
    outcome: { status: 'completed', output: [], error: null, incomplete_reason: null, usage: { input_tokens: 1, cached_tokens: 0, output_tokens: 1, reasoning_tokens: 0 }, completed_at: 2 },
    interruption: null,
    stream_seed: 3,
    verbatim: null,
    answeredBy: { kind: 'synthesis' },
    previous,
  };
}

describe('the Redis codec', () => {
  test('a response keeps its previous response by id, and its item ids and its status in the header the scripts read', () => {
    const first = record('resp_1', null);
    const second = record('resp_2', first);
    const value = encodeResponse(second);
    expect(value.split('\n').slice(0, 3)).toEqual(['resp_1', 'msg_in_resp_2,msg_out_resp_2', 'completed']);
    const { record: decoded, previousId } = decodeResponse(value);
    expect(previousId).toBe('resp_1');
    const { previous: _previous, ...rest } = second;
    expect(decoded).toEqual(rest);
  });

  test('a chain (newest first) is rebuilt by reference; a record this process holds is kept as it is', () => {
    const first = record('resp_1', null);
    const second = record('resp_2', first);
    const third = record('resp_3', second);
    const values = [third, second, first].map(encodeResponse);
    const rebuilt = rebuildChain(values, () => undefined)!;
    expect([rebuilt.id, rebuilt.previous?.id, rebuilt.previous?.previous?.id, rebuilt.previous?.previous?.previous]).toEqual(['resp_3', 'resp_2', 'resp_1', null]);
    const held = record('resp_2', first, 'in_progress');
    const withHeld = rebuildChain(values, (id) => (id === 'resp_2' ? held : undefined))!;
    expect(withHeld.previous).toBe(held);
    expect(rebuildChain([], () => undefined)).toBeNull();
  });

  test('a conversation: its fields apart, its items in the listed order (an id with no item is skipped)', () => {
    const conversation = { id: 'conv_1', created_at: 5, metadata: { a: 'b' }, items: [{ type: 'message', id: 'm1' }], thread: true };
    const meta = encodeConversationMeta(conversation);
    expect(JSON.parse(meta)).toEqual({ id: 'conv_1', created_at: 5, metadata: { a: 'b' }, thread: true });
    const items = { m1: JSON.stringify({ type: 'message', id: 'm1' }), m2: JSON.stringify({ type: 'message', id: 'm2' }) };
    expect(decodeConversation(meta, ['m2', 'gone', 'm1'], items).items.map((i) => i.id)).toEqual(['m2', 'm1']);
  });
});
