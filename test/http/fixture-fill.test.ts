/**
 * A fixture answer carries what the request asks for beyond what the fixture names — reasoning
 * summaries, encrypted reasoning, search calls and citations, logprobs — in JSON, in GET, and in the
 * stream with its events; everything validates against the official schemas and the SDK's stream rules.
 */
import request from 'supertest';
import { createHttpApp } from '../../src/http/app';
import { createEmulator } from '../../src/index';
import { hasOracle, oracleErrors } from '../helpers/oracle';
import { parseSse } from '../helpers/sse';
import { checkStream } from '../helpers/stream-checker';

type Json = Record<string, any>;

function oracle(name: string, value: unknown): void {
  if (hasOracle) expect(oracleErrors(name, value)).toEqual([]);
}

const FIXTURES = [
  { name: 'woodchuck', match: { input: 'How much wood would a woodchuck chuck?' }, reply: { text: 'The classic tongue twister...', usage: { input_tokens: 81, output_tokens: 1035, reasoning_tokens: 832 } } },
  { name: 'news', match: { input: 'What was a positive news story from today?', tools: ['web_search_preview'] }, reply: { text: 'A town planted a million trees.' } },
  { name: 'dragon', match: { input: { contains: 'brown dragon' } }, reply: { text: 'They are large and brown.' } },
];

const core = createEmulator({ seed: 'fill' });
core.addFixtures(FIXTURES);
const app = createHttpApp(core);
const post = (body: Json) => request(app).post('/v1/responses').send(body);

async function stream(body: Json): Promise<{ types: string[]; events: Json[]; response: Json }> {
  const res = await post({ ...body, stream: true }).expect(200);
  const { events } = parseSse(res.text);
  for (const e of events) oracle('ResponseStreamEvent', e);
  const response = checkStream(events);
  return { types: events.map((e) => String(e.type)), events, response };
}

const WOOD = { model: 'o3-mini', input: 'How much wood would a woodchuck chuck?', reasoning: { effort: 'high', summary: 'auto' }, include: ['reasoning.encrypted_content'] };
const NEWS = { model: 'gpt-4o', input: 'What was a positive news story from today?', tools: [{ type: 'web_search_preview' }] };

describe('reasoning asked for, the fixture giving none', () => {
  test('JSON and GET: a reasoning item with a summary and encrypted_content; the pinned text and usage', async () => {
    const res = await post(WOOD).expect(200);
    oracle('Response', res.body);
    expect(res.body.output.map((o: Json) => o.type)).toEqual(['reasoning', 'message']);
    const reasoning = res.body.output[0];
    expect(reasoning.summary.length).toBeGreaterThan(0);
    expect(reasoning.summary[0]).toEqual({ type: 'summary_text', text: expect.stringMatching(/^\*\*.+\*\*\n\n/) });
    expect(reasoning.encrypted_content).toMatch(/^gAAAAA/);
    expect(res.body.output[1].content[0].text).toBe('The classic tongue twister...');
    expect(res.body.usage).toMatchObject({ output_tokens: 1035, output_tokens_details: { reasoning_tokens: 832 } });
    const got = await request(app).get(`/v1/responses/${res.body.id}`).expect(200);
    expect(got.body.output).toEqual(res.body.output);
  });

  test('stream: summary part and text events, the item announced with its encrypted_content, the same output as JSON', async () => {
    const json = await post(WOOD).expect(200);
    const { types, events, response } = await stream(WOOD);
    for (const t of ['response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done', 'response.output_text.done']) expect(types).toContain(t);
    const added = events.find((e) => e.type === 'response.output_item.added' && e.item.type === 'reasoning')!;
    expect(added.item.encrypted_content).toMatch(/^gAAAAA/);
    const summaryDone = events.filter((e) => e.type === 'response.reasoning_summary_text.done').map((e) => e.text);
    expect(summaryDone).toEqual(response.output[0].summary.map((s: Json) => s.text));
    expect(response.output[0].summary).toEqual(json.body.output[0].summary);
    expect(response.output[1].content[0].text).toBe('The classic tongue twister...');
  });
});

describe('a web search tool, the fixture giving text only', () => {
  test('JSON: the web_search_call, then the text with url_citations spanning their links', async () => {
    const res = await post({ ...NEWS, include: ['web_search_call.action.sources'] }).expect(200);
    oracle('Response', res.body);
    expect(res.body.output.map((o: Json) => o.type)).toEqual(['web_search_call', 'message']);
    const part = res.body.output[1].content[0];
    expect(part.text.startsWith('A town planted a million trees. (')).toBe(true);
    const sources = res.body.output[0].action.sources.map((s: Json) => s.url);
    expect(part.annotations.map((a: Json) => a.url)).toEqual(sources);
    for (const a of part.annotations) expect(part.text.slice(a.start_index, a.end_index)).toMatch(/^\[[^\]]+\]\(https:\/\/[^)]+\)$/);
  });

  test('stream: web_search_call events, annotation.added events with the same offsets, deltas adding up to the text', async () => {
    const { types, events, response } = await stream(NEWS);
    for (const t of ['response.web_search_call.in_progress', 'response.web_search_call.searching', 'response.web_search_call.completed', 'response.output_text.annotation.added']) expect(types).toContain(t);
    const added = events.filter((e) => e.type === 'response.output_text.annotation.added').map((e) => e.annotation);
    expect(added).toEqual(response.output[1].content[0].annotations);
    expect(added.length).toBeGreaterThanOrEqual(2);
  });
});

describe('file search and logprobs', () => {
  test('a file_search tool: the call with results when asked, file citations at the end of the text', async () => {
    const body = { model: 'gpt-4o', input: 'What are the attributes of an ancient brown dragon?', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }], include: ['file_search_call.results'] };
    const res = await post(body).expect(200);
    oracle('Response', res.body);
    expect(res.body.output.map((o: Json) => o.type)).toEqual(['file_search_call', 'message']);
    expect(res.body.output[0].results.length).toBeGreaterThan(0);
    const part = res.body.output[1].content[0];
    expect(part.text).toBe('They are large and brown.');
    expect(part.annotations.every((a: Json) => a.type === 'file_citation' && a.index === part.text.length)).toBe(true);
    const { response } = await stream(body);
    expect(response.output[1].content[0].annotations).toEqual(part.annotations);
  });

  test('logprobs asked for: JSON has one per token; stream deltas carry theirs', async () => {
    const body = { model: 'gpt-4o', input: WOOD.input, include: ['message.output_text.logprobs'], top_logprobs: 2 };
    const res = await post(body).expect(200);
    oracle('Response', res.body);
    const part = res.body.output[0].content[0];
    expect(part.text).toBe('The classic tongue twister...');
    expect(part.logprobs.map((l: Json) => l.token).join('')).toBe(part.text);
    const { events } = await stream(body);
    const deltas = events.filter((e) => e.type === 'response.output_text.delta');
    expect(deltas.flatMap((d) => d.logprobs)).toEqual(part.logprobs.map((l: Json) => expect.objectContaining({ token: l.token, logprob: l.logprob })));
  });
});

describe('a recording is the real API’s answer: never filled in, whichever kind is asked for', () => {
  const recorded = createEmulator({ seed: 'fill-recorded' });
  recorded.addFixtures({
    name: 'recorded-json',
    match: { input: 'Recorded question' },
    reply: {
      response: {
        id: 'resp_recorded', object: 'response', created_at: 1, status: 'completed', model: 'o3-mini',
        output: [{ id: 'msg_recorded', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Recorded answer.', annotations: [], logprobs: [] }] }],
        usage: { input_tokens: 5, output_tokens: 3, output_tokens_details: { reasoning_tokens: 0 } },
      },
    },
  });
  const recordedApp = createHttpApp(recorded);

  test('a recorded JSON Response asked for as a stream, with a search tool, gets no invented search call, citations or phase', async () => {
    const res = await request(recordedApp).post('/v1/responses').send({ model: 'gpt-5.5', input: 'Recorded question', tools: [{ type: 'web_search_preview' }], stream: true }).expect(200);
    const response = checkStream(parseSse(res.text).events) as Json;
    expect(response.output.map((o: Json) => o.type)).toEqual(['message']);
    expect(response.output[0].content[0]).toMatchObject({ text: 'Recorded answer.', annotations: [] });
    expect(response.output[0].phase).toBeUndefined(); // the recording had none
  });
});
