/**
 * Everything the emulator emits must validate against the official schemas (the oracle).
 * Skipped when ../shared/reference is not present.
 */
import request from 'supertest';
import { createApp } from '../../src/index';
import { describeWithOracle, expectValidAgainstOracle } from '../helpers/oracle';

const REQUESTS: Record<string, unknown>[] = [
  { model: 'gpt-4o', input: 'Tell me a three sentence bedtime story about a unicorn.' },
  { model: 'gpt-5.4', instructions: 'You are a helpful assistant.', input: 'Hello!' },
  { model: 'o3-mini', input: 'How much wood would a woodchuck chuck?', reasoning: { effort: 'high' } },
  { model: 'gpt-4o', input: 'Explain entropy', max_output_tokens: 16, text: { verbosity: 'high' } },
  {
    model: 'gpt-4.1',
    input: [
      { role: 'user', content: [{ type: 'input_text', text: 'what is in this image?' }, { type: 'input_image', image_url: 'https://x.test/a.jpg' }] },
    ],
    metadata: { a: 'b' },
    user: 'u1',
  },
  {
    model: 'gpt-4o',
    input: 'What is the weather like in Boston today?',
    tools: [
      {
        type: 'function',
        name: 'get_current_weather',
        description: 'Get the current weather in a given location',
        parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['location', 'unit'] },
      },
      { type: 'web_search_preview' },
      { type: 'file_search', vector_store_ids: ['vs_1'], max_num_results: 20 },
    ],
    tool_choice: 'none',
  },
  {
    model: 'gpt-4o',
    input: [
      { role: 'user', content: 'hi' },
      { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'done' },
    ],
    text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false }, strict: true } },
    store: true,
    prompt_cache_key: 'k',
    safety_identifier: 's',
    service_tier: 'priority',
  },
];

describeWithOracle('the oracle accepts everything the emulator emits', () => {
  const app = createApp({ seed: 'oracle' });

  test.each(REQUESTS.map((r) => [JSON.stringify(r).slice(0, 80), r]))('Response for %s (POST and GET), its input items', async (_label, body) => {
    const created = await request(app).post('/v1/responses').send(body as object).expect(200);
    expectValidAgainstOracle('Response', created.body);
    const got = await request(app).get(`/v1/responses/${created.body.id}`).expect(200);
    expectValidAgainstOracle('Response', got.body);
    const items = await request(app).get(`/v1/responses/${created.body.id}/input_items`).expect(200);
    expectValidAgainstOracle('ResponseItemList', items.body);
  });

  test('token counts, deletions and errors', async () => {
    const count = await request(app).post('/v1/responses/input_tokens').send({ model: 'gpt-4o', input: 'hi' }).expect(200);
    expectValidAgainstOracle('TokenCountsResource', count.body);
    for (const res of [
      await request(app).post('/v1/responses').send({ model: 'gpt-4o', temprature: 1 }),
      await request(app).get('/v1/responses/resp_missing'),
      await request(app).get('/v1/unknown'),
      await request(app).post('/v1/responses').set('content-type', 'application/json').send('{'),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expectValidAgainstOracle('ErrorResponse', res.body);
    }
  });

  test('a chained response and a cut-off response validate', async () => {
    const first = await request(app).post('/v1/responses').send({ model: 'gpt-4o', input: 'One' });
    const second = await request(app).post('/v1/responses').send({ model: 'gpt-4o', input: 'Two', previous_response_id: first.body.id, max_output_tokens: 16 });
    expectValidAgainstOracle('Response', second.body);
  });
});
