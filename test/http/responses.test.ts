import request from 'supertest';
import { createApp } from '../../src/index';
import { expectValidAgainstProjectSchema } from '../helpers/project-schemas';

const app = createApp({ seed: 'http-tests' });
const post = (body: unknown, path = '/v1/responses') => request(app).post(path).send(body as object);

describe('POST /v1/responses', () => {
  test('answers a Response with every field in the API’s order and the API’s headers', async () => {
    const res = await post({ model: 'gpt-4o', input: 'Tell me a three sentence bedtime story about a unicorn.' }).expect(200);
    // As the live API: no charset.
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    expect(res.headers['openai-version']).toBe('2020-10-01');
    expect(res.headers['openai-processing-ms']).toMatch(/^\d+$/);
    // The fields and order of 2026 api.openai.com traffic (test/traffic/corpus).
    expect(Object.keys(res.body)).toEqual([
      'id', 'object', 'created_at', 'status', 'background', 'billing', 'completed_at', 'error', 'frequency_penalty', 'incomplete_details',
      'instructions', 'max_output_tokens', 'max_tool_calls', 'model', 'moderation', 'output', 'parallel_tool_calls', 'presence_penalty',
      'previous_response_id', 'prompt_cache_key', 'prompt_cache_retention', 'reasoning', 'safety_identifier', 'service_tier', 'store',
      'temperature', 'text', 'tool_choice', 'tool_usage', 'tools', 'top_logprobs', 'top_p', 'truncation', 'usage', 'user', 'metadata',
    ]);
    expect(res.body).toMatchObject({ billing: { payer: 'developer' }, user: null, moderation: null, prompt_cache_retention: 'in_memory', frequency_penalty: 0, presence_penalty: 0 });
    expect(res.body.tool_usage).toEqual({
      image_gen: { input_tokens: 0, input_tokens_details: { image_tokens: 0, text_tokens: 0 }, output_tokens: 0, output_tokens_details: { image_tokens: 0, text_tokens: 0 }, total_tokens: 0 },
      web_search: { num_requests: 0 },
    });
    expect(res.body).toMatchObject({
      object: 'response',
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: 'gpt-4o',
      tool_choice: 'auto',
      temperature: 1,
      top_p: 1,
      store: true,
      service_tier: 'default',
      text: { format: { type: 'text' }, verbosity: 'medium' },
      reasoning: { effort: null, summary: null },
    });
    expect(res.body.output).toHaveLength(1);
    const message = res.body.output[0];
    expect(message).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(message.id).toMatch(/^msg_[0-9a-f]{50}$/);
    expect(message.content[0]).toMatchObject({ type: 'output_text', annotations: [], logprobs: [] });
    expect(message.content[0].text.split(/(?<=[.!?])\s+/)).toHaveLength(3);
    expect(res.body).not.toHaveProperty('output_text');
    // `user` is on every Response, null unless given (real traffic).
    const u = res.body.usage;
    expect(u.total_tokens).toBe(u.input_tokens + u.output_tokens);
    expect(u.input_tokens_details).toEqual({ cached_tokens: 0, cache_write_tokens: 0 });
    expect(u.output_tokens_details).toEqual({ reasoning_tokens: 0 });
    expectValidAgainstProjectSchema('openai/response.json', res.body);
  });

  test('echoes the request’s settings', async () => {
    const body = {
      model: 'gpt-4.1',
      input: 'Hi',
      instructions: 'Answer in English.',
      temperature: 0.2,
      top_p: 0.9,
      max_output_tokens: 300,
      max_tool_calls: 3,
      metadata: { run: '42' },
      parallel_tool_calls: false,
      truncation: 'auto',
      service_tier: 'flex',
      prompt_cache_key: 'pck',
      safety_identifier: 'user-1',
      user: 'legacy-user',
      top_logprobs: 2,
      text: { format: { type: 'text' }, verbosity: 'low' },
      tool_choice: 'none',
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} } }],
    };
    const res = await post(body).expect(200);
    const { input: _input, tools: _tools, ...echoed } = body;
    expect(res.body).toMatchObject(echoed);
    // Function tools are echoed with the API's defaults filled in.
    expect(res.body.tools).toEqual([{ type: 'function', name: 'get_weather', description: null, parameters: { type: 'object', properties: {} }, strict: true }]);
    expectValidAgainstProjectSchema('openai/response.json', res.body);
  });

  test('reasoning models echo the default effort', async () => {
    const res = await post({ model: 'o3-mini', input: 'How much wood would a woodchuck chuck?', reasoning: { effort: 'high' } }).expect(200);
    expect(res.body.reasoning).toEqual({ context: 'current_turn', effort: 'high', mode: 'standard', summary: null });
    const dflt = await post({ model: 'gpt-5', input: 'x' }).expect(200);
    expect(dflt.body.reasoning).toEqual({ context: 'current_turn', effort: 'medium', mode: 'standard', summary: null });
    // gpt-5.5 and later keep every turn's reasoning and cache prompts for 24h; `auto` resolves to the model's default.
    const newer = await post({ model: 'gpt-5.6', input: 'x', reasoning: { context: 'auto', mode: 'pro' } }).expect(200);
    expect(newer.body.reasoning).toEqual({ context: 'all_turns', effort: 'medium', mode: 'pro', summary: null });
    expect(newer.body.prompt_cache_retention).toBe('24h');
    // gpt-5.1, 5.2 and 5.4 do not reason unless asked: effort none, no reasoning item.
    for (const model of ['gpt-5.1', 'gpt-5.2', 'gpt-5.4']) {
      const chat = await post({ model, input: 'x' }).expect(200);
      expect([model, chat.body.reasoning.effort, chat.body.output.map((o: { type: string }) => o.type)]).toEqual([model, 'none', ['message']]);
    }
    // Non-reasoning models echo what was given.
    expect((await post({ model: 'gpt-4o', input: 'x' })).body.reasoning).toEqual({ effort: null, summary: null });
  });

  test('the same request gives the same text and usage, with fresh ids each time', async () => {
    const body = { model: 'gpt-4o', input: 'Explain how photosynthesis works' };
    const [a, b] = [await post(body), await post(body)];
    expect(a.body.output[0].content).toEqual(b.body.output[0].content);
    expect(a.body.usage).toEqual(b.body.usage);
    expect(a.body.id).not.toBe(b.body.id);
    expect(a.body.output[0].id).not.toBe(b.body.output[0].id);
  });

  test('different prompts give different answers', async () => {
    const texts = new Set<string>();
    for (const input of ['Explain gravity', 'Explain tides', 'What is a monad?', 'Hello!', 'List ideas for dinner']) {
      texts.add((await post({ model: 'gpt-4o', input })).body.output[0].content[0].text);
    }
    expect(texts.size).toBe(5);
  });

  test('x-emulator-seed overrides the seed for one request; a bad value is a 400', async () => {
    const body = { model: 'gpt-4o', input: 'Explain how rainbows form' };
    const texts = new Set<string>();
    for (const seed of ['a', 'b', 'c', 'd', 'e']) {
      texts.add((await post(body).set('x-emulator-seed', seed)).body.output[0].content[0].text);
    }
    expect(texts.size).toBeGreaterThan(1);
    const again = await post(body).set('x-emulator-seed', 'a');
    const first = await post(body).set('x-emulator-seed', 'a');
    expect(again.body.output[0].content[0].text).toBe(first.body.output[0].content[0].text);
    const bad = await post(body).set('x-emulator-seed', 'x'.repeat(300)).expect(400);
    expect(bad.body.error).toMatchObject({ param: 'x-emulator-seed', code: 'invalid_value' });
  });

  test('with a fixed clock and seed, two emulators answer byte-identically', async () => {
    const body = { model: 'gpt-4o', input: 'Tell me a story about a lighthouse', metadata: { test: 'x' } };
    const one = createApp({ seed: 's', fixedTime: '2025-03-09T01:02:03Z' });
    const two = createApp({ seed: 's', fixedTime: '2025-03-09T01:02:03Z' });
    const [a, b] = [await request(one).post('/v1/responses').send(body), await request(two).post('/v1/responses').send(body)];
    expect(a.text).toBe(b.text);
    expect(a.headers['x-request-id']).toBe(b.headers['x-request-id']);
    expect(a.body.created_at).toBe(Date.parse('2025-03-09T01:02:03Z') / 1000);
    expect(a.body.completed_at).toBe(a.body.created_at);
  });

  test('max_output_tokens cuts the answer: status incomplete, reason max_output_tokens, output_tokens = the limit', async () => {
    const res = await post({ model: 'gpt-4o', input: 'Explain how photosynthesis works', max_output_tokens: 16, text: { verbosity: 'high' } }).expect(200);
    expect(res.body).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      completed_at: null,
      usage: { output_tokens: 16 },
    });
    expect(res.body.output[0].status).toBe('incomplete');
    expectValidAgainstProjectSchema('openai/response.json', res.body);
  });

  test('the root path (no /v1) serves the same API', async () => {
    const res = await post({ model: 'gpt-4o', input: 'Hello!' }, '/responses').expect(200);
    expect(res.body.object).toBe('response');
  });
});

describe('stored responses', () => {
  test('GET returns exactly what POST returned; DELETE removes it', async () => {
    const created = await post({ model: 'gpt-4o', input: 'Remember me' }).expect(200);
    const got = await request(app).get(`/v1/responses/${created.body.id}`).expect(200);
    expect(got.body).toEqual(created.body);
    await request(app).get(`/v1/responses/${created.body.id}?include[]=message.output_text.logprobs`).expect(200);
    const del = await request(app).delete(`/v1/responses/${created.body.id}`).expect(200);
    expect(del.body).toEqual({ id: created.body.id, object: 'response', deleted: true });
    const gone = await request(app).get(`/v1/responses/${created.body.id}`).expect(404);
    expect(gone.body).toEqual({
      error: { message: `Response with id '${created.body.id}' not found.`, type: 'invalid_request_error', param: null, code: null },
    });
    await request(app).delete(`/v1/responses/${created.body.id}`).expect(404);
  });

  test('GET with a bad include value is a 400 naming it', async () => {
    const created = await post({ model: 'gpt-4o', input: 'x' });
    const res = await request(app).get(`/v1/responses/${created.body.id}?include[]=nope`).expect(400);
    expect(res.body.error).toMatchObject({ param: 'include[0]', code: 'invalid_value' });
  });

  test('store: false is not retrievable and cannot be continued', async () => {
    const created = await post({ model: 'gpt-4o', input: 'Ephemeral', store: false }).expect(200);
    expect(created.body.store).toBe(false);
    await request(app).get(`/v1/responses/${created.body.id}`).expect(404);
    const next = await post({ model: 'gpt-4o', input: 'next', previous_response_id: created.body.id }).expect(400);
    expect(next.body.error).toEqual({
      message: `Previous response with id '${created.body.id}' not found.`,
      type: 'invalid_request_error',
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
  });

  test('previous_response_id brings earlier inputs and outputs into the context, but not instructions', async () => {
    const first = await post({ model: 'gpt-4o', input: 'My name is Ada.', instructions: 'Be kind. '.repeat(20) }).expect(200);
    const alone = await post({ model: 'gpt-4o', input: 'What is my name?' }).expect(200);
    const chained = await post({ model: 'gpt-4o', input: 'What is my name?', previous_response_id: first.body.id }).expect(200);
    expect(chained.body.previous_response_id).toBe(first.body.id);
    expect(chained.body.instructions).toBeNull();
    const count = await request(app)
      .post('/v1/responses/input_tokens')
      .send({ model: 'gpt-4o', input: [{ role: 'user', content: 'My name is Ada.' }, first.body.output[0], { role: 'user', content: 'What is my name?' }] })
      .expect(200);
    expect(chained.body.usage.input_tokens).toBe(count.body.input_tokens);
    expect(chained.body.usage.input_tokens).toBeGreaterThan(alone.body.usage.input_tokens);
  });

  test('long shared prefixes are reported as cached tokens in blocks of 128', async () => {
    const first = await post({ model: 'gpt-4o', input: 'Summarize this: ' + 'the quick brown fox jumps over the lazy dog. '.repeat(150) }).expect(200);
    const next = await post({ model: 'gpt-4o', input: 'And now?', previous_response_id: first.body.id }).expect(200);
    const cached = next.body.usage.input_tokens_details.cached_tokens;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached % 128).toBe(0);
    expect(cached).toBeLessThan(next.body.usage.input_tokens);
  });

  test('item_reference inputs resolve to stored items; unknown ones are a 400', async () => {
    const first = await post({ model: 'gpt-4o', input: 'Say something' }).expect(200);
    const ref = await post({ model: 'gpt-4o', input: [{ type: 'item_reference', id: first.body.output[0].id }, { role: 'user', content: 'Go on' }] }).expect(200);
    const items = await request(app).get(`/v1/responses/${ref.body.id}/input_items?order=asc`).expect(200);
    expect(items.body.data[0]).toEqual(first.body.output[0]);
    const bad = await post({ model: 'gpt-4o', input: [{ id: 'msg_missing' }] }).expect(400);
    expect(bad.body.error).toMatchObject({ param: 'input[0].id', code: 'item_not_found' });
  });

  test('a tool output must answer a call made earlier in the conversation', async () => {
    const orphan = await post({ model: 'gpt-4o', input: [{ type: 'function_call_output', call_id: 'call_missing', output: 'x' }] }).expect(400);
    expect(orphan.body.error).toEqual({ message: 'No tool call found for function call output with call_id call_missing.', type: 'invalid_request_error', param: 'input', code: null });
    const answered = await post({
      model: 'gpt-4o',
      input: [
        { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'x' },
      ],
    }).expect(200);
    expect(answered.body.status).toBe('completed');
  });
});

describe('GET /v1/responses/{id}/input_items', () => {
  const input = [
    { role: 'developer', content: 'Be brief.' },
    { role: 'user', content: 'one' },
    { role: 'assistant', content: 'two' },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'three' }] },
    { type: 'function_call', call_id: 'call_abc', name: 'lookup', arguments: '{}' },
    { type: 'function_call_output', call_id: 'call_abc', output: '{"ok":true}' },
  ];

  test('every item has an id; desc by default; pages with limit/after/before', async () => {
    const created = await post({ model: 'gpt-4o', input }).expect(200);
    const all = await request(app).get(`/v1/responses/${created.body.id}/input_items`).expect(200);
    expect(all.body.object).toBe('list');
    expect(all.body.has_more).toBe(false);
    expect(all.body.data).toHaveLength(6);
    expect(all.body.data[0].type).toBe('function_call_output');
    for (const item of all.body.data) expect(item.id).toEqual(expect.any(String));
    expect(all.body.data[5]).toMatchObject({ type: 'message', role: 'developer', status: 'completed', content: [{ type: 'input_text', text: 'Be brief.' }] });
    expect(all.body.data[3]).toMatchObject({ role: 'assistant', content: [{ type: 'output_text', text: 'two', annotations: [], logprobs: [] }] });
    expect(all.body.first_id).toBe(all.body.data[0].id);
    expect(all.body.last_id).toBe(all.body.data[5].id);
    expectValidAgainstProjectSchema('openai/item-list.json', all.body);

    const page1 = await request(app).get(`/v1/responses/${created.body.id}/input_items?order=asc&limit=2`).expect(200);
    expect(page1.body.has_more).toBe(true);
    expect(page1.body.data.map((i: { role: string }) => i.role)).toEqual(['developer', 'user']);
    const page2 = await request(app).get(`/v1/responses/${created.body.id}/input_items?order=asc&limit=2&after=${page1.body.last_id}`).expect(200);
    expect(page2.body.data.map((i: { role: string }) => i.role)).toEqual(['assistant', 'user']);
    const before = await request(app).get(`/v1/responses/${created.body.id}/input_items?order=asc&before=${page2.body.first_id}`).expect(200);
    expect(before.body.data).toEqual(page1.body.data);
  });

  test.each([
    ['limit=0', 'limit', 'integer_below_min_value'],
    ['limit=101', 'limit', 'integer_above_max_value'],
    ['limit=ten', 'limit', 'invalid_type'],
    ['order=up', 'order', 'invalid_value'],
    ['after=msg_nope', 'after', 'invalid_value'],
  ])('?%s is a 400 on %s', async (query, param, code) => {
    const created = await post({ model: 'gpt-4o', input: 'x' });
    const res = await request(app).get(`/v1/responses/${created.body.id}/input_items?${query}`).expect(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param, code });
  });

  test('an unknown response is a 404', async () => {
    await request(app).get('/v1/responses/resp_nope/input_items').expect(404);
  });
});

describe('POST /v1/responses/input_tokens', () => {
  test('returns exactly the input_tokens POST /responses reports for the same body', async () => {
    const bodies = [
      { model: 'gpt-4o', input: 'Hello!' },
      { model: 'gpt-4', input: 'Hello!', instructions: 'You are a helpful assistant.' },
      {
        model: 'gpt-4o',
        input: [
          { role: 'user', content: [{ type: 'input_text', text: 'what is in this image?' }, { type: 'input_image', image_url: 'https://x.test/i.png' }] },
        ],
        tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
        text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object', properties: { a: { type: 'string' } } } } },
      },
    ];
    for (const body of bodies) {
      const created = await post(body).expect(200);
      const counted = await request(app).post('/v1/responses/input_tokens').send(body).expect(200);
      expect(counted.body).toEqual({ object: 'response.input_tokens', input_tokens: created.body.usage.input_tokens });
    }
  });

  test('accepts an empty body (the SDK’s count() sends {})', async () => {
    const res = await request(app).post('/v1/responses/input_tokens').send({}).expect(200);
    expect(res.body).toEqual({ object: 'response.input_tokens', input_tokens: 3 });
    await request(app).post('/v1/responses/input_tokens').expect(200);
  });

  test('rejects create-only parameters', async () => {
    const res = await request(app).post('/v1/responses/input_tokens').send({ model: 'gpt-4o', stream: true }).expect(400);
    expect(res.body.error).toMatchObject({ param: 'stream', code: 'unknown_parameter' });
  });
});

describe('models', () => {
  test('GET /v1/models lists models; GET /v1/models/{id} returns one or a 404', async () => {
    const list = await request(app).get('/v1/models').expect(200);
    expect(list.body.object).toBe('list');
    expect(list.body.data.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['gpt-4o', 'gpt-5.4', 'o3-mini']));
    expectValidAgainstProjectSchema('openai/model.json#/$defs/ModelList', list.body);
    const one = await request(app).get('/v1/models/gpt-4o').expect(200);
    expect(one.body).toEqual({ id: 'gpt-4o', object: 'model', created: expect.any(Number), owned_by: 'system' });
    const missing = await request(app).get('/v1/models/gpt-99').expect(404);
    expect(missing.body.error).toMatchObject({ code: 'model_not_found', param: 'model' });
  });
});
