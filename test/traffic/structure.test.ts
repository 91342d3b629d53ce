/** The structural comparison itself: what it reports, and what it must not. */
import type { Exchange } from './corpus';
import { compareExchange, explainedByAge, placesOf } from './compare';
import { collapsedTypes, diffShapes, diffStreams, outline, shapeOf, type StreamEvent } from './structure';

const ev = (type: string, extra: Record<string, unknown> = {}): StreamEvent => ({ type, ...extra });

describe('shapes', () => {
  test('same structure, different text and numbers: no difference', () => {
    expect(diffShapes(shapeOf({ a: 'x', n: 1, list: [{ type: 'k', v: true }] }), shapeOf({ a: 'yy', n: 2.5, list: [{ type: 'k', v: false }, { type: 'k', v: true }] }), 'body')).toEqual([]);
  });

  test('missing and extra keys, types, element kinds and id formats are reported at their path', () => {
    const real = shapeOf({ id: 'resp_' + 'a'.repeat(50), user: null, usage: null, output: [{ type: 'message', phase: 'final_answer' }, { type: 'reasoning' }] });
    const mine = shapeOf({ id: 'resp_' + 'a'.repeat(48), usage: { n: 1 }, extra: 1, output: [{ type: 'message' }, { type: 'function_call' }] });
    expect(diffShapes(real, mine, 'body').sort()).toEqual(
      [
        'body.id: id resp_/50 in real traffic, resp_/48 in emulator',
        'body.user: missing in emulator',
        'body.usage: type null in real traffic, object in emulator',
        'body.usage.n: not in real traffic',
        'body.extra: not in real traffic',
        'body.output[message].phase: missing in emulator',
        'body.output[reasoning]: missing in emulator',
        'body.output[function_call]: not in real traffic',
      ].sort(),
    );
  });
});

describe('event sequences', () => {
  test('runs of one type, or of one group of types, collapse to one', () => {
    const types = ['a', 'd', 'd', 'd', 'x', 'y', 'x', 'y', 'x', 'y', 'z'];
    expect(collapsedTypes(types.map((t) => ev(t)))).toEqual(['a', 'd', 'x', 'y', 'z']);
  });

  test('a stream is cut into prelude, items by kind and epilogue; annotations do not count for order', () => {
    const stream = [
      ev('response.created'),
      ev('response.output_item.added', { output_index: 0, item: { type: 'message' } }),
      ev('response.output_text.delta', { output_index: 0 }),
      ev('response.output_text.annotation.added', { output_index: 0 }),
      ev('response.output_text.delta', { output_index: 0 }),
      ev('response.output_item.done', { output_index: 0, item: { type: 'message' } }),
      ev('response.completed'),
    ];
    const o = outline(stream);
    expect(o.prelude).toEqual(['response.created']);
    expect([...o.items.get('message')!]).toEqual(['response.output_item.added → response.output_text.delta → response.output_item.done']);
    expect(o.epilogue).toEqual(['response.completed']);
  });

  test('a missing terminal event, a reordered item and a changed event field are reported', () => {
    const real = [
      ev('response.created'),
      ev('response.output_item.added', { output_index: 0, item: { type: 'mcp_call' } }),
      ev('response.mcp_call.in_progress', { output_index: 0 }),
      ev('response.mcp_call_arguments.delta', { output_index: 0 }),
      ev('response.output_item.done', { output_index: 0, item: { type: 'mcp_call' } }),
      ev('error', { error: { code: 'x' } }),
      ev('response.failed'),
    ];
    const mine = [
      ev('response.created'),
      ev('response.output_item.added', { output_index: 0, item: { type: 'mcp_call' } }),
      ev('response.mcp_call_arguments.delta', { output_index: 0 }),
      ev('response.mcp_call.in_progress', { output_index: 0 }),
      ev('response.output_item.done', { output_index: 0, item: { type: 'mcp_call' } }),
      ev('error', { code: 'x' }),
    ];
    const diffs = diffStreams(real, mine);
    expect(diffs).toContain('events after the last item: error → response.failed in real traffic, error in emulator');
    expect(diffs.some((d) => d.startsWith('item mcp_call events:'))).toBe(true);
    expect(diffs).toContain('event error.error: missing in emulator');
    expect(diffs).toContain('event error.code: not in real traffic');
  });
});

describe('exchanges', () => {
  const exchange = (recorded: string, body: unknown): Exchange => ({
    name: recorded,
    source: { repository: 'o/r', path: 'p', commit: '0'.repeat(40) },
    recorded,
    request: { method: 'POST', path: '/v1/responses', body: {} },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body },
  });
  const answer = (body: unknown, contentType = 'application/json') => ({ status: 200, headers: new Headers({ 'content-type': contentType }), body });

  test('status, content-type and exact values (model, status, service tier) are compared', () => {
    const real = exchange('2026-01-01', { object: 'response', model: 'gpt-4o-2024-08-06' });
    expect(compareExchange(real, answer({ object: 'response', model: 'gpt-4o' }, 'application/json; charset=utf-8'))).toEqual([
      'header content-type: application/json in real traffic, application/json; charset=utf-8 in emulator',
      'body.model: value "gpt-4o-2024-08-06" in real traffic, "gpt-4o" in emulator',
    ]);
  });

  test('a field an older recording lacks is explained by a newer recording that has it, not by an older one', () => {
    const old = exchange('2025-09-01', { id: 'resp_' + 'a'.repeat(48), output: [] });
    const recent = exchange('2026-07-01', { id: 'resp_' + 'a'.repeat(50), billing: { payer: 'developer' }, output: [] });
    const diffs = compareExchange(old, answer({ id: 'resp_' + 'b'.repeat(50), billing: { payer: 'developer' }, output: [{ type: 'reasoning' }] }));
    expect(diffs).toEqual(['body.id: id resp_/48 in real traffic, resp_/50 in emulator', 'body.output[reasoning]: not in real traffic', 'body.billing: not in real traffic']);
    const newer = [placesOf(recent)];
    expect(diffs.map((d) => explainedByAge(d, old, newer))).toEqual([true, false, true]);
    // Nothing newer: nothing is explained.
    expect(diffs.map((d) => explainedByAge(d, recent, []))).toEqual([false, false, false]);
  });
});
