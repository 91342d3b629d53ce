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
    const value = encodeResponse(second, []);
    expect(JSON.parse(value.split('\n')[0])).toEqual({ previous: 'resp_1', items: ['msg_in_resp_2', 'msg_out_resp_2'], status: 'completed' });
    const { record: decoded, previousId } = decodeResponse(value)!;
    expect(previousId).toBe('resp_1');
    const { previous: _previous, ...rest } = second;
    expect(decoded).toEqual(rest);
  });

  test('a chain (newest first) is rebuilt by reference; a record this process holds is kept as it is', () => {
    const first = record('resp_1', null);
    const second = record('resp_2', first);
    const third = record('resp_3', second);
    const values = [third, second, first].map((r) => encodeResponse(r, []));
    const rebuilt = rebuildChain(values, () => undefined)!;
    expect([rebuilt.id, rebuilt.previous?.id, rebuilt.previous?.previous?.id, rebuilt.previous?.previous?.previous]).toEqual(['resp_3', 'resp_2', 'resp_1', null]);
    const held = record('resp_2', first, 'in_progress');
    const withHeld = rebuildChain(values, (id) => (id === 'resp_2' ? held : undefined))!;
    expect(withHeld.previous).toBe(held);
    expect(rebuildChain([], () => undefined)).toBeNull();
    // A value that does not decode is missing: the chain ends before it.
    expect(rebuildChain(['garbage', ...values.slice(1)], () => undefined)).toBeNull();
    expect(rebuildChain([values[0], 'x\n{', values[2]], () => undefined)!.previous).toBeNull();
  });

  test('ids with newlines and commas, and tool credentials, do not break or leak through the value', () => {
    const odd = record('resp_1', null);
    odd.input[0].id = 'msg_a\nb,c';
    odd.request = { model: 'gpt-4.1', tools: [{ type: 'mcp', server_label: 's', authorization: 'sk-secret', headers: { 'X-Api-Key': 'sk-header' } }], metadata: { email: 'me@example.com' } } as unknown as ResponseRecord['request'];
    const value = encodeResponse(odd, ['metadata.email']);
    expect(value.split('\n')).toHaveLength(2);
    expect(JSON.parse(value.split('\n')[0]).items).toEqual(['msg_a\nb,c', 'msg_out_resp_1']);
    expect(decodeResponse(value)!.record.input[0].id).toBe('msg_a\nb,c');
    expect(value).not.toMatch(/sk-secret|sk-header|me@example/);
    // The record the process holds is not redacted (it answers its own requests as given).
    expect((odd.request as unknown as { tools: { authorization: string }[] }).tools[0].authorization).toBe('sk-secret');
  });

  test('a conversation: its fields apart, its items in the listed order (an id with no item is skipped)', () => {
    const conversation = { id: 'conv_1', created_at: 5, metadata: { a: 'b' }, items: [{ type: 'message', id: 'm1' }], thread: true };
    const meta = encodeConversationMeta(conversation);
    expect(JSON.parse(meta)).toEqual({ id: 'conv_1', created_at: 5, metadata: { a: 'b' }, thread: true });
    const items = { m1: JSON.stringify({ type: 'message', id: 'm1' }), m2: JSON.stringify({ type: 'message', id: 'm2' }) };
    expect(decodeConversation(meta, ['m2', 'gone', 'm1'], items)!.items.map((i) => i.id)).toEqual(['m2', 'm1']);
    expect(decodeConversation('{', [], {})).toBeNull();
  });
});
