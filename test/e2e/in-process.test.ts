/**
 * The in-process transport: `emulator.fetch` answers exactly as the HTTP server does (same bytes,
 * same headers, same errors, same streams), and the official SDK runs through it with no port.
 */
import OpenAI from 'openai';
import { createInProcessEmulator, startEmulator, type InProcessEmulator, type RunningEmulator } from '../../src/index';
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

  test('no port is opened', () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    const another = createInProcessEmulator();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length).toBe(before);
    return another.close();
  });
});
