/** A fixture pins what it names; the rest of what the request asks for is filled in as synthesis would. */
import type { GenericItem } from '../../src/canonical/items';
import { parseCreateResponse } from '../../src/dialects/openai/parse-request';
import { planResponse } from '../../src/engine/planner';
import { tokenizerFor } from '../../src/tokenizer';
import { planFromReply, replyFromResponse } from '../../src/fixtures/reply-plan';
import type { FixtureReply } from '../../src/fixtures/types';
import { IdFactory } from '../../src/ids';
import { Rng } from '../../src/random';
import { projectSchemas } from '../helpers/project-schemas';

const o200k = tokenizerFor('o200k_base');
type Part = { type: string; text: string; annotations: Record<string, unknown>[]; logprobs: { token: string; top_logprobs: unknown[] }[] };

function parse(body: Record<string, unknown>) {
  return parseCreateResponse(projectSchemas(), { model: 'gpt-4o', ...body });
}

function fromFixture(reply: FixtureReply, body: Record<string, unknown>, seed = 7, recorded = false) {
  const request = parse(body);
  return planFromReply(reply, { request, context: request.input, ids: new IdFactory(new Rng(99)), rng: new Rng(seed), recorded });
}

function synthesised(body: Record<string, unknown>, seed = 7) {
  const request = parse(body);
  return planResponse({ request, history: [], input: request.input, rng: new Rng(seed), ids: new IdFactory(new Rng(99)) });
}

const types = (items: readonly GenericItem[]) => items.map((i) => i.type);
const item = (items: readonly GenericItem[], type: string) => items.find((i) => i.type === type) as Record<string, unknown>;
const textPart = (items: readonly GenericItem[]) => (item(items, 'message').content as Part[])[0];

const WOODCHUCK = { input: 'How much wood would a woodchuck chuck?' };

describe('reasoning', () => {
  test('a reasoning model asked for a summary gets the reasoning item synthesis gives, summary and all', () => {
    const body = { ...WOODCHUCK, model: 'o3-mini', reasoning: { effort: 'high', summary: 'auto' } };
    const plan = fromFixture({ text: 'The classic tongue twister...', usage: { input_tokens: 81, output_tokens: 1035, reasoning_tokens: 832 } }, body);
    expect(types(plan.items)).toEqual(['reasoning', 'message']);
    const summary = item(plan.items, 'reasoning').summary as { text: string }[];
    expect(summary.length).toBeGreaterThan(0);
    expect(summary).toEqual(item(synthesised(body).items, 'reasoning').summary);
    expect(textPart(plan.items).text).toBe('The classic tongue twister...');
    expect(plan.usage).toMatchObject({ output_tokens: 1035, reasoning_tokens: 832 });
  });

  test('without a summary asked for, the item is there with an empty summary (as real traffic has it)', () => {
    const plan = fromFixture({ text: 'Yes.', reasoning: 'I thought about it.' }, { ...WOODCHUCK, model: 'o3-mini' });
    expect(item(plan.items, 'reasoning').summary).toEqual([]);
    const asked = fromFixture({ text: 'Yes.', reasoning: 'I thought about it.' }, { ...WOODCHUCK, model: 'o3-mini', reasoning: { summary: 'detailed' } });
    expect(item(asked.items, 'reasoning').summary).toEqual([{ type: 'summary_text', text: 'I thought about it.' }]);
    const bare = fromFixture({ text: 'Yes.' }, { ...WOODCHUCK, model: 'o3-mini' });
    expect(types(bare.items)).toEqual(['reasoning', 'message']);
    expect(item(bare.items, 'reasoning').summary).toEqual([]);
  });

  test('hidden tokens: drawn as synthesis draws them, or what pinned output tokens leave for them', () => {
    const body = { ...WOODCHUCK, model: 'o3-mini' };
    const drawn = fromFixture({ text: 'Yes.' }, body);
    expect(drawn.usage.reasoning_tokens).toBe(synthesised(body).usage.reasoning_tokens);
    expect(drawn.usage.output_tokens).toBe(drawn.usage.reasoning_tokens + o200k.count('Yes.'));
    const pinned = fromFixture({ text: 'Yes.', usage: { output_tokens: 50 } }, body);
    expect(pinned.usage).toMatchObject({ output_tokens: 50, reasoning_tokens: 50 - o200k.count('Yes.') });
  });

  test('no reasoning item where synthesis gives none, or where the fixture pins reasoning_tokens: 0', () => {
    expect(types(fromFixture({ text: 'Yes.' }, WOODCHUCK).items)).toEqual(['message']);
    expect(types(fromFixture({ text: 'Yes.' }, { ...WOODCHUCK, model: 'gpt-5.4' }).items)).toEqual(['message']);
    expect(types(fromFixture({ text: 'Yes.', usage: { reasoning_tokens: 0 } }, { ...WOODCHUCK, model: 'o3-mini' }).items)).toEqual(['message']);
    const written = fromFixture({ output: [{ type: 'reasoning', summary: [] }], text: 'Yes.' }, { ...WOODCHUCK, model: 'o3-mini' });
    expect(types(written.items)).toEqual(['reasoning', 'message']);
  });

  test('include reasoning.encrypted_content: every reasoning item carries a blob', () => {
    const include = ['reasoning.encrypted_content'];
    const filled = fromFixture({ text: 'Yes.' }, { ...WOODCHUCK, model: 'o3-mini', include });
    expect(item(filled.items, 'reasoning').encrypted_content).toMatch(/^gAAAAA[\w-]{100,}$/);
    const shorthand = fromFixture({ text: 'Yes.', reasoning: 'Short.' }, { ...WOODCHUCK, include });
    expect(item(shorthand.items, 'reasoning').encrypted_content).toMatch(/^gAAAAA/);
    const written = fromFixture({ output: [{ type: 'reasoning', summary: [] }], text: 'Yes.' }, { ...WOODCHUCK, include });
    expect(item(written.items, 'reasoning').encrypted_content).toMatch(/^gAAAAA/);
    const kept = fromFixture({ output: [{ type: 'reasoning', summary: [], encrypted_content: 'gAAAAAmine' }], text: 'Yes.' }, { ...WOODCHUCK, include });
    expect(item(kept.items, 'reasoning').encrypted_content).toBe('gAAAAAmine');
    expect(item(fromFixture({ text: 'Yes.', reasoning: 'Short.' }, WOODCHUCK).items, 'reasoning')).not.toHaveProperty('encrypted_content');
  });
});

describe('web search', () => {
  const body = { input: 'What was a positive news story from today?', tools: [{ type: 'web_search_preview' }] };

  test('a text without links gets the search call and url_citations over appended links', () => {
    const text = 'A town planted a million trees.';
    const plan = fromFixture({ text }, body);
    expect(types(plan.items)).toEqual(['web_search_call', 'message']);
    expect(item(plan.items, 'web_search_call')).toEqual(item(synthesised(body).items, 'web_search_call'));
    const part = textPart(plan.items);
    expect(part.text.startsWith(`${text} (`)).toBe(true);
    expect(part.annotations.length).toBeGreaterThanOrEqual(2);
    for (const a of part.annotations) {
      expect(a.type).toBe('url_citation');
      expect(part.text.slice(Number(a.start_index), Number(a.end_index))).toMatch(new RegExp(`^\\[[^\\]]+\\]\\(${String(a.url).replace(/[.?+]/g, '\\$&')}\\)$`));
    }
  });

  test('the sources are the ones synthesis finds for the same request', () => {
    const plan = fromFixture({ text: 'Good news.' }, { ...body, include: ['web_search_call.action.sources'] });
    const synth = synthesised({ ...body, include: ['web_search_call.action.sources'] });
    const urls = (items: readonly GenericItem[]) => ((item(items, 'web_search_call').action as { sources: { url: string }[] }).sources ?? []).map((s) => s.url);
    expect(urls(plan.items)).toEqual(urls(synth.items));
    expect(textPart(plan.items).annotations.map((a) => a.url)).toEqual(urls(synth.items));
  });

  test('links the text has become its citations; the text is not changed', () => {
    const text = 'Trees were planted ([news.example.com](https://news.example.com/trees)) and bees came back ([bees.example.org](https://bees.example.org/)).';
    const part = textPart(fromFixture({ text }, body).items);
    expect(part.text).toBe(text);
    expect(part.annotations).toEqual([
      { type: 'url_citation', url: 'https://news.example.com/trees', title: 'news.example.com', start_index: 20, end_index: 70 },
      { type: 'url_citation', url: 'https://bees.example.org/', title: 'bees.example.org', start_index: text.indexOf('[bees'), end_index: text.indexOf('/)') + 2 },
    ]);
  });

  test("the fixture's own search call is kept and its sources are cited (and listed when asked)", () => {
    const call = { type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'q', sources: [{ type: 'url', url: 'https://www.mine.example/a' }] } };
    const plan = fromFixture({ output: [call], text: 'Done.' }, body);
    expect(types(plan.items)).toEqual(['web_search_call', 'message']);
    expect(textPart(plan.items)).toMatchObject({ text: 'Done. ([mine.example](https://www.mine.example/a))', annotations: [{ url: 'https://www.mine.example/a', start_index: 7, end_index: 49 }] });
    const bare = fromFixture({ output: [{ ...call, action: { type: 'search', query: 'q' } }], text: 'Done.' }, { ...body, include: ['web_search_call.action.sources'] });
    expect((item(bare.items, 'web_search_call').action as { sources: unknown[] }).sources.length).toBeGreaterThan(0);
  });

  test('pinned annotations, tool_choice "none" or no search tool: nothing is added', () => {
    expect(types(fromFixture({ text: 'Hi.', annotations: [] }, body).items)).toEqual(['message']);
    expect(textPart(fromFixture({ text: 'Hi.', annotations: [] }, body).items)).toMatchObject({ text: 'Hi.', annotations: [] });
    expect(textPart(fromFixture({ text: 'Hi.' }, { ...body, tool_choice: 'none' }).items)).toMatchObject({ text: 'Hi.', annotations: [] });
    expect(textPart(fromFixture({ text: 'Hi.' }, { input: 'x' }).items)).toMatchObject({ text: 'Hi.', annotations: [] });
  });

  test('citations cut off by max_output_tokens are dropped', () => {
    const text = 'word '.repeat(30).trim();
    const plan = fromFixture({ text }, { ...body, max_output_tokens: 34 });
    const part = textPart(plan.items);
    expect(plan.status).toBe('incomplete');
    expect(part.annotations.length).toBeLessThan(textPart(fromFixture({ text }, body).items).annotations.length);
    for (const a of part.annotations) expect(Number(a.end_index)).toBeLessThanOrEqual(part.text.length);
  });
});

describe('file search', () => {
  const body = { input: 'What are the attributes of an ancient brown dragon?', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] };

  test('the search call and file citations at the end of the text, results when asked', () => {
    const text = 'They are large and brown.';
    const plan = fromFixture({ text }, { ...body, include: ['file_search_call.results'] });
    expect(types(plan.items)).toEqual(['file_search_call', 'message']);
    const results = item(plan.items, 'file_search_call').results as { file_id: string; vector_store_id: string }[];
    expect(results.length).toBeGreaterThan(0);
    expect(results[0].vector_store_id).toBe('vs_1');
    const part = textPart(plan.items);
    expect(part.text).toBe(text);
    expect(part.annotations).toEqual(results.map((r) => expect.objectContaining({ type: 'file_citation', file_id: r.file_id, index: text.length })));
  });

  test("a fixture's call with results: null is completed when results are asked for", () => {
    const output = [{ type: 'file_search_call', status: 'completed', queries: ['q'], results: null }];
    const plan = fromFixture({ output, text: 'Brown.' }, { ...body, include: ['file_search_call.results'] });
    expect(types(plan.items)).toEqual(['file_search_call', 'message']);
    expect(Array.isArray(item(plan.items, 'file_search_call').results)).toBe(true);
    expect(item(fromFixture({ output, text: 'Brown.' }, body).items, 'file_search_call').results).toBeNull();
  });
});

describe('logprobs, phase, recordings', () => {
  test('include message.output_text.logprobs: one entry per token of the text, top_logprobs as asked', () => {
    const text = 'The classic tongue twister has no answer.';
    const part = textPart(fromFixture({ text }, { input: 'x', include: ['message.output_text.logprobs'], top_logprobs: 3 }).items);
    expect(part.logprobs.map((l) => l.token).join('')).toBe(text);
    for (const l of part.logprobs) expect(l.top_logprobs).toHaveLength(3);
    const written = fromFixture({ output: [{ type: 'message', content: [{ type: 'output_text', text: 'Hi there.' }] }] }, { input: 'x', include: ['message.output_text.logprobs'] });
    expect(textPart(written.items).logprobs.map((l) => l.token).join('')).toBe('Hi there.');
    expect(textPart(fromFixture({ text }, { input: 'x' }).items).logprobs).toEqual([]);
  });

  test('models that label messages get phase: final_answer on the answer', () => {
    expect(item(fromFixture({ text: 'Hi.' }, { input: 'x', model: 'gpt-5.5', reasoning: { effort: 'none' } }).items, 'message').phase).toBe('final_answer');
    expect(item(fromFixture({ text: 'Hi.' }, { input: 'x' }).items, 'message')).not.toHaveProperty('phase');
  });

  test('a recorded response is the real answer: re-rendered, never filled in', () => {
    const recorded = { id: 'resp_1', status: 'completed', output: [{ id: 'msg_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Hi.' }] }], usage: { input_tokens: 3, output_tokens: 2 } };
    const plan = fromFixture(replyFromResponse(recorded), { ...WOODCHUCK, model: 'o3-mini', tools: [{ type: 'web_search_preview' }], include: ['message.output_text.logprobs'], reasoning: { summary: 'auto' } }, 7, true);
    expect(plan.items).toEqual(recorded.output);
  });

  test("include code_interpreter_call.outputs: a fixture's call that names none gets []", () => {
    const output = [{ type: 'code_interpreter_call', status: 'completed', code: 'print(1)', container_id: 'cntr_1' }];
    expect(item(fromFixture({ output, text: '1' }, { input: 'x', include: ['code_interpreter_call.outputs'] }).items, 'code_interpreter_call').outputs).toEqual([]);
    expect(item(fromFixture({ output, text: '1' }, { input: 'x' }).items, 'code_interpreter_call')).not.toHaveProperty('outputs');
  });

  test('a reply that only names a fault has nothing filled in', () => {
    expect(fromFixture({ fault: 'slow' }, { ...WOODCHUCK, model: 'o3-mini', reasoning: { summary: 'auto' } }).items).toEqual([]);
  });

  test('the same request and seed fill in the same values', () => {
    const body = { ...WOODCHUCK, model: 'o3-mini', tools: [{ type: 'web_search_preview' }], reasoning: { summary: 'auto' }, include: ['reasoning.encrypted_content'] };
    expect(fromFixture({ text: 'Yes.' }, body, 3)).toEqual(fromFixture({ text: 'Yes.' }, body, 3));
    expect(fromFixture({ text: 'Yes.' }, body, 3)).not.toEqual(fromFixture({ text: 'Yes.' }, body, 4));
  });
});
