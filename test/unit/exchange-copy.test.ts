/**
 * "Copy as fixture" and "copy as curl", from journal entries of real exchanges: the YAML fixture,
 * loaded back by the fixture loader, matches the same request (and not its neighbours) and gives the
 * same reply; the curl command, run by a shell, sends the same request and never carries the key.
 * Also the admin endpoints serving them, and what they refuse.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { parse as parseYaml } from 'yaml';
import { checkFixtures } from '../../src/fixtures/load';
import { createInProcessEmulator, startEmulator, type InProcessEmulator, type JournalEntry } from '../../src/index';
import { curlOfExchange } from '../../src/journal/exchange-curl';
import { fixtureOfExchange, fixtureYaml } from '../../src/journal/exchange-fixture';

const run = promisify(execFile);

/** Resolves once every journaled exchange has closed (an entry closes when its connection does). */
function settled(emulator: { core: InProcessEmulator['core'] }): Promise<void> {
  const journal = emulator.core.journal;
  const allClosed = () => journal.list().every((e) => !e.open);
  if (allClosed()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = journal.subscribe(() => {
      if (!allClosed()) return;
      stop();
      resolve();
    });
  });
}
const clientOf = (e: InProcessEmulator, headers: Record<string, string> = {}) => new OpenAI({ apiKey: 'sk-unit', baseURL: e.baseURL, fetch: e.fetch, maxRetries: 0, defaultHeaders: headers });

/** The entry as YAML, loaded back with the fixture loader (no errors) into a differently seeded emulator. */
function replayerOf(source: InProcessEmulator, entries: JournalEntry[]): InProcessEmulator {
  const replay = createInProcessEmulator({ seed: 'another-seed' });
  for (const entry of entries) {
    const yaml = fixtureYaml(fixtureOfExchange(source.core, entry));
    expect(yaml.startsWith('# Copied from the responses-emulator inspector')).toBe(true);
    const { errors, fixtures } = checkFixtures(parseYaml(yaml), 'copied.yaml', source.core.schemas);
    expect(errors).toEqual([]);
    expect(fixtures).toHaveLength(1);
    replay.core.addFixtures(parseYaml(yaml), 'copied.yaml');
  }
  return replay;
}

describe('copy as fixture', () => {
  let source: InProcessEmulator;
  beforeEach(() => {
    source = createInProcessEmulator({ seed: 'copy-source' });
  });
  afterEach(() => source.close());

  test('a JSON answer: matched on model, latest user text, instructions, tools, turn and test id; the same output again', async () => {
    const request = { model: 'gpt-4o', instructions: 'Answer briefly.', input: [{ role: 'user' as const, content: 'Name a long river' }], tools: [{ type: 'function' as const, name: 'lookup', parameters: { type: 'object', properties: {} }, strict: false }], tool_choice: 'none' as const };
    const original = await clientOf(source, { 'x-test-id': 'rivers' }).responses.create(request);
    await settled(source);
    const fixture = fixtureOfExchange(source.core, source.requests()[0]);
    expect(fixture.match).toEqual({ model: 'gpt-4o', input: 'Name a long river', instructions: 'Answer briefly.', tools: ['lookup'], toolChoice: 'none', endsWithToolOutput: false, turn: 1, stream: false, headers: { 'x-test-id': 'rivers' } });
    expect(fixture.name).toBe(`rivers-${source.requests()[0].id}`);

    const replay = replayerOf(source, source.requests());
    const again = await clientOf(replay, { 'x-test-id': 'rivers' }).responses.create(request);
    expect(again.output_text).toBe(original.output_text);
    expect(replay.requests()[0].answeredBy).toBe('fixture');
    // Another question, or no test id, is not this fixture's.
    await clientOf(replay).responses.create(request);
    await clientOf(replay, { 'x-test-id': 'rivers' }).responses.create({ ...request, input: 'Name a short river' });
    expect(replay.requests().slice(0, 2).map((e) => e.answeredBy)).toEqual(['synthesis', 'synthesis']);
    await replay.close();
  });

  test('a stream: replayed from its events, the same text and the same event types in order', async () => {
    const stream = await clientOf(source).responses.create({ model: 'gpt-4o', input: 'Tell me about deltas', stream: true });
    const types: string[] = [];
    for await (const e of stream) types.push(e.type);
    await settled(source);
    const entry = source.requests()[0];
    const fixture = fixtureOfExchange(source.core, entry);
    expect(fixture.match).toMatchObject({ input: 'Tell me about deltas', stream: true });
    expect(fixture.reply.events?.map((e) => e.event.type)).toEqual(types);
    expect(fixture.reply.events?.every((e) => Number.isInteger(e.t))).toBe(true);

    const replay = replayerOf(source, [entry]);
    const replayedTypes: string[] = [];
    let text = '';
    for await (const e of await clientOf(replay).responses.create({ model: 'gpt-4o', input: 'Tell me about deltas', stream: true })) {
      replayedTypes.push(e.type);
      if (e.type === 'response.output_text.delta') text += e.delta;
    }
    expect(replayedTypes).toEqual(types);
    const done = entry.events.map((e) => e.event as { type: string; text?: string }).find((e) => e.type === 'response.output_text.done');
    expect(text).toBe(done?.text);
    await replay.close();
  });

  test('an agent loop: the tool-output turn is its own fixture (turn 2, ends with a tool output), so the loop replays and ends', async () => {
    source.core.addFixtures({ name: 'weather', match: { input: 'Weather in Oslo?', endsWithToolOutput: false }, reply: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] } });
    const tools = [{ type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }];
    const loop = async (client: OpenAI) => {
      const first = await client.responses.create({ model: 'gpt-4o', input: 'Weather in Oslo?', tools });
      const call = first.output.find((i) => i.type === 'function_call');
      if (call?.type !== 'function_call') throw new Error('no tool call');
      const second = await client.responses.create({ model: 'gpt-4o', previous_response_id: first.id, tools, input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"celsius": 4}' }] });
      return { call: call.name, answer: second.output_text, secondHasCall: second.output.some((i) => i.type === 'function_call') };
    };
    const original = await loop(clientOf(source));
    await settled(source);
    const [second, first] = source.requests();
    expect(fixtureOfExchange(source.core, first).match).toMatchObject({ input: 'Weather in Oslo?', endsWithToolOutput: false, turn: 1 });
    expect(fixtureOfExchange(source.core, second).match).toMatchObject({ input: 'Weather in Oslo?', endsWithToolOutput: true, turn: 2 });

    const replay = replayerOf(source, [first, second]);
    expect(await loop(clientOf(replay))).toEqual(original);
    expect(original.secondHasCall).toBe(false);
    expect(replay.requests().map((e) => e.answeredBy)).toEqual(['fixture', 'fixture']);
    await replay.close();
  });

  test('a conversation turn is matched as the turn it was (the conversation had not yet grown by it)', async () => {
    const client = clientOf(source);
    const conversation = await client.conversations.create({});
    await client.responses.create({ model: 'gpt-4o', conversation: conversation.id, input: 'First turn' });
    await client.responses.create({ model: 'gpt-4o', conversation: conversation.id, input: 'Second turn' });
    await settled(source);
    const [second, first] = source.requests();
    expect(fixtureOfExchange(source.core, first).match).toMatchObject({ input: 'First turn', turn: 1 });
    expect(fixtureOfExchange(source.core, second).match).toMatchObject({ input: 'Second turn', turn: 2 });
  });

  test('a fault answered: the fixture replies with the fault; a refused request: with its error', async () => {
    await clientOf(source, { 'x-emulator-fault': 'rate_limit;retry_after=0' }).responses.create({ model: 'gpt-4o', input: 'Busy?' }).catch(() => undefined);
    await settled(source);
    const faulted = fixtureOfExchange(source.core, source.requests()[0]);
    expect(faulted.reply).toEqual({ fault: 'rate_limit;retry_after=0' });
    const replay = replayerOf(source, [source.requests()[0]]);
    const res = await replay.fetch(`${replay.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'Busy?' }) });
    expect(res.status).toBe(429);
    await replay.close();

    await (await source.fetch(`${source.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'Hot?', temperature: 9 }) })).text();
    await settled(source);
    const refused = fixtureOfExchange(source.core, source.requests()[0]);
    expect(refused.match).toEqual({ model: 'gpt-4o', input: 'Hot?' });
    expect(refused.reply.error).toMatchObject({ status: 400, body: { error: { param: 'temperature' } } });
  });

  test('refused: an exchange that created no response, and one still running', async () => {
    await (await source.fetch(`${source.baseURL}/models`)).text();
    await settled(source);
    expect(() => fixtureOfExchange(source.core, source.requests()[0])).toThrow(/did not create a response/);
    const running = { ...source.requests()[0], method: 'POST', path: '/v1/responses', open: true };
    expect(() => fixtureOfExchange(source.core, running)).toThrow(/still in progress/);
  });
});

describe('copy as curl', () => {
  const KEY = 'sk-curl-secret-123';

  test('runs in a shell against the emulator and gets the same answer; the key is only a placeholder', async () => {
    const emulator = await startEmulator({ port: 0, seed: 'curl', apiKey: KEY });
    try {
      const input = `It's "quoted" $HOME \`id\` \\ back`;
      const res = await fetch(`${emulator.baseURL}/responses`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'x-test-id': "o'clock", 'x-emulator-seed': 'pinned', 'user-agent': 'unit' }, body: JSON.stringify({ model: 'gpt-4o', input }) });
      expect(res.status).toBe(200);
      await settled(emulator);
      const original = (await res.json()) as { output: { content: { text: string }[] }[] };
      const command = curlOfExchange(emulator.requests()[0], emulator.url, 'x-test-id');
      expect(command).not.toContain(KEY);
      expect(command).not.toContain('user-agent');
      expect(command).toContain('-H "Authorization: Bearer $OPENAI_API_KEY"');
      expect(command).toContain("-H 'x-emulator-seed: pinned'");
      const { stdout } = await run('sh', ['-c', command], { env: { ...process.env, OPENAI_API_KEY: KEY } });
      expect((JSON.parse(stdout) as typeof original).output[0].content[0].text).toBe(original.output[0].content[0].text);
      // The shell passed everything through as written: the same body and test id arrived.
      const [again, first] = emulator.requests();
      expect(again.request.body).toEqual(first.request.body);
      expect(again.testId).toBe("o'clock");

      // Served by the admin endpoint against the host the inspector was reached at.
      const served = await fetch(`${emulator.url}/__emulator/requests/${first.id}/curl`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(served.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await served.text()).toBe(command);
    } finally {
      await emulator.close();
    }
  });

  test('a stream gets -N; a GET has no body; a WebSocket frame becomes the equivalent streamed POST', () => {
    const base = { id: 'req_1', at: '', dialect: 'openai', testId: null, model: null, inputPreview: null, status: 200, answeredBy: 'synthesis' as const, fixture: null, fault: null, responseId: null, unknownParams: null, durationMs: 1, firstByteMs: 1, response: null, events: [], open: false };
    const stream = curlOfExchange({ ...base, method: 'POST', path: '/v1/responses', request: { headers: {}, body: { model: 'm', input: 'hi', stream: true } } }, 'http://h:1', 'x-test-id');
    expect(stream).toBe(`curl -N 'http://h:1/v1/responses' \\\n  -H 'Content-Type: application/json' \\\n  --data-raw '{"model":"m","input":"hi","stream":true}'\n`);
    expect(curlOfExchange({ ...base, method: 'GET', path: '/v1/responses/resp_1?stream=true', request: { headers: { authorization: '[REDACTED]' }, body: null } }, 'http://h:1', 'x-test-id')).toBe(
      `curl 'http://h:1/v1/responses/resp_1?stream=true' \\\n  -H "Authorization: Bearer $OPENAI_API_KEY"\n`,
    );
    // A key in the query (redacted in the journal) is dropped from the URL and sent as the placeholder header.
    const queried = curlOfExchange({ ...base, method: 'GET', path: '/v1/models?api_key=%5BREDACTED%5D&limit=2', request: { headers: {}, body: null } }, 'http://h:1', 'x-test-id');
    expect(queried).toBe(`curl 'http://h:1/v1/models?limit=2' \\\n  -H "Authorization: Bearer $OPENAI_API_KEY"\n`);
    expect(curlOfExchange({ ...base, method: 'DELETE', path: '/v1/responses/resp_1', request: { headers: {}, body: null } }, 'http://h:1', 'x-test-id')).toContain("curl -X DELETE 'http://h:1/v1/responses/resp_1'");
    const ws = curlOfExchange({ ...base, method: 'WS', path: '/v1/responses', request: { headers: {}, body: { type: 'response.create', stream_id: 'a', model: 'm', input: 'hi' } } }, 'http://h:1', 'x-test-id');
    expect(ws).toContain(`curl -N 'http://h:1/v1/responses'`);
    expect(ws).toContain(`--data-raw '{"model":"m","input":"hi","stream":true}'`);
  });
});

describe('the admin endpoints', () => {
  test('GET /__emulator/requests/:id/fixture is YAML; unknown ids are a 404, running or non-create exchanges say why', async () => {
    const emulator = createInProcessEmulator({ seed: 'admin' });
    await clientOf(emulator).responses.create({ model: 'gpt-4o', input: 'Hi' });
    await settled(emulator);
    const [entry] = emulator.requests();
    const res = await emulator.fetch(`${emulator.url}/__emulator/requests/${entry.id}/fixture`);
    expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(parseYaml(await res.text())).toMatchObject({ match: { model: 'gpt-4o', input: 'Hi' }, reply: { response: { object: 'response' } } });
    const missing = await emulator.fetch(`${emulator.url}/__emulator/requests/req_nope/fixture`);
    expect(missing.status).toBe(404);
    await (await emulator.fetch(`${emulator.url}/v1/models`)).text();
    await settled(emulator);
    const models = await emulator.fetch(`${emulator.url}/__emulator/requests/${emulator.requests()[0].id}/fixture`);
    expect(models.status).toBe(400);
    expect(((await models.json()) as { error: { code: string } }).error.code).toBe('not_a_create_exchange');
    await emulator.close();
  });
});
