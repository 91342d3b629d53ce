/**
 * Every fault kind, end to end with the official SDK: the exception class it raises, how many
 * attempts it made (its retries, read back from the request journal), and its final result.
 */
import OpenAI from 'openai';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { hasOracle, oracleErrors } from '../helpers/oracle';
import { createOutcome, runWithSdk } from '../helpers/sdk-process';
import { parseSse } from '../helpers/sse';

let emulator: RunningEmulator;
let client: OpenAI;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'faults' });
  // The SDK's defaults (2 retries), as a user would have them.
  client = new OpenAI({ apiKey: 'sk-test', baseURL: emulator.baseURL });
});
afterAll(() => emulator.close());

const BODY = { model: 'gpt-4o', input: 'Say hello' };
let testNo = 0;

/** The journal's entries for a test, oldest first, once all are closed (a hung attempt closes when its socket does). */
async function settledAttempts(testId: string) {
  while (emulator.requests({ testId }).some((e) => e.open)) await new Promise((r) => setTimeout(r, 10));
  return emulator.requests({ testId }).reverse();
}

/** Runs one create with a fault header; returns what the SDK did and what the server saw. */
async function withFault(fault: string, options: { maxRetries?: number } = {}) {
  const testId = `fault-${++testNo}`;
  const headers = { 'x-emulator-fault': fault, 'x-test-id': testId };
  const outcome = await client.responses
    .create({ ...BODY }, { headers, ...options })
    .then(
      (response) => ({ response, error: null }),
      (error: unknown) => ({ response: null, error: error as Error & { status?: number; code?: string | null; type?: string; headers?: Headers } }),
    );
  const attempts = await settledAttempts(testId);
  return { ...outcome, attempts, retryCounts: attempts.map((a) => a.request.headers['x-stainless-retry-count']) };
}

/** Runs the SDK in its own process (see sdk-process.ts) with a test id, and returns its outcome and the attempts journaled. */
async function inProcess(fault: string | null, input: string, clientOptions: object) {
  const testId = `proc-${++testNo}`;
  const headers = { 'x-test-id': testId, ...(fault ? { 'x-emulator-fault': fault } : {}) };
  const outcome = (await runWithSdk(emulator.baseURL, createOutcome(input, clientOptions, { headers }))) as { error?: string; status?: string };
  return { outcome, attempts: await settledAttempts(testId) };
}

describe('HTTP error faults: the API’s error, the SDK’s exception class and retries', () => {
  test.each([
    ['rate_limit;retry_after=0', OpenAI.RateLimitError, 429, 'requests', 'rate_limit_exceeded', 3],
    ['insufficient_quota;retry_after_ms=0', OpenAI.RateLimitError, 429, 'insufficient_quota', 'insufficient_quota', 3],
    ['server_error;retry_after_ms=0', OpenAI.InternalServerError, 500, 'server_error', null, 3],
    ['overloaded;retry_after_ms=0', OpenAI.InternalServerError, 503, 'server_error', null, 3],
    ['unauthorized', OpenAI.AuthenticationError, 401, 'invalid_request_error', 'invalid_api_key', 1],
    ['forbidden', OpenAI.PermissionDeniedError, 403, 'invalid_request_error', 'unsupported_country_region_territory', 1],
  ] as const)('%s → %p, %i, after %#', async (fault, errorClass, status, type, code, attempts) => {
    const result = await withFault(fault);
    expect(result.error).toBeInstanceOf(errorClass);
    expect(result.error).toMatchObject({ status, type, code, param: null });
    expect(result.attempts).toHaveLength(attempts);
    // The SDK numbers its attempts; every one got the fault and is journaled as such.
    expect(result.retryCounts).toEqual(['0', '1', '2'].slice(0, attempts));
    expect(result.attempts.every((a) => a.status === status && a.answeredBy === 'fault' && a.fault?.spec === fault && a.fault.source === 'header')).toBe(true);
    expect(result.attempts.every((a) => a.responseId === null)).toBe(true);
  });

  test('a rate_limit 429 carries retry-after, retry-after-ms, x-ratelimit-* and the API’s message', async () => {
    const { error } = await withFault('rate_limit;retry_after=7', { maxRetries: 0 });
    const headers = error!.headers!;
    expect(headers.get('retry-after')).toBe('7');
    expect(headers.get('retry-after-ms')).toBe('7000');
    expect(headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(headers.get('x-ratelimit-reset-requests')).toBe('7s');
    expect(headers.get('x-request-id')).toMatch(/^req_/);
    expect(error!.message).toBe(
      '429 Rate limit reached for gpt-4o in organization org-emulator on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 7s. Visit https://platform.openai.com/account/rate-limits to learn more.',
    );
    if (hasOracle) expect(oracleErrors('Error', { message: 'm', type: 'requests', param: null, code: 'rate_limit_exceeded' })).toEqual([]);
  });

  test('a 429 with retry-after: 0, then success: the SDK retries once and returns the response', async () => {
    const result = await withFault('rate_limit;retry_after=0;count=1');
    expect(result.error).toBeNull();
    expect(result.response!.status).toBe('completed');
    expect(result.attempts.map((a) => [a.status, a.answeredBy])).toEqual([
      [429, 'fault'],
      [200, 'synthesis'],
    ]);
    expect(result.retryCounts).toEqual(['0', '1']);
    expect(result.attempts[1].responseId).toBe(result.response!.id);
  });

  test('the SDK waits as long as retry-after-ms says before retrying', async () => {
    const started = performance.now();
    const result = await withFault('server_error;retry_after_ms=400;count=1');
    expect(result.response!.status).toBe('completed');
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });

  test('x-should-retry: false is honoured (a 500 fails at once); x-should-retry: true makes the SDK retry a 401', async () => {
    const noRetry = await withFault('server_error;should_retry=false');
    expect(noRetry.error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(noRetry.error!.headers!.get('x-should-retry')).toBe('false');
    expect(noRetry.attempts).toHaveLength(1);
    const forced = await withFault('unauthorized;should_retry=true;retry_after=0;count=1');
    expect(forced.error).toBeNull();
    expect(forced.attempts.map((a) => a.status)).toEqual([401, 200]);
  });

  test('count=N is kept per test id: another test with the same fault gets its own N', async () => {
    const a = await withFault('overloaded;retry_after=0;count=2');
    const b = await withFault('overloaded;retry_after=0;count=2');
    for (const r of [a, b]) expect(r.attempts.map((x) => x.status)).toEqual([503, 503, 200]);
  });

  test('a custom message replaces the API’s', async () => {
    const { error } = await withFault('overloaded;message=Try later;should_retry=false');
    expect(error!.message).toBe('503 Try later');
  });
});

describe('connection faults', () => {
  test('timeout: no answer; the SDK gives up with APIConnectionTimeoutError after its own timeout, retrying', async () => {
    const { outcome, attempts } = await inProcess('timeout', 'Say hello', { timeout: 300, maxRetries: 1 });
    expect(outcome.error).toBe('APIConnectionTimeoutError');
    expect(attempts).toHaveLength(2);
    expect(attempts.map((a) => a.request.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
    expect(attempts.every((a) => a.status === null && a.answeredBy === 'fault' && !a.open && a.durationMs !== null)).toBe(true);
  });

  test('timeout once, then the retry succeeds', async () => {
    const { outcome, attempts } = await inProcess('timeout;count=1', 'Say hello', { timeout: 300 });
    expect(outcome).toEqual({ status: 'completed' });
    expect(attempts.map((a) => a.status)).toEqual([null, 200]);
  });

  test('disconnect: the connection is reset before any reply; the SDK raises APIConnectionError and retries', async () => {
    const result = await withFault('disconnect', { maxRetries: 1 });
    expect(result.error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(result.error).not.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(result.attempts).toHaveLength(2);
    expect(result.attempts.every((a) => a.status === null && a.answeredBy === 'fault')).toBe(true);
  });

  test('disconnect once, then the retry succeeds', async () => {
    const result = await withFault('disconnect;count=1');
    expect(result.response!.status).toBe('completed');
    expect(result.attempts.map((a) => a.status)).toEqual([null, 200]);
  });

  test('slow: the first byte comes `delay` ms late, then the normal answer; a shorter client timeout trips', async () => {
    const started = performance.now();
    const ok = await withFault('slow;delay=300');
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(ok.response!.status).toBe('completed');
    expect(ok.attempts[0]).toMatchObject({ status: 200, answeredBy: 'synthesis', fault: { spec: 'slow;delay=300', source: 'header' } });
    expect(ok.attempts[0].firstByteMs).toBeGreaterThanOrEqual(300);
    const late = await inProcess('slow;delay=1000', 'Say hello', { timeout: 200, maxRetries: 0 });
    expect(late.outcome.error).toBe('APIConnectionTimeoutError');
  });
});

describe('stream faults', () => {
  test('stream_cut: the stream stops after N events with no terminal event; the SDK helper never sees it complete', async () => {
    const headers = { 'x-emulator-fault': 'stream_cut;after=4', 'x-test-id': 'cut' };
    const raw = await client.responses.create({ ...BODY, stream: true }, { headers });
    const types: string[] = [];
    for await (const e of raw) types.push(e.type);
    expect(types).toHaveLength(4);
    expect(types).not.toContain('response.completed');
    // openai@6 resolves with the last (in_progress) snapshot; newer SDKs may throw. Never "completed".
    const outcome = await client.responses.stream(BODY, { headers }).finalResponse().then((r) => r.status, () => 'threw');
    expect(['in_progress', 'threw']).toContain(outcome);
    expect(emulator.requests({ testId: 'cut' })[0]).toMatchObject({ status: 200, fault: { spec: 'stream_cut;after=4' } });
    expect(emulator.requests({ testId: 'cut' })[0].events).toHaveLength(4);
  });

  test('stream_error: after N events, the error event and response.failed; the SDK throws an APIError at the error', async () => {
    const headers = { 'x-emulator-fault': 'stream_error;after=2' };
    const res = await fetch(`${emulator.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ ...BODY, stream: true }) });
    const wire = parseSse(await res.text()).events;
    expect(wire.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'error', 'response.failed']);
    const raw = await client.responses.create({ ...BODY, stream: true }, { headers });
    const events: { type: string }[] = [];
    const thrown = await (async () => {
      for await (const e of raw) events.push(e);
    })().then(() => null, (err: unknown) => err);
    expect(events.map((e) => e.type)).toEqual(['response.created', 'response.in_progress']);
    expect(thrown).toBeInstanceOf(OpenAI.APIError);
    expect(thrown).toMatchObject({ code: 'server_error', type: 'server_error' });
  });

  test('stream_failed: response.failed after N events; the SDK resolves with a failed response', async () => {
    const final = await client.responses.stream(BODY, { headers: { 'x-emulator-fault': 'stream_failed' } }).finalResponse();
    expect(final.status).toBe('failed');
    expect(final.error).toMatchObject({ code: 'server_error' });
  });

  test('a stream fault on a non-streaming request: the JSON answer is the failed response', async () => {
    const response = await client.responses.create(BODY, { headers: { 'x-emulator-fault': 'stream_failed;after=5' } });
    expect(response.status).toBe('failed');
  });
});

describe('faults on any route, and malformed faults', () => {
  test('retrieve with a fault gets it too', async () => {
    const created = await client.responses.create(BODY);
    const err = await client.responses.retrieve(created.id, {}, { headers: { 'x-emulator-fault': 'forbidden' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  test.each([
    ['meltdown', /unknown fault 'meltdown'/],
    ['rate_limit;retry_after=-1', /bad parameter 'retry_after=-1'/],
    ['slow;delay', /bad parameter 'delay'/],
    ['timeout;count=0', /bad parameter 'count=0'/],
    ['server_error;color=red', /bad parameter 'color=red'/],
  ])('%s is a 400 naming the header', async (fault, message) => {
    const res = await fetch(`${emulator.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-emulator-fault': fault }, body: JSON.stringify(BODY) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; param: string; code: string } };
    expect(body.error).toMatchObject({ param: 'x-emulator-fault', code: 'invalid_value', type: 'invalid_request_error' });
    expect(body.error.message).toMatch(message);
  });
});

describe('fixture faults', () => {
  beforeAll(() => {
    emulator.core.addFixtures([
      { name: 'crash', match: { input: 'crash please' }, reply: { fault: 'server_error;should_retry=false;message=Fixture crash' } },
      { name: 'hang', match: { input: 'hang please' }, reply: { fault: 'timeout' } },
      { name: 'drop', match: { input: 'drop please' }, reply: { fault: 'disconnect' } },
      { name: 'slowly', match: { input: 'slowly please' }, reply: { fault: 'slow;delay=250' } },
      { name: 'limited-once', match: { input: 'limited once', nth: 1 }, reply: { fault: 'rate_limit;retry_after=0' } },
    ]);
  });

  const ask = (input: string, testId: string, options: { timeout?: number; maxRetries?: number } = {}) =>
    client.responses.create({ model: 'gpt-4o', input }, { headers: { 'x-test-id': testId }, ...options }).then(
      (r) => r,
      (e: unknown) => e as Error,
    );

  test('an HTTP error fault from a fixture, journaled with the fixture as its source', async () => {
    const err = await ask('crash please', 'fx-crash');
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err as Error).message).toBe('500 Fixture crash');
    expect(emulator.requests({ testId: 'fx-crash' })).toHaveLength(1);
    expect(emulator.requests({ testId: 'fx-crash' })[0]).toMatchObject({ status: 500, answeredBy: 'fault', fault: { source: 'fixture' } });
  });

  test('a fixture timeout, disconnect and slow reply', async () => {
    expect((await inProcess(null, 'hang please', { timeout: 200, maxRetries: 0 })).outcome.error).toBe('APIConnectionTimeoutError');
    const dropped = await ask('drop please', 'fx-drop', { maxRetries: 0 });
    expect(dropped).toBeInstanceOf(OpenAI.APIConnectionError);
    const started = performance.now();
    const slow = (await ask('slowly please', 'fx-slow')) as OpenAI.Responses.Response;
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(slow.status).toBe('completed');
    // Then the normal answer: a fault-only fixture does not empty the content.
    expect(slow.output_text).toMatch(/\w/);
    expect(emulator.requests({ testId: 'fx-slow' })[0]).toMatchObject({ answeredBy: 'fixture', fixture: { name: 'slowly' } });
  });

  test('a fixture answering with a 429 only the first time (match.nth): the SDK retries into a normal answer', async () => {
    const response = (await ask('limited once', 'fx-nth')) as OpenAI.Responses.Response;
    expect(response.status).toBe('completed');
    expect(emulator.requests({ testId: 'fx-nth' }).map((e) => e.status)).toEqual([200, 429]);
  });

  test('a fixture fault with count= or an unknown kind is refused at load', () => {
    expect(() => emulator.core.addFixtures({ reply: { fault: 'server_error;count=2' } })).toThrow(/count= is for the header/);
    expect(() => emulator.core.addFixtures({ reply: { fault: 'explode' } })).toThrow(/unknown fault 'explode'/);
  });
});

describe('chaos: seeded random faults', () => {
  async function statuses(e: RunningEmulator, n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${e.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BODY) });
      await res.arrayBuffer();
      out.push(res.status);
    }
    return out;
  }

  test('faults come at about the given rates, in a sequence the seed decides; reset replays it', async () => {
    const chaos = 'rate_limit;retry_after=0=0.2,server_error=0.1';
    const a = await startEmulator({ port: 0, seed: 'chaos-1', chaos });
    const b = await startEmulator({ port: 0, seed: 'chaos-1', chaos });
    const c = await startEmulator({ port: 0, seed: 'chaos-2', chaos });
    try {
      const first = await statuses(a, 200);
      const count = (s: number) => first.filter((x) => x === s).length;
      // Binomial(200, 0.2) and (200, 0.1): far inside these bounds for any seed.
      expect(count(429)).toBeGreaterThan(20);
      expect(count(429)).toBeLessThan(65);
      expect(count(500)).toBeGreaterThan(5);
      expect(count(500)).toBeLessThan(40);
      expect(count(200)).toBe(200 - count(429) - count(500));
      expect(await statuses(b, 200)).toEqual(first);
      expect(await statuses(c, 200)).not.toEqual(first);
      a.reset();
      expect(await statuses(a, 200)).toEqual(first);
      expect(a.requests({ answeredBy: 'fault' }).every((e) => e.fault?.source === 'chaos')).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  test('with the SDK, chaos 429s and 500s are retried away', async () => {
    const e = await startEmulator({ port: 0, seed: 'chaos-sdk', chaos: 'rate_limit;retry_after=0=0.3,server_error;retry_after=0=0.1' });
    try {
      const sdk = new OpenAI({ apiKey: 'k', baseURL: e.baseURL, maxRetries: 6 });
      for (let i = 0; i < 20; i++) expect((await sdk.responses.create(BODY)).status).toBe('completed');
      expect(e.requests({ answeredBy: 'fault' }).length).toBeGreaterThan(0);
      expect(e.requests({ status: 200 })).toHaveLength(20);
    } finally {
      await e.close();
    }
  });
});

describe('over WebSocket', () => {
  const wsUrl = () => `${emulator.baseURL.replace('http', 'ws')}/responses`;
  const upgradeStatus = (headers: Record<string, string>) =>
    new Promise<{ status: number; retryAfter?: string }>((resolve) => {
      const ws = new WebSocket(wsUrl(), { headers });
      ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined }));
      ws.on('open', () => (ws.close(), resolve({ status: 101 })));
      ws.on('error', () => resolve({ status: -1 }));
    });

  test('an HTTP fault on the upgrade refuses it with the API’s status; disconnect drops it', async () => {
    expect(await upgradeStatus({ 'x-emulator-fault': 'rate_limit;retry_after=3' })).toEqual({ status: 429, retryAfter: '3' });
    expect((await upgradeStatus({ 'x-emulator-fault': 'forbidden' })).status).toBe(403);
    expect((await upgradeStatus({ 'x-emulator-fault': 'disconnect' })).status).toBe(-1);
    expect((await upgradeStatus({ 'x-emulator-fault': 'meltdown' })).status).toBe(400);
  });

  test('a stream fault on the upgrade shapes every response on the socket; a cut drops the socket', async () => {
    const ws = new WebSocket(wsUrl(), { headers: { 'x-emulator-fault': 'stream_cut;after=3' } });
    await new Promise((r) => ws.once('open', r));
    const frames: { type: string }[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ type: 'response.create', ...BODY }));
    expect(await closed).toBe(1006); // abnormal closure: no close frame, as when a connection drops
    expect(frames.map((f) => f.type)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added']);
  });

  test('a fixture fault answers that frame with an error frame; the socket stays usable', async () => {
    emulator.core.addFixtures({ name: 'ws-crash', match: { input: 'ws crash' }, reply: { fault: 'overloaded' } });
    const ws = new WebSocket(wsUrl());
    await new Promise((r) => ws.once('open', r));
    const frames: { type: string; status?: number; error?: { type: string } }[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    ws.send(JSON.stringify({ type: 'response.create', model: 'gpt-4o', input: 'ws crash' }));
    ws.send(JSON.stringify({ type: 'response.create', ...BODY }));
    while (!frames.some((f) => f.type === 'response.completed')) await new Promise((r) => setTimeout(r, 5));
    ws.close();
    expect(frames[0]).toMatchObject({ type: 'error', status: 503, error: { type: 'server_error' } });
    expect(frames[frames.length - 1].type).toBe('response.completed');
    const journaled = emulator.requests({ path: '/responses', method: 'WS', limit: 2 });
    expect(journaled.map((e) => [e.status, e.answeredBy])).toEqual([
      [200, 'synthesis'],
      [503, 'fault'],
    ]);
  });
});
