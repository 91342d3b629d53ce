/**
 * Requests real clients send, which the real API accepts (or refuses) as observed: OpenAI's Codex CLI
 * (client_metadata, reasoning items sent back with `content: null` and no id, message metadata it
 * passes through, its web_search tool), other clients' nulls, and the API's check that a reasoning
 * item comes back with the item it led to.
 */
import request from 'supertest';
import { createApp, startEmulator, type RunningEmulator } from '../../src/index';
import { wsExchange } from '../helpers/ws-frames';

type Json = Record<string, unknown>;

const app = createApp({ seed: 'real-clients' });
const post = (body: Json, path = '/v1/responses') => request(app).post(path).send(body);

const ENCRYPTED = 'gAAAAABo-opaque-reasoning';

/** The shape of a Codex CLI turn (codex-rs ResponsesApiRequest), store: false, after one tool round trip. */
function codexTurn(input: Json[]): Json {
  return {
    model: 'gpt-5.4',
    instructions: 'You are Codex.',
    input,
    tools: [
      { type: 'function', name: 'shell', description: 'Runs a shell command', strict: false, parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } }, required: ['command'] } },
      { type: 'web_search', external_web_access: false, search_content_types: ['text', 'image'] },
    ],
    tool_choice: 'auto',
    parallel_tool_calls: false,
    reasoning: { effort: 'medium', summary: 'auto' },
    store: false,
    stream: true,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: '0199c0de-0000-7000-8000-000000000000',
    text: { verbosity: 'low' },
    client_metadata: { 'x-codex-installation-id': 'f1e2d3c4', ws_request_header_traceparent: '00-abc-def-01' },
  };
}

const USER = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List the files here.' }] };

describe('what Codex CLI sends', () => {
  test('client_metadata (a string map) at the top level is accepted and not echoed', async () => {
    const res = await post({ model: 'gpt-5.4', input: 'Hello', client_metadata: { 'x-codex-installation-id': 'abc' } }).expect(200);
    expect(res.body).not.toHaveProperty('client_metadata');
  });

  test('client_metadata is accepted on input_tokens and compact too', async () => {
    for (const path of ['/v1/responses/input_tokens', '/v1/responses/compact']) {
      await post({ model: 'gpt-5.4', input: 'Hello', client_metadata: { 'x-codex-installation-id': 'abc' } }, path).expect(200);
    }
  });

  test('client_metadata values must be strings, as a map of strings', async () => {
    const res = await post({ model: 'gpt-5.4', input: 'Hello', client_metadata: { n: 1 } }).expect(400);
    expect(res.body.error).toEqual({
      message: "Invalid type for 'client_metadata.n': expected a string, but got an integer instead.",
      type: 'invalid_request_error',
      param: 'client_metadata.n',
      code: 'invalid_type',
    });
  });

  test('a whole stateless turn: reasoning without id and with content null, then the call and its output', async () => {
    const input = [
      USER,
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Listing files.' }], content: null, encrypted_content: ENCRYPTED },
      { type: 'function_call', name: 'shell', arguments: '{"command":["ls"]}', call_id: 'call_1' },
      { type: 'function_call_output', call_id: 'call_1', output: 'README.md\nsrc' },
    ];
    const res = await post(codexTurn(input)).expect(200);
    expect(res.text).toContain('event: response.completed');
  });

  test('reasoning with its id and content null, followed by the message it led to', async () => {
    const input = [
      USER,
      { type: 'reasoning', id: 'rs_1', summary: [], content: null, encrypted_content: ENCRYPTED },
      { type: 'message', id: 'msg_1', role: 'assistant', content: [{ type: 'output_text', text: 'Here they are.' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Thanks.' }] },
    ];
    await post({ ...codexTurn(input), stream: false }).expect(200);
  });

  test('internal_chat_message_metadata_passthrough on input items is accepted and ignored', async () => {
    const meta = { turn_id: '01a059de-d2ff-78f1', content_item_kinds: ['environments.environment_context'], create_time: 1788214171.1 };
    const input = [
      { ...USER, internal_chat_message_metadata_passthrough: meta },
      { type: 'function_call', name: 'shell', arguments: '{}', call_id: 'call_2', internal_chat_message_metadata_passthrough: meta },
      { type: 'function_call_output', call_id: 'call_2', output: 'ok', internal_chat_message_metadata_passthrough: null },
    ];
    const res = await post({ model: 'gpt-5.4', input, store: true }).expect(200);
    const items = await request(app).get(`/v1/responses/${String(res.body.id)}/input_items`).expect(200);
    expect(JSON.stringify(items.body)).not.toContain('internal_chat_message_metadata_passthrough');
    // The caller's own body is not changed (the journal keeps what was sent).
    expect(input[0]).toHaveProperty('internal_chat_message_metadata_passthrough');
  });

  test('remote compaction: the body Codex sends to /responses/compact (its tools, reasoning, text)', async () => {
    const turn = codexTurn([{ ...USER, internal_chat_message_metadata_passthrough: { turn_id: 't1' } }, { type: 'reasoning', summary: [], content: null, encrypted_content: ENCRYPTED }, { role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] }]);
    const { model, input, instructions, tools, parallel_tool_calls, reasoning, text, prompt_cache_key } = turn;
    const res = await post({ model, input, instructions, tools, parallel_tool_calls, reasoning, text, prompt_cache_key, service_tier: 'priority' }, '/v1/responses/compact').expect(200);
    expect(res.body.object).toBe('response.compaction');
  });

  test('internal_chat_message_metadata_passthrough must be an object', async () => {
    const res = await post({ model: 'gpt-5.4', input: [{ ...USER, internal_chat_message_metadata_passthrough: 'turn-1' }] }).expect(400);
    expect(res.body.error).toMatchObject({ param: 'input[0].internal_chat_message_metadata_passthrough', code: 'invalid_type' });
  });
});

describe('tool fields the API accepts', () => {
  test.each([
    ['web_search with search_content_types and external_web_access', { type: 'web_search', search_content_types: ['text', 'image'], external_web_access: true }],
    ['web_search_2025_08_26 with image_settings', { type: 'web_search_2025_08_26', search_content_types: ['image'], image_settings: { max_results: 8, caption: true } }],
    ['image_generation with n', { type: 'image_generation', n: 1, size: '1024x1024' }],
    ['a function with an empty allowed_callers list', { type: 'function', name: 'f', allowed_callers: [] }],
  ])('%s', async (_name, tool) => {
    await post({ model: 'gpt-5.4', input: 'Hello', tools: [tool] }).expect(200);
  });

  test('search_content_types values are checked', async () => {
    const res = await post({ model: 'gpt-5.4', input: 'Hello', tools: [{ type: 'web_search', search_content_types: ['video'] }] }).expect(400);
    expect(res.body.error).toMatchObject({ param: 'tools[0].search_content_types[0]', code: 'invalid_value' });
  });
});

describe('nulls and omissions other clients send on input items', () => {
  test.each([
    ['function_call with status null', { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}', status: null, id: null }],
    ['custom_tool_call with status null', { type: 'custom_tool_call', call_id: 'c1', name: 'f', input: 'x', status: null }],
    ['reasoning with status null', { type: 'reasoning', summary: [], status: null, encrypted_content: null }],
  ])('%s', async (_name, item) => {
    await post({ model: 'gpt-5.4', input: [{ role: 'user', content: 'Hi' }, item] }).expect(200);
  });

  test('a function_call_output without call_id (a standalone tool output, as the spec allows)', async () => {
    await post({ model: 'gpt-5.4', input: [{ role: 'user', content: 'Hi' }, { type: 'function_call_output', name: 'lookup', output: 'found' }] }).expect(200);
  });
});

describe('a reasoning item must come back with its following item', () => {
  const reasoning = { type: 'reasoning', id: 'rs_0c3876fcd4da19ef00692a14046bc8819eba6941c05c5ab7e7', summary: [] };
  const expected = {
    message: "Item 'rs_0c3876fcd4da19ef00692a14046bc8819eba6941c05c5ab7e7' of type 'reasoning' was provided without its required following item.",
    type: 'invalid_request_error',
    param: 'input',
    code: null,
  };

  test.each([
    ['as the last item', [{ role: 'user', content: 'Hi' }, reasoning]],
    ['followed by a user message', [{ role: 'user', content: 'Hi' }, reasoning, { role: 'user', content: 'again' }]],
    ['followed by a tool output', [{ type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' }, reasoning, { type: 'function_call_output', call_id: 'c', output: 'x' }]],
  ])('refused %s', async (_name, input) => {
    const res = await post({ model: 'gpt-5.4', input }).expect(400);
    expect(res.body.error).toEqual(expected);
  });

  test.each([
    ['an assistant message', { role: 'assistant', content: 'Hello.' }],
    ['a function call', { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' }],
    ['a web search call', { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'q' } }],
    ['an item reference', { type: 'item_reference', id: 'msg_unknown_is_checked_elsewhere' }],
  ])('accepted when followed by %s', async (name, next) => {
    const res = await post({ model: 'gpt-5.4', input: [{ role: 'user', content: 'Hi' }, reasoning, next, { role: 'user', content: 'More' }] });
    if (name === 'an item reference') expect(res.body.error?.message ?? '').not.toContain('required following item');
    else expect(res.status).toBe(200);
  });

  test('input_tokens counts refuse it the same way', async () => {
    const res = await post({ model: 'gpt-5.4', input: [{ role: 'user', content: 'Hi' }, reasoning] }, '/v1/responses/input_tokens').expect(400);
    expect(res.body.error).toEqual(expected);
  });
});

describe('over WebSocket, as Codex CLI sends its turns', () => {
  let running: RunningEmulator;
  beforeAll(async () => {
    running = await startEmulator({ port: 0, seed: 'real-clients-ws' });
  });
  afterAll(async () => running.close());

  test('response.create frames with client_metadata and a stateless reasoning round trip are answered', async () => {
    const { stream: _stream, ...turn } = codexTurn([
      USER,
      { type: 'reasoning', summary: [], content: null, encrypted_content: ENCRYPTED },
      { type: 'function_call', name: 'shell', arguments: '{"command":["ls"]}', call_id: 'call_ws' },
      { type: 'function_call_output', call_id: 'call_ws', output: 'README.md' },
    ]);
    const frames = await wsExchange(`${running.baseURL.replace('http', 'ws')}/responses`, [{ type: 'response.create', ...turn }], 1);
    expect(frames.filter((f) => f.type === 'error')).toEqual([]);
    expect(frames.at(-1)?.type).toBe('response.completed');
  });

  test('a reasoning item without its following item is an error frame with the API’s error', async () => {
    const frames = await wsExchange(
      `${running.baseURL.replace('http', 'ws')}/responses`,
      [{ type: 'response.create', model: 'gpt-5.4', client_metadata: { a: 'b' }, input: [{ role: 'user', content: 'Hi' }, { type: 'reasoning', id: 'rs_ws', summary: [] }] }],
      1,
    );
    expect(frames).toEqual([
      {
        type: 'error',
        status: 400,
        error: { type: 'invalid_request_error', code: null, message: "Item 'rs_ws' of type 'reasoning' was provided without its required following item.", param: 'input' },
      },
    ]);
  });
});
