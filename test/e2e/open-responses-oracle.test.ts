/**
 * Every Open Responses body and event the emulator can produce, over a sweep of requests (reasoning
 * summaries and raw reasoning, refusals, structured output, truncation, content filter, background,
 * mid-stream faults), validated against the specification's schemas, with its own rules checked:
 * all 31 ResponseResource fields present, nested `error` events followed by `response.failed`,
 * `[DONE]` after every stream that ended and none after a cut one.
 */
import { startEmulator, type RunningEmulator } from '../../src/index';
import { describeWithOpenResponsesSpec, openResponsesOracle } from '../helpers/oracle';
import { orderViolations, postJson, postSse, schemaErrorsOfEvents } from '../helpers/open-responses-compliance';

type Json = Record<string, unknown>;

const RESOURCE_FIELDS = [
  'id', 'object', 'created_at', 'completed_at', 'status', 'incomplete_details', 'model', 'previous_response_id', 'instructions', 'output', 'error',
  'tools', 'tool_choice', 'truncation', 'parallel_tool_calls', 'text', 'top_p', 'presence_penalty', 'frequency_penalty', 'top_logprobs',
  'temperature', 'reasoning', 'usage', 'max_output_tokens', 'max_tool_calls', 'store', 'background', 'service_tier', 'metadata',
  'safety_identifier', 'prompt_cache_key',
];

/** Settings the resource echoes. */
const SETTINGS = {
  presence_penalty: 0.5,
  frequency_penalty: -0.25,
  metadata: { run: 'sweep' },
  safety_identifier: 'user-1',
  prompt_cache_key: 'k1',
  service_tier: 'flex',
  temperature: 0.3,
  top_p: 0.9,
  truncation: 'auto',
  max_tool_calls: 4,
};

const SWEEP: [string, Json][] = [
  ['plain text', { model: 'gpt-4o', input: 'Tell me about rivers.' }],
  ['reasoning summary', { model: 'o3', input: 'Plan a trip to Kyoto.', reasoning: { effort: 'high', summary: 'detailed' } }],
  ['raw reasoning (gpt-oss)', { model: 'gpt-oss-20b', input: 'Why do cats purr?', include: ['reasoning.encrypted_content'] }],
  ['refusal', { model: 'gpt-4o', input: 'How do I build a bomb at home?' }],
  ['content filter', { model: 'gpt-4o', input: 'Say something [[content_filter]]' }],
  ['truncated', { model: 'gpt-4o', input: 'Write a long essay about castles.', max_output_tokens: 16 }],
  [
    'structured output',
    { model: 'gpt-4o', input: 'Give me a user.', text: { format: { type: 'json_schema', name: 'user', strict: true, schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } } } },
  ],
  ['json object', { model: 'gpt-4o', input: 'Reply in JSON with a greeting.', text: { format: { type: 'json_object' } } }],
  ['logprobs', { model: 'gpt-4o', input: 'Say yes.', top_logprobs: 3, include: ['message.output_text.logprobs'] }],
  [
    'parallel tool calls with settings echoed',
    {
      model: 'gpt-4o',
      input: 'Weather in Paris and in Rome?',
      tools: [{ type: 'function', name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, strict: true }],
      tool_choice: 'required',
      ...SETTINGS,
    },
  ],
  ['allowed tools', { model: 'gpt-4o', input: 'Look up Oslo.', tools: [{ type: 'function', name: 'lookup' }], tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'lookup' }] } }],
];

describeWithOpenResponsesSpec('Open Responses: everything emitted validates against the specification', () => {
  let emulator: RunningEmulator;
  let base: string;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    base = `${emulator.url}/open-responses/v1`;
  });
  afterAll(() => emulator.close());

  const expectResource = (body: Json) => {
    expect(Object.keys(body)).toEqual(RESOURCE_FIELDS);
    openResponsesOracle.expectValid('ResponseResource', body);
  };

  test.each(SWEEP)('%s: JSON and stream', async (_label, body) => {
    const json = await postJson(`${base}/responses`, body);
    expect(json.status).toBe(200);
    expectResource(json.body);
    const stream = await postSse(`${base}/responses`, body);
    expect(schemaErrorsOfEvents(stream.events)).toEqual([]);
    expect(orderViolations(stream.events)).toEqual([]);
    for (const e of stream.events) if (e.response) expectResource(e.response as Json);
    expect(stream.frames[stream.frames.length - 1].data).toBe('[DONE]');
    // The stream and the JSON say the same (ids differ: they are two responses).
    const strip = (r: Json) => JSON.stringify(r.output).replace(/"(?:id|call_id|item_id)":"[^"]+"/g, '');
    expect(strip(stream.final!)).toBe(strip(json.body));
  });

  test('echoes the request settings in the resource, penalties included', async () => {
    const { body } = await postJson(`${base}/responses`, SWEEP[9][1]);
    expect(body).toMatchObject({
      ...SETTINGS,
      tool_choice: 'required',
      usage: { input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
    });
    expect(Object.keys(body.usage as Json)).toEqual(['input_tokens', 'output_tokens', 'total_tokens', 'input_tokens_details', 'output_tokens_details']);
  });

  test('a mid-stream error is a nested error event, then response.failed, then [DONE]', async () => {
    const stream = await postSse(`${base}/responses`, { model: 'gpt-4o', input: 'Tell me about rivers.' }, { 'x-emulator-fault': 'stream_error;after=5;message=Upstream overloaded.' });
    expect(schemaErrorsOfEvents(stream.events)).toEqual([]);
    const [error, failed] = stream.events.slice(-2);
    expect(error).toEqual({ type: 'error', sequence_number: 5, error: { type: 'server_error', code: 'server_error', message: 'Upstream overloaded.', param: null } });
    expect(failed).toMatchObject({ type: 'response.failed', sequence_number: 6, response: { status: 'failed', error: { code: 'server_error', message: 'Upstream overloaded.' } } });
    expectResource(failed.response as Json);
    expect(stream.frames[stream.frames.length - 1].data).toBe('[DONE]');
  });

  test('a cut stream has no [DONE]: the client sees a dropped connection', async () => {
    const stream = await postSse(`${base}/responses`, { model: 'gpt-4o', input: 'Tell me about rivers.' }, { 'x-emulator-fault': 'stream_cut;after=4' });
    expect(stream.events).toHaveLength(4);
    expect(stream.raw).not.toContain('[DONE]');
  });

  test('background: queued resource, then the queued stream', async () => {
    const json = await postJson(`${base}/responses`, { model: 'gpt-4o', input: 'Background work.', background: true });
    expect(json.body).toMatchObject({ status: 'queued', background: true, usage: null, completed_at: null });
    expectResource(json.body);
    const stream = await postSse(`${base}/responses`, { model: 'gpt-4o', input: 'Background work.', background: true });
    expect(stream.events.slice(0, 3).map((e) => e.type)).toEqual(['response.created', 'response.queued', 'response.in_progress']);
    expect(schemaErrorsOfEvents(stream.events)).toEqual([]);
    expect(orderViolations(stream.events)).toEqual([]);
  });

  test('errors: the specification\'s types, precise params', async () => {
    const cases: [Json, number, Json][] = [
      [{ model: 'gpt-4o', input: 'x', tools: [{ type: 'web_search' }] }, 400, { type: 'invalid_request', param: 'tools[0].type' }],
      [{ model: 'gpt-4o', input: 'x', reasoning: { effort: 'max' } }, 400, { type: 'invalid_request', param: 'reasoning.effort' }],
      [{ model: 'gpt-4o', input: 'x', max_output_tokens: 8 }, 400, { type: 'invalid_request', param: 'max_output_tokens' }],
      [{ model: 'gpt-4o', input: 'x', previous_response_id: 'resp_missing' }, 400, { type: 'invalid_request', param: 'previous_response_id', code: 'previous_response_not_found' }],
      [{ model: 'gpt-4o', input: 'x', conversation: 'conv_1' }, 400, { type: 'invalid_request', param: 'conversation' }],
    ];
    for (const [body, status, error] of cases) {
      const res = await postJson(`${base}/responses`, body);
      expect([res.status, res.body.error]).toEqual([status, expect.objectContaining(error)]);
      expect(Object.keys(res.body.error as Json)).toEqual(['message', 'type', 'param', 'code']);
    }
    const notFound = await fetch(`${base}/models`);
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as { error: Json }).error).toMatchObject({ type: 'not_found' });
  });

  test('without a model, the default one answers (every field of the request is optional)', async () => {
    const res = await postJson(`${base}/responses`, { input: 'Hello' });
    expect(res.status).toBe(200);
    expect(res.body.model).toBe('gpt-5.4');
  });
});
