/**
 * The Aitronos dialect end to end: the four Response Object examples of the seeds reproduced field
 * for field, its stream, auth headers, error body and headers, threads, and the tool round trip.
 * Everything it emits is validated against schemas/aitronos/.
 */
import { join } from 'node:path';
import OpenAI from 'openai';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { expectValidAgainstProjectSchema } from '../helpers/project-schemas';
import { parseSse } from '../helpers/sse';

type Json = Record<string, unknown>;

const FIXTURES = join(__dirname, '../../fixtures/examples'); // examples load when named

// The seeds' four examples, verbatim.
const SEED_TEXT = {
  id: 'resp_abc123xyz789',
  object: 'response',
  createdAt: 1728057600,
  model: 'gpt-4o',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: "The capital of France is Paris. It has been the country's capital since 508 CE and is known for its art, culture, and iconic landmarks like the Eiffel Tower.",
      },
      finishReason: 'stop',
      logprobs: null,
    },
  ],
  usage: { inputNeurons: 24, outputSynapses: 38, totalSynapses: 62, cacheReadNeurons: 0, cacheCreationNeurons: 0 },
  organizationId: 'org_xyz789',
  threadId: null,
  metadata: {},
  systemFingerprint: 'fp_2024_10_04',
  serviceTier: 'default',
};
const SEED_TOOL_CALL = {
  id: 'resp_def456uvw123',
  object: 'response',
  createdAt: 1728057650,
  model: 'gpt-4o',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        toolCalls: [{ id: 'call_abc123', type: 'function', function: { name: 'get_weather', arguments: '{"location":"San Francisco","unit":"celsius"}' } }],
      },
      finishReason: 'tool_calls',
      logprobs: null,
    },
  ],
  usage: { inputNeurons: 156, outputSynapses: 28, totalSynapses: 184 },
  organizationId: 'org_xyz789',
  threadId: 'thread_conversation_001',
  metadata: { user_id: 'user_12345', session_id: 'sess_abc' },
  systemFingerprint: 'fp_2024_10_04',
  serviceTier: 'default',
};
const SEED_REASONING = {
  id: 'resp_reasoning_789',
  object: 'response',
  createdAt: 1728057700,
  model: 'o3-preview',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content:
          'To solve this problem, we need to find the optimal path through the graph. After analyzing all possible routes, the shortest path is A → C → E → G with a total distance of 47 units.',
      },
      finishReason: 'stop',
      logprobs: null,
    },
  ],
  usage: { inputNeurons: 892, outputSynapses: 156, reasoningSynapses: 2847, totalSynapses: 3895 },
  organizationId: 'org_xyz789',
  threadId: null,
  metadata: {},
  systemFingerprint: 'fp_o3_2024_10_04',
  serviceTier: 'default',
};
const SEED_CONTENT_FILTER = {
  id: 'resp_filtered_456',
  object: 'response',
  createdAt: 1728057750,
  model: 'gpt-4o',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: 'I cannot provide instructions for creating harmful substances or devices. This request violates our safety guidelines.',
      },
      finishReason: 'content_filter',
      logprobs: null,
    },
  ],
  usage: { inputNeurons: 45, outputSynapses: 23, totalSynapses: 68 },
  organizationId: 'org_xyz789',
  threadId: null,
  metadata: {},
  systemFingerprint: 'fp_2024_10_04',
  serviceTier: 'default',
};

const WEATHER = {
  type: 'function',
  name: 'get_weather',
  description: 'Get the weather',
  parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['location', 'unit'], additionalProperties: false },
};

const ask = (text: string) => [{ role: 'user', content: text }];

describe('Aitronos dialect', () => {
  let emulator: RunningEmulator;
  const post = async (path: string, body: unknown, headers: Record<string, string> = { 'x-api-key': 'ak-test' }) => {
    const res = await fetch(`${emulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
  };
  const get = async (path: string) => {
    const res = await fetch(`${emulator.url}${path}`, { headers: { 'x-api-key': 'ak-test' } });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const respond = (body: Json) => post('/v1/model/response', body);

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, fixtures: FIXTURES, apiKey: 'ak-test', fixedTime: 1760000000 });
  });
  afterAll(() => emulator.close());

  test('the four seed examples, field for field', async () => {
    const text = await respond({ model: 'gpt-4o', inputs: ask('What is the capital of France?'), organization_id: 'org_xyz789' });
    const tool = await respond({
      model: 'gpt-4o',
      inputs: ask("What's the weather in San Francisco?"),
      tools: [WEATHER],
      organization_id: 'org_xyz789',
      thread: 'thread_conversation_001',
      metadata: { user_id: 'user_12345', session_id: 'sess_abc' },
    });
    const reasoning = await respond({ model: 'o3-preview', inputs: ask('Find the shortest path from A to G in the graph.'), organization_id: 'org_xyz789' });
    const filtered = await respond({ model: 'gpt-4o', inputs: ask('Give me step-by-step instructions for building a bomb.'), organization_id: 'org_xyz789' });
    for (const [res, seed] of [
      [text, SEED_TEXT],
      [tool, SEED_TOOL_CALL],
      [reasoning, SEED_REASONING],
      [filtered, SEED_CONTENT_FILTER],
    ] as const) {
      expect(res.status).toBe(200);
      // Same keys in the same order, same values.
      expect(JSON.stringify(res.body)).toBe(JSON.stringify(seed));
      expectValidAgainstProjectSchema('aitronos/response.json', res.body);
    }
  });

  test('the same fixture answers an OpenAI client, in its own shape', async () => {
    const client = new OpenAI({ apiKey: 'ak-test', baseURL: emulator.baseURL, maxRetries: 0 });
    const response = await client.responses.create({ model: 'gpt-4o', input: 'What is the capital of France?' });
    expect(response.id).toBe('resp_abc123xyz789');
    expect(response.output_text).toBe(SEED_TEXT.choices[0].message.content);
    expect(response.usage).toMatchObject({ input_tokens: 24, output_tokens: 38, total_tokens: 62 });
  });

  test('a synthesised answer: usage arithmetic, fingerprint, defaults', async () => {
    const res = await respond({ inputs: [{ role: 'system', content: 'Be brief.' }, ...ask('Explain how tides work.')] });
    expectValidAgainstProjectSchema('aitronos/response.json', res.body);
    expect(res.body).toMatchObject({ object: 'response', model: 'ftg-3.0', organizationId: 'org_emulator', threadId: null, metadata: {}, systemFingerprint: 'fp_2024_10_04', serviceTier: 'default' });
    const usage = res.body.usage as Record<string, number>;
    expect(usage.totalSynapses).toBe(usage.inputNeurons + usage.outputSynapses);
    expect(usage).toMatchObject({ cacheReadNeurons: 0, cacheCreationNeurons: 0 });
    expect(usage.reasoningSynapses).toBeUndefined();
    const reasoning = await respond({ model: 'o3', inputs: ask('Explain how tides work.') });
    const r = reasoning.body.usage as Record<string, number>;
    expect(r.reasoningSynapses).toBeGreaterThan(0);
    expect(r.totalSynapses).toBe(r.inputNeurons + r.outputSynapses + r.reasoningSynapses);
    expect(reasoning.body.systemFingerprint).toBe('fp_o3_2024_10_04');
  });

  test('finishReason: length at max_output_synapses', async () => {
    const res = await respond({ inputs: ask('Write a long essay about the history of bridges.'), max_output_synapses: 20 });
    const choice = (res.body.choices as Json[])[0];
    expect(choice.finishReason).toBe('length');
    expect((res.body.usage as Json).outputSynapses).toBe(20);
  });

  test('streaming: the documented event sequence, deltas adding up to the JSON answer', async () => {
    const body = { inputs: ask('Describe a calm lake at dawn.') };
    const json = await respond(body);
    const res = await fetch(`${emulator.url}/v1/model/response`, { method: 'POST', headers: { 'content-type': 'application/json', 'api-key': 'ak-test' }, body: JSON.stringify({ ...body, stream: true }) });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const { frames } = parseSse(await res.text());
    const names = frames.map((f) => f.event);
    expect(names[0]).toBe('response.created');
    expect(names[1]).toBe('response.output_item.added');
    expect(names.slice(2, -2).every((n) => n === 'response.output_text.delta')).toBe(true);
    expect(names.slice(-2)).toEqual(['response.output_text.done', 'response.completed']);
    for (const f of frames) expectValidAgainstProjectSchema(`aitronos/stream-events.json#/$defs/${f.event}`, JSON.parse(f.data));
    const data = frames.map((f) => JSON.parse(f.data) as Json);
    const text = data.filter((d, i) => names[i] === 'response.output_text.delta').map((d) => d.delta).join('');
    const message = ((json.body.choices as Json[])[0].message as Json).content;
    expect(text).toBe(message);
    expect(data[data.length - 2].text).toBe(message);
    expect(data[data.length - 1]).toEqual({ status: 'completed', usage: json.body.usage });
    // The older streaming endpoint streams always.
    const legacy = await fetch(`${emulator.url}/v1/model/response/stream`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'ak-test' }, body: JSON.stringify(body) });
    expect(parseSse(await legacy.text()).frames.map((f) => f.event)).toEqual(names);
  });

  test('a streamed tool call comes as output_item.added/done with the toolCalls entry', async () => {
    const res = await fetch(`${emulator.url}/v1/model/response`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'ak-test' },
      body: JSON.stringify({ inputs: ask('What is the weather in Oslo?'), tools: [WEATHER], tool_choice: 'required', stream: true }),
    });
    const { frames } = parseSse(await res.text());
    for (const f of frames) expectValidAgainstProjectSchema(`aitronos/stream-events.json#/$defs/${f.event}`, JSON.parse(f.data));
    const done = frames.find((f) => f.event === 'response.output_item.done');
    expect(JSON.parse(done!.data)).toMatchObject({ index: 0, item: { type: 'function', id: expect.stringMatching(/^call_/), function: { name: 'get_weather' } } });
  });

  test('a mid-stream fault ends the stream with response.failed', async () => {
    const res = await fetch(`${emulator.url}/v1/model/response`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'ak-test', 'x-emulator-fault': 'stream_error;after=3' },
      body: JSON.stringify({ inputs: ask('Tell me about owls.'), stream: true }),
    });
    const { frames } = parseSse(await res.text());
    const last = frames[frames.length - 1];
    expect(last.event).toBe('response.failed');
    expect(JSON.parse(last.data)).toEqual({ status: 'failed', error: { message: 'The server had an error while processing your request. Sorry about that!', code: 'SERVER_ERROR' } });
    expectValidAgainstProjectSchema('aitronos/stream-events.json#/$defs/response.failed', JSON.parse(last.data));
  });

  test('auth: X-API-Key, api-key and Bearer; missing and wrong keys in the Aitronos error shape', async () => {
    for (const headers of [{ 'x-api-key': 'ak-test' }, { 'api-key': 'ak-test' }, { authorization: 'Bearer ak-test' }] as Record<string, string>[]) {
      expect((await post('/v1/model/response', { inputs: ask('hi') }, headers)).status).toBe(200);
    }
    const missing = await post('/v1/model/response', { inputs: ask('hi') }, {});
    expect(missing.status).toBe(401);
    expectValidAgainstProjectSchema('aitronos/error.json', missing.body);
    expect(missing.body).toMatchObject({ success: false, error: { code: 'AUTHENTICATION_REQUIRED', status: 401, type: 'authentication_error', timestamp: '2025-10-09T08:53:20.000Z' } });
    expect((missing.body.error as Json).trace_id).toBe(missing.headers.get('x-request-id'));
    const wrong = await post('/v1/model/response', { inputs: ask('hi') }, { 'x-api-key': 'ak-wrong-key-123' });
    expect(wrong.body).toMatchObject({ success: false, error: { code: 'INVALID_API_KEY', status: 401 } });
  });

  test('headers: x-request-id, freddy-processing-ms, freddy-api-version, rate limits; no OpenAI headers', async () => {
    const res = await respond({ inputs: ask('hi') });
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(res.headers.get('freddy-processing-ms')).toMatch(/^\d+$/);
    expect(res.headers.get('freddy-api-version')).toBe('v1');
    expect(res.headers.get('x-ratelimit-limit-requests')).toBe('10000');
    for (const name of ['openai-version', 'openai-processing-ms', 'openai-organization']) expect(res.headers.get(name)).toBeNull();
  });

  test('validation errors: 422 VALIDATION_ERROR naming the field; malformed JSON; unknown routes', async () => {
    const bad = await respond({ inputs: [{ role: 'robot', content: 'hi' }] });
    expect(bad.status).toBe(422);
    expectValidAgainstProjectSchema('aitronos/error.json', bad.body);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_ERROR', type: 'validation_error', status: 422, details: { field: 'inputs[0].role', reason: 'invalid_value' } });
    expect((bad.body.error as Json).system_message).toBe("Invalid value: 'robot'. Supported values are: 'user', 'system', 'assistant', and 'tool'.");
    const missing = await respond({ model: 'gpt-4o' });
    expect(missing.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'inputs' } });
    const malformed = await fetch(`${emulator.url}/v1/model/response`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'ak-test' }, body: '{"inputs": [' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: Json }).error).toMatchObject({ code: 'INVALID_JSON', message: 'The request body is not valid JSON.' });
    const unknownThread = await get('/v1/threads/thread_nope');
    expect(unknownThread.status).toBe(404);
    expect(unknownThread.body.error).toMatchObject({ code: 'NOT_FOUND', system_message: "Thread with id 'thread_nope' not found." });
  });

  test('threads: an unknown thread id is created; turns in a thread see the earlier ones', async () => {
    const first = await respond({ inputs: ask('My favourite colour is teal.'), thread: 'thread_colours' });
    expect(first.body.threadId).toBe('thread_colours');
    const second = await respond({ inputs: ask('What is my favourite colour?'), thread: { id: 'thread_colours', metadata: { topic: 'colours' } } });
    const alone = await respond({ inputs: ask('What is my favourite colour?') });
    // The thread's history is part of the input.
    expect((second.body.usage as Json).inputNeurons).toBeGreaterThan((alone.body.usage as Json).inputNeurons as number);
    const thread = await get('/v1/threads/thread_colours');
    expect(thread.body).toMatchObject({ id: 'thread_colours', object: 'thread', createdAt: 1760000000, metadata: { topic: 'colours' } });
    expect((thread.body.messages as Json[]).map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect((thread.body.messages as Json[])[3].content).toBe(((second.body.choices as Json[])[0].message as Json).content);

    const created = await post('/v1/threads', { metadata: { team: 'qa' } });
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^thread_[0-9a-f]{48}$/), object: 'thread', metadata: { team: 'qa' } });
    const list = await get('/v1/threads');
    expect((list.body.data as Json[]).map((t) => t.id)).toEqual(expect.arrayContaining([created.body.id, 'thread_colours', 'thread_conversation_001']));
  });

  test('a tool round trip: the assistant tool_calls and a tool message answer the call', async () => {
    const call = await respond({ inputs: ask('What is the weather in Oslo?'), tools: [WEATHER], tool_choice: 'required' });
    const message = (call.body.choices as Json[])[0].message as { toolCalls: { id: string; type: string; function: { name: string; arguments: string } }[] };
    expect((call.body.choices as Json[])[0].finishReason).toBe('tool_calls');
    const answer = await respond({
      inputs: [...ask('What is the weather in Oslo?'), { role: 'assistant', content: null, tool_calls: message.toolCalls }, { role: 'tool', tool_call_id: message.toolCalls[0].id, content: '{"temp": 7}' }],
      tools: [WEATHER],
    });
    expect((answer.body.choices as Json[])[0]).toMatchObject({ finishReason: 'stop', message: { role: 'assistant', content: expect.any(String) } });
    const orphan = await respond({ inputs: [{ role: 'tool', tool_call_id: 'call_nope', content: 'x' }] });
    expect(orphan.body.error).toMatchObject({ code: 'VALIDATION_ERROR', system_message: 'No tool call found for function call output with call_id call_nope.' });
  });

  test('the older input form (texts, images, files) reads like content blocks', async () => {
    const older = await respond({ inputs: [{ role: 'user', texts: [{ text: 'What is in this picture?' }], images: [{ url: 'https://example.com/cat.png' }] }] });
    const blocks = await respond({ inputs: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image', url: 'https://example.com/cat.png' }] }] });
    expect(older.status).toBe(200);
    expect((older.body.choices as Json[])[0]).toEqual((blocks.body.choices as Json[])[0]);
    expect(older.body.usage).toEqual(blocks.body.usage);
  });
});

describe('Aitronos finishReason for tool calls is selectable', () => {
  test('--aitronos-tool-finish-reason toolCalls', async () => {
    const emulator = await startEmulator({ port: 0, aitronosToolFinishReason: 'toolCalls' });
    try {
      const res = await fetch(`${emulator.url}/v1/model/response`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: ask('What is the weather in Oslo?'), tools: [WEATHER], tool_choice: 'required' }),
      });
      const body = (await res.json()) as { choices: Json[] };
      expect(body.choices[0].finishReason).toBe('toolCalls');
      expectValidAgainstProjectSchema('aitronos/response.json', body);
    } finally {
      await emulator.close();
    }
  });
});
