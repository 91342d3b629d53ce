/**
 * The Open Responses compliance suite's cases (HTTP and WebSocket), each sent exactly as the suite
 * sends it and checked as the suite checks it — plus the specification's own stream rules the suite
 * leaves out (`event:` equals `type`, no `id:` lines, `data: [DONE]` last). Run against both ways of
 * serving the dialect: the `/open-responses/v1` prefix, and `/v1` under `--dialect open-responses`.
 */
import { startEmulator, type RunningEmulator } from '../../src/index';
import { openResponsesOracle, describeWithOpenResponsesSpec } from '../helpers/oracle';
import { orderViolations, postJson, postSse, schemaErrorsOfEvents, WsSession, type SseResult, type WsTurn } from '../helpers/open-responses-compliance';

type Json = Record<string, unknown>;

const MODEL = 'gpt-4o-mini';
const RED_HEART_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAABmklEQVR42tyWAaTyUBzFew/eG4AHz+MBSAHKBiJRGFKwIgQQJKLUIioBIhCAiCAAEizAQIAECaASqFFJq84nudjnaqvuPnxzgP9xfrq5938csPn7PwHTKSoViCIEAYEAMhmoKsU2mUCWEQqB5xEMIp/HaGQG2G6RSuH9HQ7H34rFrtPbdz4jl6PbwmEsl3QA1mt4vcRKk8dz9eg6IpF7tt9fzGY0gCgafFRFo5Blc5vLhf3eCOj1yNhM5GRMVK0aATxPZoz09YXjkQDmczJgquGQAPp9WwCNBgG027YACgUC6HRsAZRKBDAY2AJoNv/ZnwzA6WScznG3p4UAymXGAEkyXrTFAh8fLAGqagQAyGaZpYsi7bHTNPz8MEj//LxuFPo+UBS8vb0KaLXubrRa7aX0RMLCykwmn0z3+XA4WACcTpCkh9MFAZpmuVXo+mO/w+/HZvNgbblcUCxaSo/Hyck80Yu6XXDcvfVZr79cvMZjuN2U9O9vKAqjZrfbIZ0mV4TUi9Xqz6jddNy//7+e3n8Fhf/Llo2kxi8AQyGRoDkmAhAAAAAASUVORK5CYII=';
const PDF_FIXTURE =
  'data:application/pdf;base64,JVBERi0xLjEKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAzMDAgMTQ0XSAvQ29udGVudHMgNCAwIFIgL1Jlc291cmNlcyA8PCAvRm9udCA8PCAvRjEgNSAwIFIgPj4gPj4gPj4KZW5kb2JqCjQgMCBvYmoKPDwgL0xlbmd0aCA3NCA+PgpzdHJlYW0KQlQKL0YxIDEyIFRmCjcyIDcyIFRkCihUaXRsZTogT3BlblJlc3BvbnNlcyBGaWxlIElucHV0IEZpeHR1cmUpIFRqCkVUCmVuZHN0cmVhbQplbmRvYmoKNSAwIG9iago8PCAvVHlwZSAvRm9udCAvU3VidHlwZSAvVHlwZTEgL0Jhc2VGb250IC9IZWx2ZXRpY2EgPj4KZW5kb2JqCnRyYWlsZXIKPDwgL1Jvb3QgMSAwIFIgPj4KJSVFT0Y=';
const WEATHER_TOOL = {
  type: 'function',
  name: 'get_weather',
  description: 'Get the current weather for a location',
  parameters: { type: 'object', properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } }, required: ['location'] },
};
const user = (content: unknown) => ({ type: 'message', role: 'user', content });

/** The suite's ResponseResource check, then its semantic validators. */
function expectResource(body: Json | null, checks: { completed?: boolean; outputType?: string } = {}): Json {
  expect(body).not.toBeNull();
  openResponsesOracle.expectValid('ResponseResource', body);
  const output = body!.output as Json[];
  expect(output.length).toBeGreaterThan(0); // hasOutput
  if (checks.completed !== false) expect(body!.status).toBe('completed');
  if (checks.outputType) expect(output.map((o) => o.type)).toContain(checks.outputType);
  return body!;
}

/** The suite's streaming checks, and the specification's SSE rules. */
function expectCompliantStream(stream: SseResult): Json[] {
  expect(stream.status).toBe(200);
  expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
  expect(stream.events.length).toBeGreaterThan(0);
  expect(schemaErrorsOfEvents(stream.events)).toEqual([]);
  expect(orderViolations(stream.events)).toEqual([]);
  // event: equals the payload's type; the stream ends with [DONE]; no id: lines.
  const frames = stream.frames.slice(0, -1);
  frames.forEach((f) => expect(f.event).toBe((JSON.parse(f.data) as Json).type));
  expect(stream.frames[stream.frames.length - 1]).toEqual({ event: undefined, data: '[DONE]' });
  expect(stream.raw).not.toMatch(/^id:/m);
  expect(stream.raw.endsWith('data: [DONE]\n\n')).toBe(true);
  return stream.events;
}

function expectTurn(turn: WsTurn): Json {
  expect(turn.failure).toBeNull();
  expect(turn.errorCode).toBeNull();
  expect(schemaErrorsOfEvents(turn.events)).toEqual([]);
  expect(orderViolations(turn.events)).toEqual([]);
  return expectResource(turn.final);
}

const SERVINGS = [
  ['the /open-responses/v1 prefix', {}, '/open-responses/v1'],
  ['/v1 with --dialect open-responses', { dialect: 'open-responses' as const }, '/v1'],
] as const;

describeWithOpenResponsesSpec.each(SERVINGS)('Open Responses compliance suite, served at %s', (_label, options, prefix) => {
  let emulator: RunningEmulator;
  let base: string;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, ...options });
    base = `${emulator.url}${prefix}`;
  });
  afterAll(() => emulator.close());
  const create = (body: Json) => postJson(`${base}/responses`, { model: MODEL, stream: false, ...body });
  const wsUrl = () => `${base.replace(/^http/, 'ws')}/responses`;

  test('basic-response', async () => {
    const res = await create({ input: [user('Say hello in exactly 3 words.')] });
    expect(res.status).toBe(200);
    expectResource(res.body);
  });

  test('streaming-response (with the event order state machine)', async () => {
    const stream = await postSse(`${base}/responses`, { model: MODEL, input: [user('Count from 1 to 5.')] });
    expectCompliantStream(stream);
    expectResource(stream.final);
  });

  test('system-prompt', async () => {
    const res = await create({ input: [{ type: 'message', role: 'system', content: 'You are a pirate. Always respond in pirate speak.' }, user('Say hello.')] });
    expectResource(res.body);
  });

  test('tool-calling', async () => {
    const res = await create({ input: [user("What's the weather like in San Francisco?")], tools: [WEATHER_TOOL] });
    const body = expectResource(res.body, { outputType: 'function_call' });
    expect((body.tools as Json[])[0]).toEqual({ ...WEATHER_TOOL, strict: true });
  });

  test('tool-calling-streaming and streaming-tool-call (forced)', async () => {
    for (const extra of [{}, { tool_choice: { type: 'function', name: 'get_weather' } }]) {
      const stream = await postSse(`${base}/responses`, { model: MODEL, input: [user("What's the weather like in San Francisco?")], tools: [WEATHER_TOOL], ...extra });
      const events = expectCompliantStream(stream);
      const isCall = (e: Json) => (e.item as Json | undefined)?.type === 'function_call';
      expect(events.some((e) => e.type === 'response.output_item.added' && isCall(e))).toBe(true);
      expect(events.some((e) => e.type === 'response.function_call_arguments.delta')).toBe(true);
      expect(events.some((e) => e.type === 'response.function_call_arguments.done')).toBe(true);
      expect(events.some((e) => e.type === 'response.output_item.done' && isCall(e))).toBe(true);
      expectResource(stream.final, { outputType: 'function_call' });
    }
  });

  test('image-input (data URL and https URL)', async () => {
    for (const url of [RED_HEART_PNG, 'https://www.google.com/images/branding/googlelogo/2x/googlelogo_color_272x92dp.png']) {
      const res = await create({ input: [user([{ type: 'input_text', text: 'What do you see in this image? Answer in one sentence.' }, { type: 'input_image', image_url: url }])] });
      expect(res.status).toBe(200);
      expectResource(res.body);
    }
  });

  test('file-input', async () => {
    const res = await create({
      input: [user([{ type: 'input_text', text: 'Read the attached file and answer with its title only.' }, { type: 'input_file', filename: 'openresponses-fixture.pdf', file_data: PDF_FIXTURE }])],
    });
    expectResource(res.body);
  });

  test('multi-turn', async () => {
    const res = await create({
      input: [user('My name is Alice.'), { type: 'message', role: 'assistant', content: 'Hello Alice! Nice to meet you. How can I help you today?' }, user('What is my name?')],
    });
    expectResource(res.body);
  });

  test('assistant-phase', async () => {
    const res = await create({
      input: [
        { type: 'message', role: 'assistant', phase: 'commentary', content: 'I should answer with the saved number.' },
        { type: 'message', role: 'assistant', phase: 'final_answer', content: 'The number is four.' },
        user('Repeat only the number.'),
      ],
    });
    expectResource(res.body);
  });

  test('previous-response-id', async () => {
    const first = await postJson(`${base}/responses`, { model: MODEL, input: 'Remember this code word: papaya. Reply with only OK.' });
    expectResource(first.body);
    const second = await postJson(`${base}/responses`, { model: MODEL, previous_response_id: first.body.id, input: 'What code word did I ask you to remember?' });
    expect(expectResource(second.body).previous_response_id).toBe(first.body.id);
  });

  test('function-call-roundtrip', async () => {
    const first = await create({ input: 'Use the weather tool to get the temperature in San Francisco.', tools: [WEATHER_TOOL], tool_choice: { type: 'function', name: 'get_weather' } });
    const call = (first.body.output as Json[]).find((o) => o.type === 'function_call');
    expect(call?.call_id).toEqual(expect.any(String));
    const second = await create({ previous_response_id: first.body.id, input: [{ type: 'function_call_output', call_id: call!.call_id, output: '64 degrees and clear' }] });
    expect((expectResource(second.body).output as Json[])[0].type).toBe('message');
  });

  test('compact-response and compact-missing-model', async () => {
    const res = await postJson(`${base}/responses/compact`, {
      model: MODEL,
      prompt_cache_key: 'openresponses-compact-test',
      input: [user('We agreed to launch on Tuesday and notify support first.'), { type: 'message', role: 'assistant', content: 'Understood. The launch is Tuesday, with support notified beforehand.' }],
    });
    expect(res.status).toBe(200);
    openResponsesOracle.expectValid('CompactResource', res.body);
    expect(res.body.object).toBe('response.compaction');
    expect((res.body.output as Json[]).map((o) => o.type)).toContain('compaction');
    const missing = await postJson(`${base}/responses/compact`, { input: [user('Compact this conversation.')] });
    expect([400, 422]).toContain(missing.status);
    expect(missing.body).toEqual({ error: { message: "Missing required parameter: 'model'.", type: 'invalid_request', param: 'model', code: 'missing_required_parameter' } });
  });

  test('websocket-response and websocket-sequential-responses', async () => {
    const ws = await WsSession.open(wsUrl());
    expectTurn(await ws.turn({ type: 'response.create', model: MODEL, input: [user('Count from 1 to 3.')] }));
    expectTurn(await ws.turn({ type: 'response.create', model: MODEL, store: false, input: 'Reply with exactly: first' }));
    expectTurn(await ws.turn({ type: 'response.create', model: MODEL, store: false, input: 'Reply with exactly: second' }));
    ws.close();
  });

  test('websocket-continuation: a store:false response continues on the same connection', async () => {
    const ws = await WsSession.open(wsUrl());
    const warm = expectTurn(await ws.turn({ type: 'response.create', model: MODEL, store: false, input: 'Remember the code word: cobalt. Reply with OK.' }));
    const next = expectTurn(await ws.turn({ type: 'response.create', model: MODEL, store: false, previous_response_id: warm.id, input: 'What is the code word? Reply with only the code word.' }));
    expect(next.previous_response_id).toBe(warm.id);
    ws.close();
  });

  test('websocket-reconnect-store-false-recovery and websocket-previous-response-not-found', async () => {
    const first = await WsSession.open(wsUrl());
    const warm = expectTurn(await first.turn({ type: 'response.create', model: MODEL, store: false, input: 'Remember the code word: copper. Reply with OK.' }));
    first.close();
    const second = await WsSession.open(wsUrl());
    const lost = await second.turn({ type: 'response.create', model: MODEL, store: false, previous_response_id: warm.id, input: 'Try to continue after reconnect. Reply with exactly: reconnected' });
    expect(lost.errorCode).toBe('previous_response_not_found');
    openResponsesOracle.expectValid('WebSocketErrorEvent', lost.events[0]);
    expect(lost.events[0]).toMatchObject({ type: 'error', status: 400, error: { code: 'previous_response_not_found', param: 'previous_response_id' } });
    expectTurn(await second.turn({ type: 'response.create', model: MODEL, store: false, input: [user('The previous store:false chain could not continue after reconnect. Start a new response and reply with exactly: recovered')] }));
    const missing = await second.turn({ type: 'response.create', model: MODEL, store: false, previous_response_id: 'resp_openresponses_missing_1', input: 'This should fail because the previous response is missing.' });
    expect(missing.errorCode).toBe('previous_response_not_found');
    second.close();
  });

  test('websocket-failed-continuation-evicts-cache', async () => {
    const ws = await WsSession.open(wsUrl());
    const warm = expectTurn(await ws.turn({ type: 'response.create', model: MODEL, store: false, input: 'Remember the code word: ember. Reply with OK.' }));
    const failed = await ws.turn({
      type: 'response.create',
      model: MODEL,
      store: false,
      previous_response_id: warm.id,
      input: [{ type: 'function_call_output', call_id: 'call_openresponses_missing', output: 'No matching tool call exists in the previous response.' }],
    });
    expect(failed.final).toBeNull();
    expect(failed.events[0]).toMatchObject({ type: 'error', status: 400, error: { param: 'input' } });
    openResponsesOracle.expectValid('WebSocketErrorEvent', failed.events[0]);
    const stale = await ws.turn({ type: 'response.create', model: MODEL, store: false, previous_response_id: warm.id, input: 'Try to continue after the failed turn. Reply with exactly: stale' });
    expect(stale.errorCode).toBe('previous_response_not_found');
    ws.close();
  });

  test('websocket-compact-new-chain', async () => {
    const compacted = await postJson(`${base}/responses/compact`, {
      model: MODEL,
      input: [
        user([{ type: 'input_text', text: 'Remember the compaction code word: slate.' }]),
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'OK.' }] },
        user([{ type: 'input_text', text: 'Compress this conversation for later continuation.' }]),
      ],
    });
    expect(compacted.status).toBe(200);
    const ws = await WsSession.open(wsUrl());
    const input = [...(compacted.body.output as Json[]), user('Continue from here. Reply with exactly: compacted')];
    expectTurn(await ws.turn({ type: 'response.create', model: MODEL, store: false, input, tools: [] }));
    ws.close();
  });

  test('WebSocket requests that the specification disallows are refused with a WebSocketErrorEvent', async () => {
    const ws = await WsSession.open(wsUrl());
    const background = await ws.turn({ type: 'response.create', model: MODEL, background: true, input: 'hi' });
    expect(background.events[0]).toMatchObject({ type: 'error', status: 400, error: { type: 'invalid_request', param: 'background' } });
    openResponsesOracle.expectValid('WebSocketErrorEvent', background.events[0]);
    ws.close();
  });
});
