/**
 * One engine, three dialects: the same seed and conversation give the same text (JSON and streamed)
 * in OpenAI, Open Responses and Aitronos; fixtures answer whichever dialect asks; faults, rate limits
 * and the journal work in every dialect, each answering in its own shape. The official `openai` SDK
 * runs unchanged against the Open Responses endpoint.
 */
import fc from 'fast-check';
import OpenAI from 'openai';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { openResponsesOracle } from '../helpers/oracle';
import { expectValidAgainstProjectSchema } from '../helpers/project-schemas';
import { parseSse } from '../helpers/sse';
import WebSocket from 'ws';
import { WsSession } from '../helpers/open-responses-compliance';

type Json = Record<string, unknown>;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, fixedTime: 1750000000 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${emulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The answer text each dialect gives for one user message, as JSON and as the concatenated stream deltas. */
async function textsFor(prompt: string, model: string, seed: string): Promise<Record<string, string>> {
  const headers = { 'x-emulator-seed': seed };
  const openai = JSON.parse((await post('/v1/responses', { model, input: prompt }, headers)).text) as Json;
  const open = JSON.parse((await post('/open-responses/v1/responses', { model, input: [{ type: 'message', role: 'user', content: prompt }] }, headers)).text) as Json;
  const aitronos = JSON.parse((await post('/v1/model/response', { model, inputs: [{ role: 'user', content: prompt }] }, headers)).text) as Json;
  const outputText = (r: Json) => (r.output as Json[]).filter((o) => o.type === 'message').flatMap((o) => (o.content as Json[]).map((c) => c.text)).join('');
  const deltas = (raw: string, type: string) =>
    parseSse(raw)
      .frames.filter((f) => f.event === type)
      .map((f) => (JSON.parse(f.data) as Json).delta)
      .join('');
  return {
    openai: outputText(openai),
    openResponses: outputText(open),
    aitronos: String(((aitronos.choices as Json[])[0].message as Json).content),
    openaiStream: deltas((await post('/v1/responses', { model, input: prompt, stream: true }, headers)).text, 'response.output_text.delta'),
    openResponsesStream: deltas((await post('/open-responses/v1/responses', { model, input: prompt, stream: true }, headers)).text, 'response.output_text.delta'),
    aitronosStream: deltas((await post('/v1/model/response', { model, inputs: [{ role: 'user', content: prompt }], stream: true }, headers)).text, 'response.output_text.delta'),
  };
}

describe('the same text in every dialect', () => {
  test('property: any prompt, model and seed give one text, JSON or streamed, in all three dialects', async () => {
    const prompt = fc.oneof(
      fc.constantFrom('Explain photosynthesis.', 'Write a haiku about rain.', 'What is 2 + 2?', 'List three uses of copper.', 'Tell me a story about a fox.'),
      fc.string({ minLength: 1, maxLength: 120 }).filter((s) => s.trim().length > 0),
    );
    await fc.assert(
      fc.asyncProperty(prompt, fc.constantFrom('gpt-4o', 'gpt-5.4', 'o3'), fc.string({ minLength: 1, maxLength: 12 }), async (text, model, seed) => {
        const texts = await textsFor(text, model, seed);
        expect(texts.openai.length).toBeGreaterThan(0);
        for (const value of Object.values(texts)) expect(value).toBe(texts.openai);
      }),
      { numRuns: 25, seed: 8 },
    );
  });

  test('a different seed gives a different text (the property is not vacuous)', async () => {
    const a = await textsFor('Describe the ocean.', 'gpt-4o', 'one');
    const b = await textsFor('Describe the ocean.', 'gpt-4o', 'two');
    expect(a.openai).not.toBe(b.openai);
    expect(b.aitronos).toBe(b.openai);
  });
});

describe('fixtures and faults apply to every dialect', () => {
  afterEach(() => emulator.core.fixtures.clear());

  test('one fixture answers all three dialects, each in its shape', async () => {
    emulator.core.addFixtures({ name: 'greeting', match: { input: 'Greet me.' }, reply: { text: 'Hello from the fixture.', usage: { input_tokens: 5, output_tokens: 5 } } });
    const openai = JSON.parse((await post('/v1/responses', { model: 'gpt-4o', input: 'Greet me.' })).text) as Json;
    const open = JSON.parse((await post('/open-responses/v1/responses', { model: 'gpt-4o', input: 'Greet me.' })).text) as Json;
    const aitronos = JSON.parse((await post('/v1/model/response', { model: 'gpt-4o', inputs: [{ role: 'user', content: 'Greet me.' }] })).text) as Json;
    expect(((openai.output as Json[])[0].content as Json[])[0].text).toBe('Hello from the fixture.');
    openResponsesOracle.available && openResponsesOracle.expectValid('ResponseResource', open);
    expect(((open.output as Json[])[0].content as Json[])[0].text).toBe('Hello from the fixture.');
    expect(aitronos).toMatchObject({ choices: [{ message: { content: 'Hello from the fixture.' } }], usage: { inputNeurons: 5, outputSynapses: 5, totalSynapses: 10 } });
    expect(emulator.requests().map((e) => [e.dialect, e.answeredBy, e.fixture?.name])).toEqual([
      ['aitronos', 'fixture', 'greeting'],
      ['open-responses', 'fixture', 'greeting'],
      ['openai', 'fixture', 'greeting'],
    ]);
  });

  test('a recorded OpenAI Response is re-rendered for the other dialects (JSON and stream)', async () => {
    const recorded = {
      id: 'resp_recorded1',
      object: 'response',
      created_at: 1740000000,
      status: 'completed',
      model: 'gpt-4o',
      output: [{ id: 'msg_rec1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Recorded answer.' }] }],
      usage: { input_tokens: 7, input_tokens_details: { cached_tokens: 0 }, output_tokens: 3, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 10 },
    };
    emulator.core.addFixtures({ match: { input: 'Replay me.' }, reply: { response: recorded } });
    const open = JSON.parse((await post('/open-responses/v1/responses', { model: 'gpt-4o', input: 'Replay me.' })).text) as Json;
    if (openResponsesOracle.available) openResponsesOracle.expectValid('ResponseResource', open);
    expect(open).toMatchObject({ usage: { input_tokens: 7, output_tokens: 3, total_tokens: 10 } });
    // Each answer is its own response: a fresh id, the emulator's clock.
    expect(open.id).toMatch(/^resp_[0-9a-f]{50}$/);
    expect(open.id).not.toBe('resp_recorded1');
    expect(open.created_at).toBe(1750000000);
    const aitronos = JSON.parse((await post('/v1/model/response', { model: 'gpt-4o', inputs: [{ role: 'user', content: 'Replay me.' }] })).text) as Json;
    expectValidAgainstProjectSchema('aitronos/response.json', aitronos);
    expect(aitronos.id).not.toBe(open.id);
    expect(aitronos).toMatchObject({ choices: [{ message: { content: 'Recorded answer.' }, finishReason: 'stop' }], usage: { inputNeurons: 7, outputSynapses: 3, totalSynapses: 10, cacheReadNeurons: 0 } });
    const stream = parseSse((await post('/v1/model/response', { model: 'gpt-4o', inputs: [{ role: 'user', content: 'Replay me.' }], stream: true })).text);
    expect(stream.frames.filter((f) => f.event === 'response.output_text.delta').map((f) => (JSON.parse(f.data) as Json).delta).join('')).toBe('Recorded answer.');
  });

  test('a fixture can answer one dialect only (match.dialect)', async () => {
    emulator.core.addFixtures({ match: { input: 'Who are you?', dialect: 'aitronos' }, reply: { text: 'I am Freddy.' } });
    const aitronos = JSON.parse((await post('/v1/model/response', { inputs: [{ role: 'user', content: 'Who are you?' }] })).text) as Json;
    const openai = JSON.parse((await post('/v1/responses', { model: 'gpt-4o', input: 'Who are you?' })).text) as Json;
    expect(((aitronos.choices as Json[])[0].message as Json).content).toBe('I am Freddy.');
    expect(JSON.stringify(openai.output)).not.toContain('I am Freddy.');
  });

  test("a fixture's error reply and an injected fault come back in each dialect's error shape", async () => {
    emulator.core.addFixtures({ match: { input: 'Break.' }, reply: { error: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Slow down.' } } });
    const openai = await post('/v1/responses', { model: 'gpt-4o', input: 'Break.' });
    const open = await post('/open-responses/v1/responses', { model: 'gpt-4o', input: 'Break.' });
    const aitronos = await post('/v1/model/response', { inputs: [{ role: 'user', content: 'Break.' }] });
    expect([openai.status, open.status, aitronos.status]).toEqual([429, 429, 429]);
    expect(JSON.parse(openai.text)).toEqual({ error: { message: 'Slow down.', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } });
    expect(JSON.parse(open.text)).toEqual({ error: { message: 'Slow down.', type: 'too_many_requests', param: null, code: 'rate_limit_exceeded' } });
    expectValidAgainstProjectSchema('aitronos/error.json', JSON.parse(aitronos.text));
    expect(JSON.parse(aitronos.text).error).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', status: 429, system_message: 'Slow down.' });

    const fault = { 'x-emulator-fault': 'server_error' };
    const faulted = await Promise.all([
      post('/v1/responses', { model: 'gpt-4o', input: 'x' }, fault),
      post('/open-responses/v1/responses', { model: 'gpt-4o', input: 'x' }, fault),
      post('/v1/model/response', { inputs: [{ role: 'user', content: 'x' }] }, fault),
    ]);
    expect(faulted.map((r) => r.status)).toEqual([500, 500, 500]);
    expect((JSON.parse(faulted[1].text) as { error: Json }).error.type).toBe('server_error');
    expect((JSON.parse(faulted[2].text) as { error: Json }).error).toMatchObject({ code: 'INTERNAL_ERROR', type: 'server_error' });
  });

  test('rate limits count every dialect against the same key', async () => {
    const limited = await startEmulator({ port: 0, rpm: 2 });
    try {
      const send = (path: string, body: unknown) => fetch(`${limited.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body: JSON.stringify(body) });
      expect((await send('/v1/responses', { model: 'gpt-4o', input: 'a' })).status).toBe(200);
      expect((await send('/v1/model/response', { inputs: [{ role: 'user', content: 'b' }] })).status).toBe(200);
      const third = await send('/open-responses/v1/responses', { model: 'gpt-4o', input: 'c' });
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await third.json()) as { error: Json }).error.type).toBe('too_many_requests');
    } finally {
      await limited.close();
    }
  });
});

describe('the official openai SDK against the Open Responses endpoint', () => {
  test('streaming (with [DONE]), tool calling, multi-turn and compaction', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: `${emulator.url}/open-responses/v1`, maxRetries: 0 });
    // The SDK's stream helper accumulates the final response (and stops at [DONE]).
    const helper = client.responses.stream({ model: 'gpt-4o', input: 'Why is the sky blue?' });
    const final = await helper.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output_text.length).toBeGreaterThan(0);
    // Raw reasoning comes under the specification's names; the helper does not know them (it is
    // OpenAI's), so a raw stream is iterated.
    const raw = await client.responses.create({ model: 'gpt-oss-120b', input: 'Why is the sky blue?', stream: true });
    const types = new Set<string>();
    for await (const event of raw) types.add(event.type);
    expect([...types]).toEqual(expect.arrayContaining(['response.reasoning.delta', 'response.reasoning.done', 'response.output_text.delta', 'response.completed']));
    expect([...types]).not.toContain('response.reasoning_text.delta');

    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'get_weather', strict: false, description: null, parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
    const call = await client.responses.create({ model: 'gpt-4o', input: 'Weather in Lima?', tools, tool_choice: 'required' });
    const fc0 = call.output.find((o) => o.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    expect(fc0.name).toBe('get_weather');
    const after = await client.responses.create({ model: 'gpt-4o', previous_response_id: call.id, input: [{ type: 'function_call_output', call_id: fc0.call_id, output: '{"temp":19}' }], tools });
    expect(after.output_text.length).toBeGreaterThan(0);
    expect(after.previous_response_id).toBe(call.id);

    const compacted = await client.responses.compact({ model: 'gpt-4o', previous_response_id: after.id });
    expect(compacted.object).toBe('response.compaction');
    expect(compacted.output.map((o) => o.type)).toContain('compaction');
  });

  test('WebSocket continuation over /open-responses/v1/responses', async () => {
    const ws = await WsSession.open(`${emulator.url.replace('http', 'ws')}/open-responses/v1/responses`);
    const first = await ws.turn({ type: 'response.create', model: 'gpt-4o', store: false, input: 'Remember: the password is heron.' });
    const second = await ws.turn({ type: 'response.create', model: 'gpt-4o', store: false, previous_response_id: first.final!.id, input: 'What is the password?' });
    expect(second.final).toMatchObject({ status: 'completed', previous_response_id: first.final!.id });
    // Without the connection's memory, an HTTP request cannot continue a store:false response.
    const http = await post('/open-responses/v1/responses', { model: 'gpt-4o', previous_response_id: first.final!.id, input: 'And now?' });
    expect(http.status).toBe(400);
    expect(JSON.parse(http.text)).toMatchObject({ error: { type: 'invalid_request', code: 'previous_response_not_found', param: 'previous_response_id' } });
    ws.close();
  });
});

describe('a refused WebSocket upgrade answers in the dialect of its path', () => {
  test('401 without a key: OpenAI shape on /v1/responses, Open Responses shape on /open-responses/v1/responses', async () => {
    const locked = await startEmulator({ port: 0, apiKey: 'sk-right' });
    const refusal = (path: string) =>
      new Promise<{ status: number; body: Json }>((resolve, reject) => {
        const ws = new WebSocket(`${locked.url.replace('http', 'ws')}${path}`);
        ws.once('open', () => reject(new Error('upgraded')));
        ws.once('unexpected-response', (_req, res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Json }));
        });
      });
    try {
      const openai = await refusal('/v1/responses');
      const open = await refusal('/open-responses/v1/responses');
      expect([openai.status, open.status]).toEqual([401, 401]);
      expect((openai.body.error as Json).type).toBe('invalid_request_error');
      expect((open.body.error as Json).type).toBe('invalid_request');
    } finally {
      await locked.close();
    }
  });
});
