/**
 * The request journal and the admin endpoints: what an entry holds for JSON, stream, fixture,
 * fault and error exchanges; filtering; deleting; reset; the live feed; bounds; turning it off.
 */
import OpenAI from 'openai';
import request from 'supertest';
import { createApp, startEmulator, type JournalEntry, type RunningEmulator } from '../../src/index';
import { parseSse } from '../helpers/sse';

let emulator: RunningEmulator;
let client: OpenAI;
const admin = (path: string, init?: RequestInit) => fetch(`${emulator.url}/__emulator${path}`, init);
const adminJson = async <T>(path: string, init?: RequestInit): Promise<T> => (await admin(path, init)).json() as Promise<T>;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'journal', redactFields: 'metadata.secret' });
  client = new OpenAI({ apiKey: 'sk-journal-secret', baseURL: emulator.baseURL, maxRetries: 0 });
  emulator.core.addFixtures({ name: 'greeting', match: { input: 'fixture please' }, reply: { text: 'From a fixture.' } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const withTest = (testId: string) => ({ headers: { 'x-test-id': testId } });

describe('what an entry holds', () => {
  test('a JSON exchange: request (credentials redacted), response body, status, timings, who answered, the SDK’s request id', async () => {
    const { data, request_id } = await client.responses
      .create({ model: 'gpt-4o', input: 'Hello there', metadata: { secret: 'hunter2', team: 'a' } }, withTest('json'))
      .withResponse();
    const [entry] = emulator.requests({ testId: 'json' });
    expect(entry).toMatchObject({
      id: request_id,
      method: 'POST',
      path: '/v1/responses',
      dialect: 'openai',
      testId: 'json',
      status: 200,
      answeredBy: 'synthesis',
      fixture: null,
      fault: null,
      responseId: data.id,
      open: false,
      events: [],
    });
    expect(entry.request.headers.authorization).toBe('[REDACTED]');
    expect(JSON.stringify(entry)).not.toContain('sk-journal-secret');
    expect(entry.request.body).toMatchObject({ model: 'gpt-4o', input: 'Hello there', metadata: { secret: '[REDACTED]', team: 'a' } });
    expect(entry.response!.body).toMatchObject({ id: data.id, object: 'response', status: 'completed' });
    expect(entry.response!.headers['x-request-id']).toBe(request_id);
    expect(entry.firstByteMs).toBeGreaterThanOrEqual(0);
    expect(entry.durationMs).toBeGreaterThanOrEqual(entry.firstByteMs!);
    expect(new Date(entry.at).toISOString()).toBe(entry.at);
    // Over HTTP, the same entry, with its output as text (for the inspector).
    expect(await adminJson(`/requests/${request_id}`)).toEqual({ ...JSON.parse(JSON.stringify(entry)), output: [{ outputIndex: 0, type: 'message', text: data.output_text }] });
  });

  test('a stream: every event with its time, in order', async () => {
    const stream = await client.responses.create({ model: 'gpt-4o', input: 'Tell me a story', stream: true }, withTest('stream'));
    const sent: string[] = [];
    for await (const e of stream) sent.push(e.type);
    const [entry] = emulator.requests({ testId: 'stream' });
    expect(entry.events.map((e) => (e.event as { type: string }).type)).toEqual(sent);
    const times = entry.events.map((e) => e.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(entry.response!.body).toBeNull();
    expect(entry.response!.headers['content-type']).toContain('text/event-stream');
  });

  test('a fixture’s answer names the fixture; an invalid request is an `error`; a fault says which', async () => {
    await client.responses.create({ model: 'gpt-4o', input: 'fixture please' }, withTest('kinds'));
    await client.responses.create({ model: 'gpt-4o', input: 'x', temperature: 9 }, withTest('kinds')).catch(() => undefined);
    await client.responses.create({ model: 'gpt-4o', input: 'x' }, { headers: { 'x-test-id': 'kinds', 'x-emulator-fault': 'overloaded' } }).catch(() => undefined);
    const [fault, invalid, fixture] = emulator.requests({ testId: 'kinds' });
    expect(fixture).toMatchObject({ answeredBy: 'fixture', fixture: { name: 'greeting', source: 'runtime' }, status: 200 });
    expect(invalid).toMatchObject({ answeredBy: 'error', status: 400, response: { body: { error: { param: 'temperature' } } } });
    expect(fault).toMatchObject({ answeredBy: 'fault', status: 503, fault: { spec: 'overloaded', source: 'header' } });
  });

  test('a stored object read back is answered by the store; unknown routes are journaled as errors', async () => {
    const created = await client.responses.create({ model: 'gpt-4o', input: 'x' });
    await client.responses.retrieve(created.id, {}, withTest('store'));
    await fetch(`${emulator.baseURL}/nowhere`, withTest('store'));
    const [unknown, retrieved] = emulator.requests({ testId: 'store' });
    expect(retrieved).toMatchObject({ method: 'GET', answeredBy: 'store', responseId: created.id, status: 200 });
    expect(unknown).toMatchObject({ method: 'GET', path: '/v1/nowhere', answeredBy: 'error', status: 404 });
  });

  test('secrets in the query string are redacted from the path', async () => {
    await fetch(`${emulator.baseURL}/models?api_key=sk-leak&limit=2`, withTest('query'));
    expect(emulator.requests({ testId: 'query' })[0].path).toBe('/v1/models?api_key=%5BREDACTED%5D&limit=2');
  });

  test('the admin endpoints themselves are not journaled', async () => {
    await admin('/health');
    await admin('/requests');
    expect(emulator.requests()).toEqual([]);
  });
});

describe('GET /__emulator/requests filters; DELETE and reset clear', () => {
  beforeEach(async () => {
    for (const testId of ['a', 'a', 'b']) await client.responses.create({ model: 'gpt-4o', input: 'Hi' }, withTest(testId));
    await client.models.list(withTest('b'));
    await client.responses.create({ model: 'gpt-4o', input: 'fixture please' }, withTest('c'));
    await client.responses.retrieve('resp_nope', {}, withTest('c')).catch(() => undefined);
  });

  const ids = async (query: string) => (await adminJson<{ object: string; data: JournalEntry[] }>(`/requests${query}`)).data.map((e) => `${e.testId}:${e.method}:${e.status}`);

  test.each([
    ['', ['c:GET:404', 'c:POST:200', 'b:GET:200', 'b:POST:200', 'a:POST:200', 'a:POST:200']],
    ['?test_id=a', ['a:POST:200', 'a:POST:200']],
    ['?test_id=b&method=get', ['b:GET:200']],
    ['?path=/models', ['b:GET:200']],
    ['?status=404', ['c:GET:404']],
    ['?answered_by=fixture', ['c:POST:200']],
    ['?fixture=greeting', ['c:POST:200']],
    ['?answered_by=synthesis&limit=2', ['b:POST:200', 'a:POST:200']],
    ['?test_id=none', []],
  ])('%s', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  test('detail=false lists summaries (no bodies, an event count); the library API filters the same way', async () => {
    const { data } = await adminJson<{ data: Record<string, unknown>[] }>('/requests?detail=false&limit=1');
    expect(data[0]).not.toHaveProperty('request');
    expect(data[0]).not.toHaveProperty('events');
    expect(data[0]).toMatchObject({ eventCount: 0, testId: 'c' });
    expect(emulator.requests({ testId: 'a' }).map((e) => e.testId)).toEqual(['a', 'a']);
    expect(emulator.requests({ status: 404 })).toHaveLength(1);
  });

  test('a bad filter is a 400 naming the parameter; an unknown entry is a 404', async () => {
    const bad = await admin('/requests?status=abc');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { param: string } }).error.param).toBe('status');
    expect((await admin('/requests/req_missing')).status).toBe(404);
    const unknown = await admin('/nothing-here');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { message: 'Invalid URL (GET /__emulator/nothing-here)' } });
  });

  test('DELETE /__emulator/requests clears all, or only a test’s entries', async () => {
    expect(await adminJson('/requests?test_id=a', { method: 'DELETE' })).toEqual({ object: 'journal.cleared', deleted: 2 });
    expect(await ids('')).toHaveLength(4);
    expect(await adminJson('/requests', { method: 'DELETE' })).toEqual({ object: 'journal.cleared', deleted: 4 });
    expect(await ids('')).toEqual([]);
  });

  test('POST /__emulator/reset forgets responses, the journal and every counter: a rerun gets the same ids', async () => {
    const run = async () => {
      const { data, request_id } = await client.responses.create({ model: 'gpt-4o', input: 'Same again' }).withResponse();
      return [data.id, request_id];
    };
    expect(await adminJson('/reset', { method: 'POST' })).toEqual({ object: 'emulator.reset', reset: true });
    const first = await run();
    expect(await adminJson('/reset', { method: 'POST' })).toEqual({ object: 'emulator.reset', reset: true });
    expect(await ids('')).toEqual([]);
    await expect(client.responses.retrieve(first[0]!)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await adminJson('/reset', { method: 'POST' });
    // Admin calls in between take nothing from the seeded sequences.
    await adminJson('/health');
    expect(await run()).toEqual(first);
  });

  test('GET /__emulator/health', async () => {
    expect(await adminJson('/health')).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/) as string,
      stored_responses: 4,
      active_generations: 0,
      fixtures: 1,
      journal_entries: 6,
    });
  });
});

describe('the live feed', () => {
  test('GET /__emulator/events streams entries as they are added and updated, and says when entries are removed', async () => {
    await client.responses.create({ model: 'gpt-4o', input: 'Before the feed' }, withTest('feed'));
    const controller = new AbortController();
    const res = await admin('/events?test_id=feed', { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil(/Before the feed|"change":"added"/);
    const stream = await client.responses.create({ model: 'gpt-4o', input: 'During the feed', stream: true }, { headers: { 'x-test-id': 'feed', 'x-emulator-timing': 'ttft=50,tps=400' } });
    for await (const _ of stream);
    await client.responses.create({ model: 'gpt-4o', input: 'Not this test' }, withTest('other'));
    await readUntil(/"open":false[^\n]*"eventCount":[1-9]/);
    await admin('/requests', { method: 'DELETE' });
    await readUntil(/event: removed/);
    controller.abort();
    const { frames } = parseSse(text);
    const exchanges = frames.filter((f) => f.event === 'exchange').map((f) => JSON.parse(f.data) as { change: string; entry: { testId: string; open: boolean; eventCount: number } });
    expect(exchanges[0]).toMatchObject({ change: 'added', entry: { testId: 'feed', open: false } });
    expect(exchanges.every((x) => x.entry.testId === 'feed')).toBe(true);
    expect(exchanges.filter((x) => x.change === 'added')).toHaveLength(2);
    expect(exchanges[1]).toMatchObject({ change: 'added', entry: { open: true } });
    expect(exchanges[exchanges.length - 1]).toMatchObject({ change: 'updated', entry: { open: false } });
    expect(frames[frames.length - 1].event).toBe('removed');
  });
});

describe('bounds and switches', () => {
  test('the journal keeps the newest --journal-size entries; 0 keeps none', async () => {
    const small = await startEmulator({ port: 0, journalSize: 3 });
    const none = await startEmulator({ port: 0, journalSize: 0 });
    try {
      for (let i = 0; i < 5; i++) {
        await fetch(`${small.baseURL}/models`, withTest(`t${i}`));
        await fetch(`${none.baseURL}/models`);
      }
      expect(small.requests().map((e) => e.testId)).toEqual(['t4', 't3', 't2']);
      expect(none.requests()).toEqual([]);
    } finally {
      await Promise.all([small.close(), none.close()]);
    }
  });

  test('long strings in bodies are cut in the journal (never in what the server keeps)', async () => {
    const long = 'word '.repeat(6_000);
    const created = await client.responses.create({ model: 'gpt-4o', input: long }, withTest('long'));
    const body = emulator.requests({ testId: 'long' })[0].request.body as { input: string };
    expect(body.input).toBe(`${long.slice(0, 20_000)}… (30000 characters)`);
    const items = await client.responses.inputItems.list(created.id);
    expect((items.data[0] as { content: { text: string }[] }).content[0].text).toBe(long);
  });

  test('--admin false: /__emulator/ is an unknown route', async () => {
    const app = createApp({ admin: false });
    const res = await request(app).get('/__emulator/health');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { message: 'Invalid URL (GET /__emulator/health)', type: 'invalid_request_error', param: null, code: null } });
  });

  test('/__emulator redirects to /__emulator/ (the page’s relative links need it), keeping the query', async () => {
    const res = await request(createApp()).get('/__emulator?api_key=k');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/__emulator/?api_key=k');
  });

  test('the page and its assets are served with a strict content security policy', async () => {
    const app = createApp();
    const page = await request(app).get('/__emulator/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.text).toContain('<script src="inspector.js"');
    const js = await request(app).get('/__emulator/inspector.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.text).not.toContain('innerHTML');
  });
});
