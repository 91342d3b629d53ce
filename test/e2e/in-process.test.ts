/**
 * The in-process transport: `emulator.fetch` answers exactly as the HTTP server does (same bytes,
 * same headers, same errors, same streams), and the official SDK runs through it with no port.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import OpenAI from 'openai';
import { createHttpApp } from '../../src/http/app';
import { createEmulator, createInProcessEmulator, startEmulator, type InProcessEmulator, type RunningEmulator } from '../../src/index';
import { createFetch, IN_PROCESS_ORIGIN } from '../../src/transport/in-process-fetch';
import { parseSse } from '../helpers/sse';

const OPTIONS = { seed: 'parity', fixedTime: 1750000000 };

/** Headers that depend on the wall clock (rate-limit buckets refill in real time) or on the connection. */
const VARYING = /^(date|openai-processing-ms|freddy-processing-ms|keep-alive|connection|transfer-encoding|x-ratelimit-(remaining|reset)-(tokens|requests))$/;

/** What both transports must agree on: status, body bytes and every other header. */
async function exchange(fetchFn: typeof fetch, url: string, init: RequestInit): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const res = await fetchFn(url, init);
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !VARYING.test(name)));
  return { status: res.status, headers, body: await res.text() };
}

describe('in-process fetch', () => {
  let http: RunningEmulator;
  let local: InProcessEmulator;
  beforeEach(async () => {
    http = await startEmulator({ port: 0, ...OPTIONS });
    local = createInProcessEmulator(OPTIONS);
  });
  afterEach(async () => {
    await http.close();
    await local.close();
  });

  test('the same bytes as over HTTP: JSON, streams, errors, 404s, every dialect', async () => {
    const json = { 'content-type': 'application/json' };
    const requests: [string, RequestInit][] = [
      ['/v1/responses', { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', input: 'Tell me about tides.' }) }],
      ['/v1/responses', { method: 'POST', headers: json, body: JSON.stringify({ model: 'o3', input: 'Plan a picnic.', stream: true, reasoning: { summary: 'auto' } }) }],
      ['/v1/responses', { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', input: 'x', temperature: 5 }) }],
      ['/v1/responses', { method: 'POST', headers: json, body: '{"model": ' }],
      ['/v1/responses', { method: 'POST', headers: { ...json, 'x-emulator-fault': 'rate_limit;retry_after=3' }, body: JSON.stringify({ model: 'gpt-4o', input: 'x' }) }],
      ['/v1/nope', { method: 'GET' }],
      ['/v1/responses', { method: 'PUT', headers: json, body: '{}' }],
      ['/v1/models', { method: 'GET' }],
      ['/open-responses/v1/responses', { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', input: 'Hello.', stream: true }) }],
      ['/v1/model/response', { method: 'POST', headers: json, body: JSON.stringify({ inputs: [{ role: 'user', content: 'Hello.' }] }) }],
      ['/v1/model/response', { method: 'POST', headers: json, body: JSON.stringify({ inputs: [] }) }],
    ];
    for (const [path, init] of requests) {
      const overHttp = await exchange(fetch, `${http.url}${path}`, init);
      const inProcess = await exchange(local.fetch as typeof fetch, `${local.url}${path}`, init);
      expect(inProcess).toEqual(overHttp);
    }
    // The journals saw the same exchanges.
    const summary = (e: { method: string; path: string; status: number | null; answeredBy: string | null }) => [e.method, e.path, e.status, e.answeredBy];
    expect(local.requests().map(summary)).toEqual(http.requests().map(summary));
  });

  /** A 429 says when the budget refills, counted on the wall clock: the one part two emulators cannot share. */
  const withoutRefillTime = (reply: Awaited<ReturnType<typeof exchange>>): Awaited<ReturnType<typeof exchange>> => {
    if (reply.status !== 429) return reply;
    const { 'retry-after': _s, 'retry-after-ms': _ms, 'content-length': _length, ...headers } = reply.headers;
    return { ...reply, headers, body: reply.body.replace(/try again in [\d.]+m?s\./, 'try again in …') };
  };

  test('the same bytes as over HTTP: 401, 413, 429, a stored response and its replayed stream', async () => {
    const options = { ...OPTIONS, apiKey: 'sk-parity', bodyLimit: '2kb', rpm: 3 };
    const limitedHttp = await startEmulator({ port: 0, ...options });
    const limitedLocal = createInProcessEmulator(options);
    try {
      const json = { 'content-type': 'application/json', authorization: 'Bearer sk-parity' };
      const create = async (fetchFn: typeof fetch, url: string): Promise<string> => {
        const res = await fetchFn(`${url}/v1/responses`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', input: 'Keep me.', stream: true }) });
        const events = parseSse(await res.text()).events;
        return (events.at(-1) as { response: { id: string } }).response.id;
      };
      // Every request counts against the key's budget of 3 a minute (the 401 and the 413 are refused before counting): the last GET is a 429.
      const ids = [await create(fetch, limitedHttp.url), await create(limitedLocal.fetch as typeof fetch, limitedLocal.url)];
      expect(ids[1]).toBe(ids[0]);
      const requests: [string, RequestInit][] = [
        ['/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'x' }) }],
        ['/v1/responses', { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', input: 'x'.repeat(4096) }) }],
        [`/v1/responses/${ids[0]}`, { method: 'GET', headers: json }],
        [`/v1/responses/${ids[0]}?stream=true&starting_after=3`, { method: 'GET', headers: json }],
        [`/v1/responses/${ids[0]}`, { method: 'GET', headers: json }],
      ];
      const statuses: number[] = [];
      for (const [path, init] of requests) {
        const overHttp = withoutRefillTime(await exchange(fetch, `${limitedHttp.url}${path}`, init));
        const inProcess = withoutRefillTime(await exchange(limitedLocal.fetch as typeof fetch, `${limitedLocal.url}${path}`, init));
        expect(inProcess).toEqual(overHttp);
        statuses.push(overHttp.status);
      }
      expect(statuses).toEqual([401, 413, 200, 200, 429]);
    } finally {
      await limitedHttp.close();
      await limitedLocal.close();
    }
  });

  test('the same bytes as over HTTP where routing and body reading were Express\'s own: case, trailing slash, HEAD, OPTIONS, 405, escapes, encodings', async () => {
    const json = { 'content-type': 'application/json' };
    const create = JSON.stringify({ model: 'gpt-4o', input: 'Tell me about rivers.' });
    let nested: unknown = 'deep';
    for (let i = 0; i < 120; i++) nested = [nested];
    const requests: [string, RequestInit][] = [
      // Paths: case-insensitive, one optional trailing slash, `/v1` optional, each dialect's prefix.
      ['/V1/Responses/', { method: 'POST', headers: json, body: create }],
      ['/responses', { method: 'POST', headers: json, body: create }],
      ['/v1/models/', { method: 'GET' }],
      ['/v1/models//', { method: 'GET' }],
      ['/Open-Responses/V1/Responses', { method: 'POST', headers: json, body: create }],
      ['/v1/threads', { method: 'GET' }],
      // Methods: HEAD is GET without a body, OPTIONS and a wrong method are the router's.
      ['/v1/models', { method: 'HEAD' }],
      ['/v1/responses/resp_x', { method: 'HEAD' }],
      ['/v1/responses', { method: 'HEAD' }],
      ['/v1/responses', { method: 'OPTIONS' }],
      ['/v1/responses/resp_1', { method: 'OPTIONS' }],
      ['/v1/threads', { method: 'OPTIONS' }],
      ['/v1/nope', { method: 'OPTIONS' }],
      ['/v1/responses/resp_x', { method: 'POST', headers: json, body: '{}' }],
      ['/V1/RESPONSES', { method: 'PUT', headers: json, body: '{}' }],
      ['/open-responses/v1/responses', { method: 'PATCH', headers: json, body: '{}' }],
      ['/v1/model/response', { method: 'PUT', headers: json, body: '{}' }],
      // Path parameters: a good escape is decoded, a bad one is a 400.
      ['/v1/responses/resp_%7Bmissing%7D', { method: 'GET' }],
      ['/v1/responses/resp_%E0%A4%A', { method: 'GET' }],
      ['/v1/responses/resp_%E0%A4%A', { method: 'DELETE' }],
      ['/v1/responses/resp_%E0%A4%A', { method: 'OPTIONS' }],
      ['/v1/responses/resp_%E0%A4%A/cancel', { method: 'PUT' }],
      ['/v1/nope/%E0%A4%A', { method: 'GET' }],
      ['/v1/models/gpt-4o?x[a]=1&x[b]=2', { method: 'GET' }],
      // Bodies: compressed, charsets, a byte-order mark, not an object, empty, nested too deep, not JSON at all.
      ['/v1/responses', { method: 'POST', headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(create) }],
      ['/v1/responses', { method: 'POST', headers: { ...json, 'content-encoding': 'br' }, body: create }],
      ['/v1/responses', { method: 'POST', headers: { ...json, 'content-encoding': 'br' }, body: brotliCompressSync(create) }],
      ['/v1/responses', { method: 'POST', headers: { ...json, 'content-encoding': 'deflate' }, body: deflateSync(create) }],
      ['/v1/responses', { method: 'POST', headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(create).subarray(0, 20) }],
      ['/v1/responses', { method: 'POST', headers: { ...json, 'content-encoding': 'compress' }, body: create }],
      ['/v1/models', { method: 'DELETE', headers: { ...json, 'content-encoding': 'compress' }, body: create }],
      ['/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: create }],
      ['/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8' }, body: create }],
      ['/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: create }],
      ['/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-16le' }, body: Buffer.from(create, 'utf16le') }],
      ['/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf8' }, body: create }],
      ['/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-bogus' }, body: create }],
      ['/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json;;' }, body: create }],
      ['/v1/responses', { method: 'POST', headers: json, body: `\uFEFF${create}` }],
      // Two: the decoder drops one (raw-body's, iconv-lite's), the body parser the other.
      ['/v1/responses', { method: 'POST', headers: json, body: `\uFEFF\uFEFF${create}` }],
      ['/v1/responses', { method: 'POST', headers: json, body: '[1, 2]' }],
      ['/v1/responses', { method: 'POST', headers: json, body: '' }],
      ['/v1/responses', { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', input: nested }) }],
      ['/v1/responses', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: create }],
      ['/v1/responses', { method: 'POST', headers: json, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }],
      // Faults that delay or answer.
      ['/v1/responses', { method: 'POST', headers: { ...json, 'x-emulator-fault': 'slow;delay=1' }, body: create }],
      ['/v1/responses', { method: 'POST', headers: { ...json, 'x-emulator-fault': 'server_error' }, body: create }],
      ['/v1/responses', { method: 'POST', headers: { ...json, 'x-emulator-fault': 'stream_cut;after=4' }, body: JSON.stringify({ model: 'gpt-4o', input: 'x', stream: true }) }],
      ['/v1/responses', { method: 'POST', headers: { ...json, 'x-emulator-fault': 'nonsense' }, body: create }],
    ];
    for (const [path, init] of requests) {
      const overHttp = await exchange(fetch, `${http.url}${path}`, init);
      const inProcess = await exchange(local.fetch as typeof fetch, `${local.url}${path}`, init);
      expect([path, inProcess]).toEqual([path, overHttp]);
    }
    const summary = (e: { method: string; path: string; status: number | null; answeredBy: string | null; fault?: unknown }) => [e.method, e.path, e.status, e.answeredBy, e.fault];
    expect(local.requests().map(summary)).toEqual(http.requests().map(summary));
  });

  test('a dropped connection rejects the fetch like a reset; a hang ends only when the client aborts', async () => {
    const init = (fault: string, signal?: AbortSignal): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-emulator-fault': fault },
      body: JSON.stringify({ model: 'gpt-4o', input: 'x' }),
      signal,
    });
    const dropped = await local.fetch(`${local.baseURL}/responses`, init('disconnect')).catch((e: unknown) => e);
    expect(dropped).toMatchObject({ message: 'socket hang up', code: 'ECONNRESET' });
    const controller = new AbortController();
    const hanging = local.fetch(`${local.baseURL}/responses`, init('timeout', controller.signal)).catch((e: unknown) => e);
    // Journaled, not answered: the fetch is still pending.
    while (local.requests().length < 2) await new Promise((r) => setImmediate(r));
    controller.abort();
    expect(await hanging).toMatchObject({ name: 'AbortError' });
    // Newest first; neither was answered.
    expect(local.requests().map((e) => [e.status, e.fault])).toEqual([
      [null, { source: 'header', spec: 'timeout' }],
      [null, { source: 'header', spec: 'disconnect' }],
    ]);
  });

  test('a stream whose body the client cancels is a client that left: its generation stops', async () => {
    const timed = createInProcessEmulator({ timing: 'ttft=10,tps=400' });
    try {
      const res = await timed.fetch(`${timed.baseURL}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', input: 'Write a long story about the sea.', stream: true }),
      });
      const reader = res.body!.getReader();
      expect((await reader.read()).done).toBe(false);
      expect(timed.core.activeGenerations).toBe(1);
      await reader.cancel();
      expect(timed.core.activeGenerations).toBe(0);
      expect(timed.core.store.get(timed.requests()[0].responseId!)?.status).toBe('cancelled');
    } finally {
      await timed.close();
    }
  });

  test('the official SDK through `fetch`: create, stream helper, errors, retries', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: local.baseURL, fetch: local.fetch, maxRetries: 2 });
    const response = await client.responses.create({ model: 'gpt-4o', input: 'Say hi.' });
    expect(response.status).toBe('completed');
    expect(response.output_text.length).toBeGreaterThan(0);
    const stream = client.responses.stream({ model: 'gpt-4o', input: 'Count to three.' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (e) => deltas.push(e.delta));
    const final = await stream.finalResponse();
    expect(deltas.join('')).toBe(final.output_text);
    const error = await client.responses.create({ model: 'gpt-4o', input: 'x', top_p: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: 'top_p', code: 'decimal_above_max_value' });
    const retried = await client.responses.create({ model: 'gpt-4o', input: 'retry me' }, { headers: { 'x-emulator-fault': 'rate_limit;retry_after_ms=10;count=1', 'x-test-id': 'retry' } });
    expect(retried.status).toBe('completed');
    expect(local.requests({ testId: 'retry' }).map((e) => e.status)).toEqual([200, 429]);
  });

  test('a client that aborts is a client that left: the generation stops, nothing keeps running', async () => {
    const timed = createInProcessEmulator({ timing: 'ttft=10,tps=400' });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: timed.baseURL, fetch: timed.fetch, maxRetries: 0 });
      const controller = new AbortController();
      const stream = await client.responses.create({ model: 'gpt-4o', input: 'Write a long story about the sea.', stream: true }, { signal: controller.signal });
      let seen = 0;
      const iterate = (async () => {
        for await (const _event of stream) if (++seen === 6) controller.abort();
      })();
      await expect(iterate).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 30));
      expect(timed.core.activeGenerations).toBe(0);
      const entry = timed.requests()[0];
      expect(timed.core.store.get(entry.responseId!)?.status).toBe('cancelled');
    } finally {
      await timed.close();
    }
  });

  test('SSE arrives event by event, not all at the end', async () => {
    const timed = createInProcessEmulator({ timing: 'ttft=0,tps=100' });
    try {
      const res = await timed.fetch(`${timed.baseURL}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', input: 'Describe a forest.', stream: true }),
      });
      const reader = res.body!.getReader();
      const arrivals: number[] = [];
      const started = performance.now();
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arrivals.push(performance.now() - started);
        text += new TextDecoder().decode(value);
      }
      // At 100 tokens/s a paragraph takes most of a second; chunks keep arriving throughout it.
      expect(arrivals.length).toBeGreaterThan(10);
      expect(arrivals[arrivals.length - 1] - arrivals[0]).toBeGreaterThan(200);
      expect(parseSse(text).events.at(-1)?.type).toBe('response.completed');
    } finally {
      await timed.close();
    }
  });

  test('API requests go through the pipeline, not the Express app (router answers and compressed bodies included); the admin pages reach the app', async () => {
    const core = createEmulator(OPTIONS);
    const app = createHttpApp(core);
    const reachedApp: string[] = [];
    const fetchFn = createFetch((req, res) => {
      reachedApp.push(`${req.method} ${req.url}`);
      app(req, res);
    }, core);
    try {
      const json = { 'content-type': 'application/json' };
      const created = await fetchFn(`${IN_PROCESS_ORIGIN}/v1/responses`, { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', input: 'x' }) });
      expect(created.status).toBe(200);
      expect((await fetchFn(`${IN_PROCESS_ORIGIN}/v1/models`)).status).toBe(200);
      expect((await fetchFn(`${IN_PROCESS_ORIGIN}/v1/nope`)).status).toBe(404);
      expect((await fetchFn(`${IN_PROCESS_ORIGIN}/v1/responses`, { method: 'PUT' })).status).toBe(405);
      expect((await fetchFn(`${IN_PROCESS_ORIGIN}/v1/models`, { method: 'HEAD' })).status).toBe(200);
      expect((await fetchFn(`${IN_PROCESS_ORIGIN}/v1/models`, { method: 'OPTIONS' })).status).toBe(200);
      expect((await fetchFn(`${IN_PROCESS_ORIGIN}/v1/responses/%E0%A4%A`)).status).toBe(400);
      const compressed = await fetchFn(`${IN_PROCESS_ORIGIN}/v1/responses`, { method: 'POST', headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ model: 'gpt-4o', input: 'x' })) });
      expect(compressed.status).toBe(200);
      expect(reachedApp).toEqual([]);
      expect((await fetchFn(`${IN_PROCESS_ORIGIN}/__emulator/health`)).status).toBe(200);
      expect(reachedApp).toEqual(['GET /__emulator/health']);
    } finally {
      core.shutdown();
    }
  });

  test('the recording proxy answers the same through the pipeline in process as over HTTP: relays, recordings, router answers', async () => {
    // Two identical upstreams, so that each recorder sees the same sequence of ids.
    const upstreams = [await startEmulator({ port: 0, ...OPTIONS }), await startEmulator({ port: 0, ...OPTIONS })];
    const dirs = [mkdtempSync(join(tmpdir(), 'rec-http-')), mkdtempSync(join(tmpdir(), 'rec-local-'))];
    const recording = (i: number) => ({ ...OPTIONS, upstream: upstreams[i].baseURL, recordMode: 'all' as const, fixtures: dirs[i] });
    const recorderHttp = await startEmulator({ port: 0, ...recording(0) });
    const recorderLocal = createInProcessEmulator(recording(1));
    try {
      const json = { 'content-type': 'application/json', 'x-test-id': 'parity' };
      const requests: [string, RequestInit][] = [
        ['/v1/responses', { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', input: 'Explain tides.' }) }],
        ['/v1/responses', { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', input: 'Tell a story.', stream: true }) }],
        ['/v1/Responses', { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', input: 'Relayed, not recorded.' }) }],
        ['/v1/responses', { method: 'POST', headers: json, body: '{"model": ' }],
        ['/v1/responses', { method: 'POST', headers: { ...json, 'x-emulator-fault': 'server_error' }, body: JSON.stringify({ model: 'gpt-4o', input: 'x' }) }],
        ['/v1/models', { method: 'GET' }],
        ['/v1/models', { method: 'HEAD' }],
        ['/v1/responses', { method: 'OPTIONS' }],
        ['/v1/nope', { method: 'GET' }],
        ['/open-responses/v1/responses', { method: 'POST', headers: json, body: JSON.stringify({ model: 'gpt-4o', input: 'Not for the proxy.' }) }],
      ];
      for (const [path, init] of requests) {
        const overHttp = await exchange(fetch, `${recorderHttp.url}${path}`, init);
        const inProcess = await exchange(recorderLocal.fetch as typeof fetch, `${recorderLocal.url}${path}`, init);
        expect([path, inProcess]).toEqual([path, overHttp]);
      }
      const summary = (e: { method: string; path: string; status: number | null; answeredBy: string | null }) => [e.method, e.path, e.status, e.answeredBy];
      expect(recorderLocal.requests().map(summary)).toEqual(recorderHttp.requests().map(summary));
      expect(readdirSync(dirs[1]).sort()).toEqual(readdirSync(dirs[0]).sort());
      expect(readdirSync(dirs[0]).length).toBe(2);
    } finally {
      await recorderHttp.close();
      await recorderLocal.close();
      for (const upstream of upstreams) await upstream.close();
    }
  });

  test('no port is opened', () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    const another = createInProcessEmulator();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length).toBe(before);
    return another.close();
  });
});
