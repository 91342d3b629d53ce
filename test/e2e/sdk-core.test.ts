/**
 * The official openai SDK against a started emulator: the calls a real app makes, the SDK's own
 * parsing (output_text, pagination) and its error classes.
 */
import OpenAI from 'openai';
import { startEmulator, type RunningEmulator } from '../../src/index';

let emulator: RunningEmulator;
let client: OpenAI;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'e2e' });
  client = new OpenAI({ apiKey: 'test-key', baseURL: emulator.baseURL, maxRetries: 0 });
});
afterAll(() => emulator.close());

describe('official SDK: responses', () => {
  test('create → retrieve → delete, with output_text computed by the SDK', async () => {
    const response = await client.responses.create({ model: 'gpt-4o', input: 'Tell me a three sentence bedtime story about a unicorn.' });
    expect(response.status).toBe('completed');
    expect(response.output_text.length).toBeGreaterThan(40);
    expect(response.output_text).toBe((response.output[0] as OpenAI.Responses.ResponseOutputMessage).content.map((c) => (c.type === 'output_text' ? c.text : '')).join(''));
    expect(response._request_id).toMatch(/^req_/);

    const again = await client.responses.retrieve(response.id);
    expect(again.output_text).toBe(response.output_text);
    expect(again.usage).toEqual(response.usage);

    await client.responses.delete(response.id);
    await expect(client.responses.retrieve(response.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  test('multi-turn with previous_response_id', async () => {
    const first = await client.responses.create({ model: 'gpt-4o', input: 'My favourite colour is teal.' });
    const second = await client.responses.create({ model: 'gpt-4o', input: 'What is my favourite colour?', previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.usage!.input_tokens).toBeGreaterThan(first.usage!.input_tokens);
    const { input_tokens } = await client.responses.inputTokens.count({
      model: 'gpt-4o',
      input: 'What is my favourite colour?',
      previous_response_id: first.id,
    });
    expect(input_tokens).toBe(second.usage!.input_tokens);
  });

  test('input_items: every page the SDK walks, in order, with has_more honoured', async () => {
    const input = Array.from({ length: 7 }, (_, i) => ({ role: 'user' as const, content: `message ${i}` }));
    const response = await client.responses.create({ model: 'gpt-4o', input });
    const seen: string[] = [];
    for await (const item of client.responses.inputItems.list(response.id, { limit: 3, order: 'asc' })) {
      expect(item.id).toEqual(expect.any(String));
      const message = item as OpenAI.Responses.ResponseInputMessageItem;
      seen.push((message.content[0] as { text: string }).text);
    }
    expect(seen).toEqual(input.map((m) => m.content));
    const firstPage = await client.responses.inputItems.list(response.id, { limit: 3 });
    expect(firstPage.data).toHaveLength(3);
    expect(firstPage.hasNextPage()).toBe(true);
    expect((firstPage.data[0] as OpenAI.Responses.ResponseInputMessageItem).content[0]).toMatchObject({ text: 'message 6' });
  });

  test('max_output_tokens gives an incomplete response', async () => {
    const r = await client.responses.create({ model: 'gpt-4o', input: 'Explain how tides work', max_output_tokens: 16, text: { verbosity: 'high' } });
    expect(r.status).toBe('incomplete');
    expect(r.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(r.usage!.output_tokens).toBe(16);
  });

  test('the SDK’s error classes carry status, type, param and code', async () => {
    const bad = await client.responses.create({ model: 'gpt-4o', input: 'x', temperature: 5 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    const e = bad as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.status).toBe(400);
    expect(e.param).toBe('temperature');
    expect(e.code).toBe('decimal_above_max_value');
    expect(e.type).toBe('invalid_request_error');
    expect(e.requestID).toMatch(/^req_/);
    expect(e.message).toBe("400 Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 5 instead.");

    const unknownParam = await client.responses.create({ model: 'gpt-4o', input: 'x', temprature: 1 } as never).catch((err: unknown) => err);
    expect(unknownParam).toMatchObject({ status: 400, param: 'temprature', code: 'unknown_parameter' });

    const missingPrev = await client.responses.create({ model: 'gpt-4o', input: 'x', previous_response_id: 'resp_nope' }).catch((err: unknown) => err);
    expect(missingPrev).toBeInstanceOf(OpenAI.BadRequestError);
    expect(missingPrev).toMatchObject({ param: 'previous_response_id', code: 'previous_response_not_found' });

    await expect(client.responses.retrieve('resp_nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.responses.inputItems.list('resp_nope').then((p) => p.data)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  test('models', async () => {
    const models = [];
    for await (const m of client.models.list()) models.push(m.id);
    expect(models).toContain('gpt-4o');
    expect((await client.models.retrieve('gpt-4o')).id).toBe('gpt-4o');
    await expect(client.models.retrieve('nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('official SDK: the generated-test style (base URL without /v1)', () => {
  test('create({}), retrieve, delete, input items, input tokens and unknown paths', async () => {
    const root = new OpenAI({ apiKey: 'My API Key', baseURL: emulator.url, maxRetries: 0 });
    // `create({})` has no model: the API (and the emulator) answer 400.
    await expect(root.responses.create({} as never)).rejects.toMatchObject({ status: 400, param: 'model' });
    const created = await root.responses.create({ model: 'gpt-4o', input: 'hi' });
    const raw = await root.responses.retrieve(created.id).asResponse();
    expect(raw.status).toBe(200);
    const { data, response } = await root.responses.retrieve(created.id).withResponse();
    expect(data.id).toBe(created.id);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect((await root.responses.inputTokens.count()).input_tokens).toBe(3);
    await root.responses.delete(created.id);
    await expect(root.get('/_stainless_unknown_path', { query: { limit: 0 } })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});
