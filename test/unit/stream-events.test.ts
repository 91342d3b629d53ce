// Tools are echoed as the server echoes them (the engine's kinds hand their echoes to render when they load).
import '../../src/engine/tools/kinds';
import { plannedEvents, eventsFor, type StreamEvent } from '../../src/render/events';
import { interruptRecord } from '../../src/render/partial-outcome';
import { renderResponse } from '../../src/render/response';
import { chunkText } from '../../src/render/chunking';
import { tokenizerFor } from '../../src/tokenizer';
import { Rng } from '../../src/random';
import { hasOracle, oracleErrors } from '../helpers/oracle';
import { EVERY_ITEM_KIND, recordWithItems } from '../helpers/records';
import { checkStream } from '../helpers/stream-checker';

const OPTIONS = { obfuscation: true, chunkTokens: 3 };

function expectOracleValid(events: StreamEvent[]): void {
  if (!hasOracle) return;
  for (const e of events) expect([e.type, oracleErrors('ResponseStreamEvent', e)]).toEqual([e.type, []]);
}

describe('chunking on token boundaries', () => {
  const o200k = tokenizerFor('o200k_base');
  test('deltas carry 1…n tokens and always concatenate to the text, emoji and all', () => {
    const texts = ['Hello, world!', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧑‍🚀👩🏽‍💻 ꧁꧂ 𓀀', 'naïve café — 日本語のテキスト', 'x'.repeat(500), ''];
    for (const text of texts) {
      for (let seed = 0; seed < 30; seed++) {
        const chunks = chunkText(o200k, text, new Rng(seed), 4);
        expect(chunks.map((c) => c.text).join('')).toBe(text);
        for (const c of chunks) {
          expect(c.text).not.toContain('\uFFFD');
          expect(c.tokens).toBeGreaterThanOrEqual(1);
        }
        expect(chunks.reduce((n, c) => n + c.tokens, 0)).toBe(o200k.count(text));
      }
    }
    const sizes = chunkText(o200k, 'word '.repeat(300), new Rng(1), 3).map((c) => c.tokens);
    expect(new Set(sizes)).toEqual(new Set([1, 2, 3]));
  });
});

describe('stream events for every output kind', () => {
  test('a message: the canonical order of §5.3(a)', () => {
    const record = recordWithItems([EVERY_ITEM_KIND[4]]);
    const types = plannedEvents(record, OPTIONS).events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    expect(types.filter((t) => t === 'response.output_text.annotation.added')).toHaveLength(2);
    expect(new Set(types.slice(4, -4))).toEqual(new Set(['response.output_text.delta', 'response.output_text.annotation.added']));
  });

  test.each(EVERY_ITEM_KIND.map((item) => [item.type + ':' + String(item.id), item]))('%s: valid, ordered, accumulates to the final response', (_label, item) => {
    const record = recordWithItems([item], { tools: [{ type: 'image_generation', partial_images: 2 }] });
    const { events } = plannedEvents(record, OPTIONS);
    expectOracleValid(events);
    const final = checkStream(events);
    // Stream events carry the Response as GET returns it, without `billing` (which real traffic puts only in JSON bodies).
    const { billing, ...asStreamed } = renderResponse(record);
    expect(billing).toEqual({ payer: 'developer' });
    expect(renderResponse(record, record.status, 'event')).toEqual(asStreamed);
    expect(final).toEqual(asStreamed);
    expect(events[events.length - 1].response).toEqual(asStreamed);
  });

  test('every kind together in one response, sequence numbers contiguous', () => {
    const record = recordWithItems(EVERY_ITEM_KIND, { tools: [{ type: 'image_generation', partial_images: 3 }] });
    const { events } = plannedEvents(record, OPTIONS);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expectOracleValid(events);
    expect(checkStream(events)).toEqual(renderResponse(record, record.status, 'event'));
    const lifecycle = (kind: string) => events.filter((e) => e.type.startsWith(`response.${kind}.`)).map((e) => e.type.split('.').pop());
    expect(lifecycle('web_search_call')).toEqual(['in_progress', 'searching', 'completed']);
    expect(lifecycle('file_search_call')).toEqual(['in_progress', 'searching', 'completed']);
    expect(lifecycle('code_interpreter_call')).toEqual(['in_progress', 'interpreting', 'completed']);
    expect(lifecycle('image_generation_call')).toEqual(['in_progress', 'generating', 'partial_image', 'partial_image', 'partial_image', 'completed']);
    expect(lifecycle('mcp_list_tools')).toEqual(['in_progress', 'completed']);
    expect(lifecycle('mcp_call')).toEqual(['in_progress', 'completed']);
  });

  test('obfuscation pads deltas to a multiple of 16 characters, and can be turned off', () => {
    const record = recordWithItems([EVERY_ITEM_KIND[4], EVERY_ITEM_KIND[6]]);
    const deltas = plannedEvents(record, OPTIONS).events.filter((e) => e.type.endsWith('.delta'));
    for (const d of deltas) expect((String(d.delta).length + String(d.obfuscation).length) % 16).toBe(0);
    const plain = plannedEvents(record, { ...OPTIONS, obfuscation: false }).events.filter((e) => e.type.endsWith('.delta'));
    expect(plain.every((d) => !('obfuscation' in d))).toBe(true);
    expect(plain.map((d) => d.delta)).toEqual(deltas.map((d) => d.delta));
  });

  test('rendering is deterministic: the same record gives the same events', () => {
    const a = plannedEvents(recordWithItems(EVERY_ITEM_KIND), OPTIONS);
    const b = plannedEvents(recordWithItems(EVERY_ITEM_KIND), OPTIONS);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  test('an incomplete response ends with response.incomplete', () => {
    const item = { ...EVERY_ITEM_KIND[4], status: 'incomplete' };
    const record = recordWithItems([item], {}, { status: 'incomplete', incomplete_reason: 'max_output_tokens' });
    const { events } = plannedEvents(record, OPTIONS);
    expectOracleValid(events);
    expect(events[events.length - 1]).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
    expect(checkStream(events)).toEqual(renderResponse(record, record.status, 'event'));
  });
});

describe('streams cut short', () => {
  test.each([
    ['error', 'response.failed'],
    ['failed', 'response.failed'],
    ['cut', 'response.output_text.delta'],
  ] as const)('%s after 6 events: the last event is %s and the outcome is failed with the partial output', (kind, last) => {
    const record = recordWithItems([EVERY_ITEM_KIND[4]]);
    interruptRecord(record, { kind, after: 6 }, OPTIONS);
    const { events } = eventsFor(record, OPTIONS);
    expectOracleValid(events);
    expect(events[events.length - 1].type).toBe(last);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(record.outcome.status).toBe('failed');
    expect(record.outcome.error).toMatchObject({ code: 'server_error' });
    const partial = record.outcome.output[0] as unknown as { status: string; content: { text: string }[] };
    expect(partial.status).toBe('incomplete');
    const streamed = events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('');
    expect(partial.content[0].text).toBe(streamed);
    // As the live API: the error nested in the `error` event, then response.failed carrying it.
    if (kind === 'error') {
      expect(events[6]).toEqual({ type: 'error', sequence_number: 6, error: { type: 'server_error', code: 'server_error', message: expect.any(String), param: null } });
      expect(events[7]).toEqual({ type: 'response.failed', sequence_number: 7, response: renderResponse(record, 'failed', 'event') });
      expect(events[7].response).toMatchObject({ status: 'failed', error: { code: 'server_error', message: (events[6].error as { message: string }).message }, service_tier: 'auto', usage: expect.any(Object) });
    }
    if (kind === 'failed') expect(events[6].response).toEqual(renderResponse(record, record.outcome.status, 'event'));
  });

  test('a cancellation keeps exactly what was sent and never the terminal event', () => {
    const record = recordWithItems([EVERY_ITEM_KIND[4]]);
    const total = plannedEvents(record, OPTIONS).events.length;
    interruptRecord(record, { kind: 'cancelled', after: 10_000 }, OPTIONS);
    expect(record.interruption!.after).toBe(total - 1);
    expect(record.outcome).toMatchObject({ status: 'cancelled', error: null });
    expect(record.outcome.output[0]).toMatchObject({ status: 'completed' });
  });
});
