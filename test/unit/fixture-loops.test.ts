/**
 * Fixtures in agent loops (a fixture that calls tools leaves the turn carrying their outputs to
 * others) and fresh ids for fixture replies (recorded ids replaced consistently, times moved, pins
 * kept only with keepIds).
 */
import type { GenericItem } from '../../src/canonical/items';
import { parseCreateResponse } from '../../src/dialects/openai/parse-request';
import { FixtureSet, type MatchContext } from '../../src/fixtures/fixture-set';
import { freshenVerbatim, IdMap, pinnedIdWarnings, sameShape, withoutPinnedIds } from '../../src/fixtures/fresh-ids';
import { checkFixtures, unreachableFixtures } from '../../src/fixtures/load';
import { effectiveMatch, endsWithToolOutput, replyCallsTools, trailingToolOutputText } from '../../src/fixtures/tool-turns';
import type { LoadedFixture } from '../../src/fixtures/types';
import { Rng } from '../../src/random';
import { projectSchemas } from '../helpers/project-schemas';

function loaded(value: unknown): LoadedFixture[] {
  const r = checkFixtures(value, 'test.yaml', projectSchemas());
  if (r.errors.length > 0) throw new Error(r.errors.join('\n'));
  return r.fixtures;
}

function ctx(extra: Partial<MatchContext>): MatchContext {
  const request = parseCreateResponse(projectSchemas(), { model: 'gpt-4o', input: 'weather?' });
  return { request, input: 'weather?', turn: 1, endsWithToolOutput: false, headers: {}, dialect: 'openai', ...extra };
}

const item = (type: string, extra: Record<string, unknown> = {}): GenericItem => ({ type, ...extra }) as GenericItem;

describe('which replies call tools, which requests bring outputs back', () => {
  test('replies: shorthand calls, client-side call items, recorded responses and streams; hosted tools do not count', () => {
    expect(replyCallsTools({ toolCalls: [{ name: 'f' }] })).toBe(true);
    for (const type of ['function_call', 'custom_tool_call', 'shell_call', 'apply_patch_call', 'computer_call', 'local_shell_call', 'mcp_approval_request']) {
      expect(replyCallsTools({ output: [{ type }] })).toBe(true);
    }
    expect(replyCallsTools({ response: { id: 'resp_1', object: 'response', output: [{ type: 'function_call' }] } })).toBe(true);
    expect(replyCallsTools({ events: [{ event: { type: 'response.completed', response: { output: [{ type: 'shell_call' }] } } }] })).toBe(true);
    expect(replyCallsTools({ output: [{ type: 'web_search_call' }, { type: 'message' }] })).toBe(false);
    expect(replyCallsTools({ text: 'hi' })).toBe(false);
  });

  test('requests: any client tool output (or approval) last; the trailing outputs’ text', () => {
    for (const type of ['function_call_output', 'custom_tool_call_output', 'shell_call_output', 'apply_patch_call_output', 'computer_call_output', 'local_shell_call_output', 'mcp_approval_response']) {
      expect(endsWithToolOutput([item('message'), item(type)])).toBe(true);
    }
    expect(endsWithToolOutput([item('function_call_output'), item('message')])).toBe(false);
    expect(endsWithToolOutput([])).toBe(false);
    const input = [item('function_call_output', { output: 'early' }), item('message'), item('function_call_output', { output: '{"t":22}' }), item('custom_tool_call_output', { output: [{ type: 'input_text', text: 'patched' }] })];
    expect(trailingToolOutputText(input)).toBe('{"t":22}\npatched');
    expect(trailingToolOutputText([item('message')])).toBe('');
  });

  test('a fixture that calls tools implies endsWithToolOutput: false unless it names endsWithToolOutput or turn', () => {
    const [calls, says, turn, text] = loaded([
      { match: { input: 'weather?' }, reply: { toolCalls: [{ name: 'f' }] } },
      { match: { endsWithToolOutput: true }, reply: { toolCalls: [{ name: 'f' }] } },
      { match: { turn: 2 }, reply: { toolCalls: [{ name: 'f' }] } },
      { match: { input: 'weather?' }, reply: { text: 'x' } },
    ]);
    expect(effectiveMatch(calls)).toEqual({ input: 'weather?', endsWithToolOutput: false });
    expect(effectiveMatch(says)).toEqual({ endsWithToolOutput: true });
    expect(effectiveMatch(turn)).toEqual({ turn: 2 });
    expect(effectiveMatch(text)).toEqual({ input: 'weather?' });
  });
});

describe('matching the turn after a tool call', () => {
  const set = new FixtureSet();
  set.replace(
    loaded([
      { name: 'call', match: { input: 'weather?' }, reply: { toolCalls: [{ name: 'get_weather' }] } },
      { name: 'answer-22', match: { endsWithToolOutput: true, toolOutput: { contains: '22' } }, reply: { text: 'Warm.' } },
    ]),
  );

  test('the call fixture answers the question, not the output; the output turn goes to the fixture for it', () => {
    expect(set.match(ctx({}))?.label).toBe('call');
    expect(set.match(ctx({ endsWithToolOutput: true, toolOutput: '{"t":22}' }))?.label).toBe('answer-22');
    expect(set.match(ctx({ endsWithToolOutput: true, toolOutput: '{"t":5}' }))).toBeNull();
  });

  test('a miss explains the implied condition', () => {
    const nearest = set.nearest(ctx({ endsWithToolOutput: true, toolOutput: '' }));
    expect(nearest?.differences.join('; ')).toMatch(/endsWithToolOutput: expected false \(implied: its reply calls tools.*\), got true|toolOutput: expected/);
    const onlyCall = new FixtureSet();
    onlyCall.replace(loaded([{ name: 'call', match: { input: 'weather?' }, reply: { toolCalls: [{ name: 'get_weather' }] } }]));
    expect(onlyCall.nearest(ctx({ endsWithToolOutput: true }))?.differences).toEqual([
      'endsWithToolOutput: expected false (implied: its reply calls tools, so it does not answer their outputs; name endsWithToolOutput or turn to choose), got true',
    ]);
  });

  test('the call fixture does not shadow a later fixture for the output turn (as the weather example pairs them)', () => {
    const pair = loaded([
      { name: 'call', match: { input: 'weather?' }, reply: { toolCalls: [{ name: 'f' }] } },
      { name: 'answer', match: { input: 'weather?', endsWithToolOutput: true }, reply: { text: 'x' } },
    ]);
    expect(unreachableFixtures(pair)).toEqual([]);
  });
});

describe('fresh ids for fixture replies', () => {
  const recorded = {
    id: 'resp_0123456789abcdef',
    object: 'response',
    created_at: 1700000000,
    completed_at: 1700000002,
    previous_response_id: 'resp_recordedprevious',
    output: [
      { id: 'fc_aaaaaaaaaaaaaaaa', type: 'function_call', call_id: 'call_XyZ123abcDEF456ghiJKL78', name: 'f', arguments: '{}' },
      { id: 'rs_bbbbbbbbbbbbbbbb', type: 'reasoning', summary: [], refers_to: 'msg_fromturnone' },
    ],
  };
  const events = [
    { t: 0, event: { type: 'response.created', response: { ...recorded, status: 'in_progress', output: [] } } },
    { t: 5, event: { type: 'response.output_item.added', output_index: 0, item: recorded.output[0] } },
    { t: 6, event: { type: 'response.function_call_arguments.delta', item_id: 'fc_aaaaaaaaaaaaaaaa', delta: '{}' } },
    { t: 9, event: { type: 'response.completed', response: recorded } },
  ];
  const options = (ids: IdMap, seed = 1) => ({ responseId: 'resp_live', nowSec: 1800000000, previousResponseId: 'resp_liveprevious', conversation: null, rng: new Rng(seed), ids });

  test('every recorded id gets one fresh id of its shape, used consistently in the Response and every event', () => {
    const ids = new IdMap();
    ids.set('msg_fromturnone', 'msg_livefromturnone');
    const fresh = freshenVerbatim({ response: recorded, events }, options(ids));
    const response = fresh.response as typeof recorded;
    expect(response.id).toBe('resp_live');
    const [call, reasoning] = response.output;
    expect(call.id).toMatch(/^fc_[0-9a-f]{16}$/);
    expect(call.call_id).toMatch(/^call_[0-9A-Za-z]{23}$/);
    expect(call.call_id).not.toBe(recorded.output[0].call_id);
    expect(reasoning.id).toMatch(/^rs_[0-9a-f]{16}$/);
    // An id from an earlier replay names the live one; previous_response_id echoes this request.
    expect(reasoning.refers_to).toBe('msg_livefromturnone');
    expect(response.previous_response_id).toBe('resp_liveprevious');
    // Times move to now, keeping their spacing.
    expect([response.created_at, response.completed_at]).toEqual([1800000000, 1800000002]);
    const [created, added, delta, completed] = fresh.events!.map((e) => e.event as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(created.response.id).toBe('resp_live');
    expect(created.response.previous_response_id).toBe('resp_liveprevious');
    expect(added.item).toEqual(call);
    expect(delta.item_id).toBe(call.id);
    expect(completed.response).toEqual(response);
    expect(fresh.events!.map((e) => e.t)).toEqual([0, 5, 6, 9]);
    // Remembered, for later replies that refer to these.
    expect(ids.live('fc_aaaaaaaaaaaaaaaa')).toBe(call.id);
    expect(ids.live('resp_0123456789abcdef')).toBe('resp_live');
    // The recording itself is untouched.
    expect(recorded.output[0].id).toBe('fc_aaaaaaaaaaaaaaaa');
  });

  test('deterministic: the same seed gives the same ids, another seed others', () => {
    const a = JSON.stringify(freshenVerbatim({ response: recorded, events }, options(new IdMap(), 7)));
    expect(JSON.stringify(freshenVerbatim({ response: recorded, events }, options(new IdMap(), 7)))).toBe(a);
    expect(JSON.stringify(freshenVerbatim({ response: recorded, events }, options(new IdMap(), 8)))).not.toBe(a);
  });

  test('same shape: prefix, length and alphabet; short bodies get at least 8 characters', () => {
    const rng = new Rng(3);
    expect(sameShape('msg_0a1b2c3d4e5f60718293a4b5c6d7e8f9', rng)).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(sameShape('call_AbC', rng)).toMatch(/^call_[0-9A-Za-z]{8}$/);
  });

  test('the id map is bounded', () => {
    const ids = new IdMap(2);
    ids.set('a', '1');
    ids.set('b', '2');
    ids.set('c', '3');
    expect([ids.live('a'), ids.live('b'), ids.live('c')]).toEqual([undefined, '2', '3']);
  });

  test('hand-written pins are dropped without keepIds, and loading says so', () => {
    expect(
      withoutPinnedIds({ id: 'resp_x', createdAt: 1, output: [{ id: 'msg_x', type: 'message' }, { type: 'function_call', call_id: 'call_x', name: 'f' }], toolCalls: [{ name: 'g', call_id: 'call_y' }] }),
    ).toEqual({ output: [{ type: 'message' }, { type: 'function_call', name: 'f' }], toolCalls: [{ name: 'g' }] });
    const fixtures = loaded([
      { name: 'pinned', match: { input: 'a' }, reply: { id: 'resp_doc', text: 'x' } },
      { name: 'kept', keepIds: true, match: { input: 'b' }, reply: { id: 'resp_doc', createdAt: 1, text: 'x' } },
      { name: 'timed', match: { input: 'c' }, reply: { createdAt: 1, text: 'x' } },
    ]);
    expect(pinnedIdWarnings(fixtures)).toEqual([
      "pinned: reply.id is ignored without keepIds: true (each answer gets a fresh id and the emulator's clock)",
      "timed: reply.createdAt is ignored without keepIds: true (each answer gets a fresh id and the emulator's clock)",
    ]);
  });
});
