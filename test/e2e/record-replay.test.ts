/**
 * Recording through the proxy from a local upstream (another emulator: there is no internet here),
 * then replaying with the upstream gone: identical answers, redacted files, strict-miss diagnostics,
 * and no broken file when a recording is interrupted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { loadFixtureDir } from '../../src/fixtures/load';
import { parseSse } from '../helpers/sse';
import { projectSchemas } from '../helpers/project-schemas';
import { idsIn, normalizeIds } from '../helpers/normalize-ids';
import { WEATHER } from '../helpers/weather-tool';

const SECRET = 'sk-test-SECRET-value-1234567890';

interface Exchanges {
  json: unknown;
  stream: string;
  call: OpenAI.Responses.Response;
  followUp: OpenAI.Responses.Response;
}

/** The same client session, against whichever server. */
async function session(baseURL: string): Promise<Exchanges> {
  const client = new OpenAI({ apiKey: SECRET, baseURL, maxRetries: 0, defaultHeaders: { 'x-test-id': 'replay suite/1' } });
  const post = (body: object) =>
    fetch(`${baseURL}/responses?api_key=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}`, 'x-test-id': 'replay suite/1' },
      body: JSON.stringify(body),
    });
  const json = await (await post({ model: 'gpt-4o', input: 'Explain how rainbows form', metadata: { run: 'a' } })).json();
  const stream = await (await post({ model: 'gpt-4o', input: 'Tell me a story about a kite', stream: true })).text();
  const call = await client.responses.create({ model: 'gpt-4o', input: 'What is the weather in Lisbon?', tools: [WEATHER] });
  const fc = call.output.find((o) => o.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
  const followUp = await client.responses.create({
    model: 'gpt-4o',
    previous_response_id: call.id,
    tools: [WEATHER],
    input: [{ type: 'function_call_output', call_id: fc.call_id, output: '{"temperature":19,"sky":"clear"}' }],
  });
  return { json, stream, call, followUp };
}

describe('record, then replay with the upstream gone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recordings-'));
  let recorded: Exchanges;
  let upstreamAnswers: Exchanges;

  beforeAll(async () => {
    // What the upstream answers directly, for comparison.
    const reference = await startEmulator({ port: 0, seed: 'upstream', timing: 'ttft=10,tps=3000', fixedTime: 1741476542 });
    upstreamAnswers = await session(reference.baseURL);
    await reference.close();

    const upstream = await startEmulator({ port: 0, seed: 'upstream', timing: 'ttft=10,tps=3000', fixedTime: 1741476542 });
    const recorder = await startEmulator({ port: 0, upstream: upstream.baseURL, recordMode: 'all', fixtures: dir, redactFields: 'metadata.run' });
    try {
      recorded = await session(recorder.baseURL);
    } finally {
      await recorder.close();
      await upstream.close();
    }
  });

  test('the proxy relays the upstream’s answers unchanged, streams included', () => {
    expect(recorded.json).toEqual(upstreamAnswers.json);
    expect(parseSse(recorded.stream).events).toEqual(parseSse(upstreamAnswers.stream).events);
    expect(recorded.call.output).toEqual(upstreamAnswers.call.output);
    expect(recorded.followUp.output_text).toBe(upstreamAnswers.followUp.output_text);
  });

  test('one fixture per exchange, named from the test id, valid, with the upstream’s ids and usage', () => {
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['replay-suite-1-001.json', 'replay-suite-1-002.json', 'replay-suite-1-003.json', 'replay-suite-1-004.json']);
    const report = loadFixtureDir(dir, projectSchemas());
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    const [text, stream, call, followUp] = report.fixtures;
    expect(text.match).toMatchObject({ model: 'gpt-4o', input: 'Explain how rainbows form', stream: false, headers: { 'x-test-id': 'replay suite/1' } });
    // The Response as relayed, but for the redacted field it echoes (restored from the request on replay).
    const relayed = recorded.json as { metadata: Record<string, string> };
    expect(text.reply.response).toEqual({ ...relayed, metadata: { ...relayed.metadata, run: '[REDACTED]' } });
    expect(text.recorded).toMatchObject({ responseId: (recorded.json as { id: string }).id, usage: (recorded.json as { usage: unknown }).usage });
    expect(stream.match).toMatchObject({ stream: true });
    const times = stream.reply.events!.map((e) => e.t!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[times.length - 1]).toBeGreaterThan(0);
    expect(call.match).toMatchObject({ tools: ['get_weather'] });
    expect(followUp.match).toMatchObject({ turn: 2, endsWithToolOutput: true, input: 'What is the weather in Lisbon?' });
  });

  test('secrets never reach a recording', () => {
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).not.toContain(SECRET);
      const fixture = JSON.parse(text) as { recorded: { request: { headers: Record<string, string>; path: string; body: { metadata?: { run: string } } } } };
      expect(fixture.recorded.request.headers.authorization).toBe('[REDACTED]');
    }
    const first = JSON.parse(readFileSync(join(dir, 'replay-suite-1-001.json'), 'utf8'));
    expect(first.recorded.request.path).toBe('/v1/responses?api_key=%5BREDACTED%5D');
    expect(first.recorded.request.body.metadata.run).toBe('[REDACTED]');
    expect(first.reply.response.metadata.run).toBe('[REDACTED]');
  });

  test('strict replay gives the recorded answers with fresh ids: same text, usage and event order, chains that work', async () => {
    const replay = await startEmulator({ port: 0, fixtures: dir, strict: true });
    try {
      const replayed = await session(replay.baseURL);
      // The recordings' shape and content; every id fresh (and used consistently), times the emulator's.
      expect(normalizeIds(replayed.json)).toEqual(normalizeIds(recorded.json));
      expect(normalizeIds(parseSse(replayed.stream).events)).toEqual(normalizeIds(parseSse(recorded.stream).events));
      expect(normalizeIds(replayed.call)).toEqual(normalizeIds(recorded.call));
      expect(normalizeIds(replayed.followUp)).toEqual(normalizeIds(recorded.followUp));
      const recordedIds = new Set(idsIn(recorded));
      expect(idsIn(replayed).filter((id) => recordedIds.has(id))).toEqual([]);
      // The follow-up continued the live id the client got, and says so.
      expect(replayed.followUp.previous_response_id).toBe(replayed.call.id);
      expect(replayed.followUp.output_text).toBe(recorded.followUp.output_text);
      expect(replayed.followUp.usage).toEqual(recorded.followUp.usage);
      // GET of a replayed id works: it was stored under the id the client got.
      const got = await (await fetch(`${replay.baseURL}/responses/${replayed.call.id}`)).json();
      expect((got as { output: unknown }).output).toEqual(replayed.call.output);

      const miss = await fetch(`${replay.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-id': 'replay suite/1' }, body: JSON.stringify({ model: 'gpt-4o', input: 'Explain how rainbows fade' }) });
      expect(miss.status).toBe(400);
      const error = ((await miss.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('fixture_not_found');
      expect(error.message).toContain('The nearest fixture is replay-suite-1-001');
      expect(error.message).toContain('input: expected "Explain how rainbows form", got "Explain how rainbows fade"');
    } finally {
      await replay.close();
    }
  });

  test('--keep-fixture-ids replays the recorded ids and times verbatim', async () => {
    const replay = await startEmulator({ port: 0, fixtures: dir, strict: true, keepFixtureIds: true });
    try {
      const replayed = await session(replay.baseURL);
      expect(replayed.json).toEqual(recorded.json);
      expect(parseSse(replayed.stream).events).toEqual(parseSse(recorded.stream).events);
      expect(replayed.call.id).toBe(recorded.call.id);
      expect(replayed.call.output).toEqual(recorded.call.output);
      expect(replayed.followUp.id).toBe(recorded.followUp.id);
    } finally {
      await replay.close();
    }
  });

  test('recorded streams can replay at their recorded pace (--replay-speed)', async () => {
    const replay = await startEmulator({ port: 0, fixtures: dir, replaySpeed: 1 });
    try {
      const started = performance.now();
      await (await fetch(`${replay.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-id': 'replay suite/1' }, body: JSON.stringify({ model: 'gpt-4o', input: 'Tell me a story about a kite', stream: true }) })).text();
      const events = loadFixtureDir(dir, projectSchemas()).fixtures[1].reply.events!;
      expect(performance.now() - started).toBeGreaterThanOrEqual(events[events.length - 1].t! * 0.8);
    } finally {
      await replay.close();
    }
  });
});

describe('record only what is missing', () => {
  test('matching requests replay; new ones are proxied, recorded, and replayed next time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'missing-'));
    const upstream = await startEmulator({ port: 0, seed: 'up' });
    const recorder = await startEmulator({ port: 0, upstream: upstream.baseURL, recordMode: 'missing', fixtures: dir });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: recorder.baseURL });
      const first = await client.responses.create({ model: 'gpt-4o', input: 'Name a colour' });
      expect(readdirSync(dir)).toHaveLength(1);
      await upstream.close();
      const again = await client.responses.create({ model: 'gpt-4o', input: 'Name a colour' });
      expect(again.output_text).toBe(first.output_text);
      // Replayed from the fresh recording: its own response, not the recorded one again.
      expect(again.id).not.toBe(first.id);
      expect(normalizeIds(again)).toEqual(normalizeIds(first));
      expect(readdirSync(dir)).toHaveLength(1);
      const unreachable = await client.responses.create({ model: 'gpt-4o', input: 'Name a fruit' }).catch((e: unknown) => e);
      expect(unreachable).toMatchObject({ status: 502, code: 'upstream_unreachable' });
    } finally {
      await recorder.close();
      await upstream.close().catch(() => undefined);
    }
  });
});

describe('interrupted recordings', () => {
  test('a client that leaves mid-stream leaves no fixture and no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aborted-'));
    const upstream = await startEmulator({ port: 0, timing: 'ttft=10,tps=200' });
    const recorder = await startEmulator({ port: 0, upstream: upstream.baseURL, recordMode: 'all', fixtures: dir });
    try {
      const controller = new AbortController();
      const res = await fetch(`${recorder.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'Explain tides', stream: true, text: { verbosity: 'high' } }), signal: controller.signal });
      const reader = res.body!.getReader();
      await reader.read();
      controller.abort();
      await new Promise((r) => setTimeout(r, 200));
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await recorder.close();
      await upstream.close();
    }
  });

  test('killing the recorder process (SIGKILL) never leaves a truncated fixture', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'killed-'));
    const upstream = await startEmulator({ port: 0, timing: 'ttft=5,tps=5000' });
    const child = spawn(process.execPath, [join(__dirname, '../../bin/responses-emulator.js'), 'record', '--port', '0', '--upstream', upstream.baseURL, '--fixtures', dir], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const url = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
      const requests = Array.from({ length: 40 }, (_, i) =>
        fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-id': `t${i % 3}` }, body: JSON.stringify({ model: 'gpt-4o', input: `Question ${i}`, stream: i % 2 === 0 }) })
          .then((r) => r.text())
          .catch(() => 'killed'),
      );
      await new Promise((r) => setTimeout(r, 150));
      child.kill('SIGKILL');
      await Promise.all(requests);
      const report = loadFixtureDir(dir, projectSchemas());
      expect(report.errors).toEqual([]);
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) expect(() => JSON.parse(readFileSync(join(dir, file), 'utf8'))).not.toThrow();
    } finally {
      child.kill('SIGKILL');
      await upstream.close();
    }
  });
});
