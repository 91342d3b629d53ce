/**
 * Real api.openai.com traffic (test/traffic/corpus: recordings that client libraries commit as test
 * fixtures, each with its repository, path and commit) replayed against the emulator: the answer
 * must have the structure of the recorded one — keys at every level, value types, id prefixes and
 * lengths, element kinds, event sequences, the fields of each event type, terminal events, status and
 * content-type. What differs on purpose is in allowed-differences.ts.
 */
import { createInProcessEmulator, type InProcessEmulator } from '../../src/index';
import { ALLOWED_DIFFERENCES } from './allowed-differences';
import { compareExchange, explainedByAge, placesOf } from './compare';
import { loadCorpus, replay, type Exchange } from './corpus';

const corpus = loadCorpus();
const places = new Map(corpus.map((e) => [e.name, placesOf(e)]));
const used = new Set<number>();

function newerThan(exchange: Exchange) {
  return corpus.filter((e) => e.recorded && exchange.recorded && e.recorded > exchange.recorded).map((e) => places.get(e.name)!);
}

describe('real traffic, replayed', () => {
  let emulator: InProcessEmulator;
  beforeAll(() => {
    emulator = createInProcessEmulator({ seed: 'traffic', modelSnapshots: true });
  });
  afterAll(() => emulator.close());

  test('the corpus is broad: 30+ exchanges, streams and JSON, errors, every kind of built-in tool', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    const kinds = new Set<string>();
    for (const e of corpus) {
      const r = e.response;
      if (r.status >= 400) kinds.add('http error');
      for (const ev of r.events ?? []) {
        kinds.add(ev.type === 'error' ? 'stream error' : 'stream');
        if (ev.item && typeof ev.item === 'object') kinds.add(String((ev.item as { type: string }).type));
      }
      for (const item of ((r.body as { output?: { type: string }[] } | undefined)?.output ?? [])) kinds.add(item.type);
      if ((r.body as { status?: string } | undefined)?.status === 'queued') kinds.add('background');
    }
    for (const kind of ['stream', 'stream error', 'http error', 'background', 'message', 'function_call', 'reasoning', 'web_search_call', 'file_search_call', 'code_interpreter_call', 'image_generation_call', 'mcp_list_tools', 'mcp_call']) {
      expect([kind, kinds.has(kind)]).toEqual([kind, true]);
    }
    for (const e of corpus) expect(e.source).toEqual({ repository: expect.stringMatching(/^[\w.-]+\/[\w.-]+$/), path: expect.any(String), commit: expect.stringMatching(/^[0-9a-f]{40}$/), ...('interaction' in e.source ? { interaction: expect.any(Number) } : {}) });
  });

  test.each(corpus.map((e) => [e.name, e] as const))('%s', async (_name, exchange) => {
    emulator.reset();
    const got = await replay(emulator.fetch as never, emulator.baseURL, exchange);
    const newer = newerThan(exchange);
    const unexplained = compareExchange(exchange, got).filter((diff) => {
      if (explainedByAge(diff, exchange, newer)) return false;
      const index = ALLOWED_DIFFERENCES.findIndex((a) => a.pattern.test(diff) && (!a.exchange || a.exchange.test(exchange.name)));
      if (index < 0) return true;
      used.add(index);
      return false;
    });
    expect(unexplained).toEqual([]);
  });

  test('MCP tool listings come first, as in real traffic', async () => {
    const firstKind = (r: { body?: unknown; events?: { type: string; output_index?: number; item?: { type: string } }[] }): string | undefined =>
      r.events ? r.events.find((e) => e.type === 'response.output_item.added' && e.output_index === 0)?.item?.type : (r.body as { output?: { type: string }[] }).output?.[0]?.type;
    const listingFirst = corpus.filter((e) => firstKind(e.response) === 'mcp_list_tools');
    expect(listingFirst.length).toBeGreaterThanOrEqual(3);
    for (const exchange of listingFirst) {
      emulator.reset();
      expect([exchange.name, firstKind(await replay(emulator.fetch as never, emulator.baseURL, exchange))]).toEqual([exchange.name, 'mcp_list_tools']);
    }
  });

  test('every allowed difference is still needed', () => {
    const unused = ALLOWED_DIFFERENCES.filter((a, i) => !used.has(i) && !a.pending).map((a) => `${a.pattern} (${a.reason})`);
    expect(unused).toEqual([]);
  });
});
