/** Fixtures end to end, with the official SDK. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { startEmulator, ConfigError, FixtureLoadError, type RunningEmulator } from '../../src/index';
import { hasOracle, oracleErrors } from '../helpers/oracle';
import { checkStream } from '../helpers/stream-checker';

const EXAMPLES = join(__dirname, '../../fixtures/examples'); // examples load when named
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the shipped examples replay the documented exchanges', () => {
  let emulator: RunningEmulator;
  let client: OpenAI;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, fixtures: EXAMPLES, strict: true });
    client = new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL, maxRetries: 0 });
  });
  afterAll(() => emulator.close());

  const usage = (r: OpenAI.Responses.Response) => [r.usage!.input_tokens, r.usage!.output_tokens, r.usage!.total_tokens];

  test('the bedtime unicorn story, image input and file input', async () => {
    const unicorn = await client.responses.create({ model: 'gpt-5.4', input: 'Tell me a three sentence bedtime story about a unicorn.' });
    expect(unicorn.output_text).toMatch(/^In a peaceful grove beneath a silver moon, a unicorn named Lumina/);
    expect(usage(unicorn)).toEqual([36, 87, 123]);
    const image = await client.responses.create({
      model: 'gpt-5.4',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is in this image?' }, { type: 'input_image', image_url: 'https://upload.wikimedia.org/x.jpg', detail: 'auto' }] }],
    });
    expect(image.output_text).toMatch(/^The image depicts a scenic landscape/);
    expect(usage(image)).toEqual([328, 52, 380]);
    const file = await client.responses.create({
      model: 'gpt-5.4',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is in this file?' }, { type: 'input_file', file_url: 'https://www.berkshirehathaway.com/letters/2024ltr.pdf' }] }],
    });
    expect(file.output_text).toMatch(/^The file seems to contain excerpts from a letter/);
    expect(usage(file)).toEqual([8438, 398, 8836]);
    for (const r of [unicorn, image, file]) if (hasOracle) expect(oracleErrors('Response', { ...r, output_text: undefined })).toEqual([]);
  });

  test('web search, file search, the weather call and the woodchuck', async () => {
    const web = await client.responses.create({ model: 'gpt-5.4', tools: [{ type: 'web_search_preview' }], input: 'What was a positive news story from today?' });
    expect(web.output.map((o) => o.type)).toEqual(['web_search_call', 'message']);
    expect(usage(web)).toEqual([328, 356, 684]);
    const files = await client.responses.create({ model: 'gpt-5.4', tools: [{ type: 'file_search', vector_store_ids: ['vs_1234567890'], max_num_results: 20 }], input: 'What are the attributes of an ancient brown dragon?' });
    expect(files.output.map((o) => o.type)).toEqual(['file_search_call', 'message']);
    expect(usage(files)).toEqual([18307, 348, 18655]);
    const weather = await client.responses.create({
      model: 'gpt-5.4',
      input: 'What is the weather like in Boston today?',
      tools: [{ type: 'function', name: 'get_current_weather', strict: false, parameters: { type: 'object', properties: { location: { type: 'string' } } } }],
    });
    expect(weather.output[0]).toMatchObject({ type: 'function_call', name: 'get_current_weather', arguments: '{"location":"Boston, MA","unit":"celsius"}' });
    expect(usage(weather)).toEqual([291, 23, 314]);
    const wood = await client.responses.create({ model: 'o3-mini', input: 'How much wood would a woodchuck chuck?', reasoning: { effort: 'high' } });
    expect(wood.output_text).toBe('The classic tongue twister...');
    expect(wood.usage!.output_tokens_details.reasoning_tokens).toBe(832);
    expect(usage(wood)).toEqual([81, 1035, 1116]);
  });

  test('the streamed "Hello!"', async () => {
    const stream = await client.responses.create({ model: 'gpt-5.4', instructions: 'You are a helpful assistant.', input: 'Hello!', stream: true });
    const events: Record<string, unknown>[] = [];
    for await (const e of stream) events.push(e as unknown as Record<string, unknown>);
    const final = checkStream(events) as unknown as OpenAI.Responses.Response;
    expect((final.output[0] as OpenAI.Responses.ResponseOutputMessage).content[0]).toMatchObject({ text: 'Hi there! How can I assist you today?' });
    expect(usage(final)).toEqual([37, 11, 48]);
  });

  test('strict mode: a miss names the nearest fixture and what differed', async () => {
    const err = await client.responses.create({ model: 'gpt-5.4', input: 'Tell me a two sentence bedtime story about a unicorn.' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ code: 'fixture_not_found' });
    const message = (err as Error).message;
    expect(message).toContain('No fixture matches this request (strict mode).');
    expect(message).toContain('The nearest fixture is example-unicorn-story');
    expect(message).toContain('input: expected "Tell me a three sentence bedtime story about a unicorn.", got "Tell me a two sentence bedtime story about a unicorn."');
  });
});

describe('fixtures at runtime', () => {
  let emulator: RunningEmulator;
  let client: OpenAI;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0 });
    client = new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL, maxRetries: 0 });
  });
  afterEach(() => emulator.close());

  test('add and clear fixtures per test; unmatched requests fall back to synthesis', async () => {
    emulator.core.addFixtures({ match: { input: { regex: '^ping$' } }, reply: { text: 'pong' } });
    expect((await client.responses.create({ model: 'gpt-4o', input: 'ping' })).output_text).toBe('pong');
    expect((await client.responses.create({ model: 'gpt-4o', input: 'pong' })).output_text).not.toBe('pong');
    emulator.core.fixtures.clear();
    expect((await client.responses.create({ model: 'gpt-4o', input: 'ping' })).output_text).not.toBe('pong');
    expect(() => emulator.core.addFixtures({ reply: {} })).toThrow(ConfigError);
  });

  test('a test id header, metadata, turns and sequences select replies', async () => {
    emulator.core.addFixtures([
      { match: { headers: { 'x-test-id': 'checkout' }, turn: 2 }, reply: { text: 'second turn of checkout' } },
      { match: { headers: { 'x-test-id': 'checkout' } }, reply: { text: 'checkout' } },
      { match: { metadata: { variant: 'b' } }, reply: { text: 'variant b' } },
      { match: { input: 'roll', nth: 1 }, reply: { text: 'four' } },
      { match: { input: 'roll', nth: 2 }, reply: { text: 'six' } },
    ]);
    const headers = { 'x-test-id': 'checkout' };
    const first = await client.responses.create({ model: 'gpt-4o', input: 'buy' }, { headers });
    expect(first.output_text).toBe('checkout');
    const second = await client.responses.create({ model: 'gpt-4o', input: 'again', previous_response_id: first.id }, { headers });
    expect(second.output_text).toBe('second turn of checkout');
    expect((await client.responses.create({ model: 'gpt-4o', input: 'x', metadata: { variant: 'b' } })).output_text).toBe('variant b');
    expect((await client.responses.create({ model: 'gpt-4o', input: 'roll' })).output_text).toBe('four');
    expect((await client.responses.create({ model: 'gpt-4o', input: 'roll' })).output_text).toBe('six');
  });

  test('shorthand replies render like synthesis: tool calls and an agent loop, reasoning, refusal, streams', async () => {
    emulator.core.addFixtures([
      { match: { input: 'Book it', endsWithToolOutput: false }, reply: { reasoning: 'Need the booking tool.', toolCalls: [{ name: 'book', arguments: { day: 'Monday' } }] } },
      { match: { endsWithToolOutput: true }, reply: { text: 'Booked for Monday.' } },
      { match: { input: 'Say something bad' }, reply: { refusal: 'No.' } },
    ]);
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'book', strict: false, parameters: { type: 'object', properties: { day: { type: 'string' } } } }];
    const call = await client.responses.create({ model: 'gpt-4o', input: 'Book it', tools });
    expect(call.output.map((o) => o.type)).toEqual(['reasoning', 'function_call']);
    const fc = call.output[1] as OpenAI.Responses.ResponseFunctionToolCall;
    expect(JSON.parse(fc.arguments)).toEqual({ day: 'Monday' });
    expect(call.usage!.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    const done = await client.responses.create({ model: 'gpt-4o', previous_response_id: call.id, input: [{ type: 'function_call_output', call_id: fc.call_id, output: 'ok' }], tools });
    expect(done.output_text).toBe('Booked for Monday.');
    const refused = await client.responses.stream({ model: 'gpt-4o', input: 'Say something bad' }).finalResponse();
    expect((refused.output[0] as OpenAI.Responses.ResponseOutputMessage).content[0]).toMatchObject({ type: 'refusal', refusal: 'No.' });
  });

  test('error and fault replies', async () => {
    emulator.core.addFixtures([
      { match: { input: 'too fast' }, reply: { error: { status: 429, type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached.', headers: { 'retry-after': '1' } } } },
      { match: { input: 'crash midway' }, reply: { fault: 'stream_failed;after=4' } },
    ]);
    const err = await client.responses.create({ model: 'gpt-4o', input: 'too fast' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('1');
    const final = await client.responses.stream({ model: 'gpt-4o', input: 'crash midway' }).finalResponse();
    expect(final.status).toBe('failed');
  });

  const recordedResponse = {
    id: 'resp_recorded0001',
    object: 'response',
    created_at: 1741476542,
    status: 'completed',
    completed_at: 1741476543,
    error: null,
    incomplete_details: null,
    instructions: null,
    model: 'gpt-5.4',
    output: [{ id: 'msg_recorded0001', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Recorded words.', annotations: [], logprobs: [] }] }],
    parallel_tool_calls: true,
    previous_response_id: null,
    tool_choice: 'auto',
    tools: [],
    temperature: 1,
    top_p: 1,
    metadata: {},
    usage: { input_tokens: 5, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, output_tokens: 3, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 8 },
  };
  const postRaw = async (body: object) => (await fetch(`${emulator.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;

  test('a recorded Response replays with fresh ids and times: each answer is its own stored response', async () => {
    emulator.core.addFixtures({ match: { input: 'replay me' }, reply: { response: recordedResponse } });
    const first = await postRaw({ model: 'gpt-5.4', input: 'replay me' });
    const second = await postRaw({ model: 'gpt-5.4', input: 'replay me' });
    for (const raw of [first, second]) {
      const output = raw.output as { id: string }[];
      // The recording's shape and content, with ids of the same prefix and length and the times moved to now (same spacing).
      expect({ ...raw, id: 'x', created_at: 0, completed_at: 0, output: [{ ...output[0], id: 'y' }] }).toEqual({ ...recordedResponse, id: 'x', created_at: 0, completed_at: 0, output: [{ ...recordedResponse.output[0], id: 'y' }] });
      expect(raw.id).toMatch(/^resp_[0-9a-f]{50}$/);
      expect(output[0].id).toMatch(/^msg_[A-Za-z0-9]{12}$/);
      expect(raw.completed_at).toBe((raw.created_at as number) + 1);
      expect(Math.abs((raw.created_at as number) - Date.now() / 1000)).toBeLessThan(3600);
    }
    expect(second.id).not.toBe(first.id);
    expect((second.output as { id: string }[])[0].id).not.toBe((first.output as { id: string }[])[0].id);
    // Both are stored, under the ids the client got; the recorded id names nothing.
    expect(await (await fetch(`${emulator.baseURL}/responses/${String(first.id)}`)).json()).toEqual(first);
    expect(await (await fetch(`${emulator.baseURL}/responses/${String(second.id)}`)).json()).toEqual(second);
    expect((await fetch(`${emulator.baseURL}/responses/resp_recorded0001`)).status).toBe(404);
    const next = await client.responses.create({ model: 'gpt-5.4', input: 'and then?', previous_response_id: String(first.id) });
    expect(next.previous_response_id).toBe(first.id);
    // Asked as a stream, the recorded output and usage are rendered as one.
    const streamed = await client.responses.stream({ model: 'gpt-5.4', input: 'replay me' }).finalResponse();
    expect(streamed.output_text).toBe('Recorded words.');
    expect(streamed.usage!.total_tokens).toBe(8);
    expect(streamed.output[0].id).not.toBe('msg_recorded0001');
  });

  test('keepIds: true replays a recorded Response as recorded, stored under its id, and it can be continued', async () => {
    emulator.core.addFixtures({ keepIds: true, match: { input: 'replay me' }, reply: { response: recordedResponse } });
    expect(await postRaw({ model: 'gpt-5.4', input: 'replay me' })).toEqual(recordedResponse);
    expect(await (await fetch(`${emulator.baseURL}/responses/resp_recorded0001`)).json()).toEqual(recordedResponse);
    const next = await client.responses.create({ model: 'gpt-5.4', input: 'and then?', previous_response_id: 'resp_recorded0001' });
    expect(next.previous_response_id).toBe('resp_recorded0001');
  });

  test('hand-written replies: reply.id and createdAt pin only with keepIds; otherwise every answer is fresh', async () => {
    emulator.core.addFixtures([
      { name: 'pinned', keepIds: true, match: { input: 'pinned' }, reply: { id: 'resp_doc1', createdAt: 1728057600, text: 'Doc.' } },
      { name: 'loose', match: { input: 'loose' }, reply: { id: 'resp_doc2', createdAt: 1728057600, output: [{ id: 'msg_doc2', type: 'message', content: [{ type: 'output_text', text: 'Doc.' }] }] } },
    ]);
    const pinned = [await client.responses.create({ model: 'gpt-5.4', input: 'pinned' }), await client.responses.create({ model: 'gpt-5.4', input: 'pinned' })];
    expect(pinned.map((r) => [r.id, r.created_at])).toEqual([['resp_doc1', 1728057600], ['resp_doc1', 1728057600]]);
    const loose = [await client.responses.create({ model: 'gpt-5.4', input: 'loose' }), await client.responses.create({ model: 'gpt-5.4', input: 'loose' })];
    expect(new Set(loose.map((r) => r.id)).size).toBe(2);
    expect(loose.map((r) => r.id)).not.toContain('resp_doc2');
    expect(loose.map((r) => r.output[0].id)).not.toContain('msg_doc2');
    expect(loose[0].created_at).not.toBe(1728057600);
    for (const r of loose) expect((await client.responses.retrieve(r.id)).output_text).toBe('Doc.');
  });
});

describe('loading and hot reload', () => {
  test('fixture errors stop start-up with the list of problems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-fixtures-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ match: { turn: 'two' }, reply: { text: 'x' } }));
    await expect(startEmulator({ port: 0, fixtures: dir })).rejects.toThrow(/bad\.json:1:18: fixture #0: match\.turn: expected an integer, got a string/);
    await expect(startEmulator({ port: 0, fixtures: dir })).rejects.toBeInstanceOf(FixtureLoadError);
  });

  test('--watch-fixtures reloads changed files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watched-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ match: { input: 'hot' }, reply: { text: 'v1' } }));
    const emulator = await startEmulator({ port: 0, fixtures: dir, watchFixtures: true });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL });
      expect((await client.responses.create({ model: 'gpt-4o', input: 'hot' })).output_text).toBe('v1');
      writeFileSync(join(dir, 'a.json'), JSON.stringify({ match: { input: 'hot' }, reply: { text: 'v2' } }));
      let text = '';
      while (text !== 'v2') {
        await sleep(50);
        text = (await client.responses.create({ model: 'gpt-4o', input: 'hot' })).output_text;
      }
      expect(text).toBe('v2');
    } finally {
      await emulator.close();
    }
  });
});
