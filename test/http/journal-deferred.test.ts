/**
 * Parts of a journal entry (its time, redacted headers, model, input preview, reply body) are worked
 * out when a reader is first handed the entry rather than on every exchange: what readers see must
 * not depend on when that is. The same exchanges, under a fixed clock, against an emulator read only
 * at the end and one whose journal has a listener from the start (every entry then read as it is
 * added, so written in full as it goes), journal the same; and an entry read while still open shows
 * all of it once closed.
 */
import http from 'node:http';
import { createInProcessEmulator, startEmulator, type JournalEntry, type RunningEmulator } from '../../src/index';

const OPTIONS = { seed: 'deferred', fixedTime: 1750000000, redactHeaders: 'X-Custom-Private,openai-organization', testIdHeader: 'x-test-id' };
const FIXED_AT = new Date(1750000000 * 1000).toISOString();

/** What varies between two runs whatever the journal does: timings, the port in the host header, and headers that count real time. */
const VARYING = /^(host|openai-processing-ms|x-ratelimit-(remaining|reset)-(tokens|requests))$/;
function comparable(entries: JournalEntry[]): unknown {
  return JSON.parse(
    JSON.stringify(entries, (key, value: unknown) => {
      if (key === 'durationMs' || key === 'firstByteMs' || key === 't' || VARYING.test(key)) return '~';
      return value;
    }),
  );
}

/** The exchanges: secrets and listed names in the headers, repeated headers, a long spaced input, a stream, refusals, a read. */
const EXCHANGES: { method: string; path: string; headers: Record<string, string | string[]>; body?: string }[] = [
  {
    method: 'POST',
    path: '/v1/responses?api_key=sk-in-query',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-never', 'x-custom-private': 'p', 'x-multi': ['a', 'b'], 'x-test-id': 'json' },
    body: JSON.stringify({ model: 'gpt-4o', input: `Tell me   about\n\ntides ${'and the moon '.repeat(40)}` }),
  },
  { method: 'POST', path: '/v1/responses', headers: { 'content-type': 'application/json', 'x-test-id': 'stream' }, body: JSON.stringify({ model: 'gpt-4o-mini', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Stream it' }] }], stream: true }) },
  { method: 'POST', path: '/v1/responses', headers: { 'content-type': 'application/json', 'x-test-id': 'tools' }, body: JSON.stringify({ model: 'gpt-4o', input: [{ type: 'function_call_output', call_id: 'c1', output: '{}' }] }) },
  { method: 'POST', path: '/v1/responses', headers: { 'content-type': 'application/json', 'x-test-id': 'invalid' }, body: JSON.stringify({ model: 42, input: 'x' }) },
  { method: 'GET', path: '/v1/responses/resp_missing', headers: { 'x-test-id': 'missing' } },
];

function send(url: string, x: (typeof EXCHANGES)[number]): Promise<void> {
  const { port } = new URL(url);
  const headers = { ...x.headers, ...(x.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(x.body)) }) };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: x.method, path: x.path, agent: false, headers }, (res) => {
      res.resume();
      res.on('close', () => resolve());
    });
    req.on('error', reject);
    req.end(x.body);
  });
}

/** Lets the server see each exchange's end ('close' may follow the client's). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('entries worked out when read', () => {
  let unread: RunningEmulator;
  let watched: RunningEmulator;
  beforeAll(async () => {
    unread = await startEmulator({ port: 0, ...OPTIONS });
    watched = await startEmulator({ port: 0, ...OPTIONS });
  });
  afterAll(async () => {
    await unread.close();
    await watched.close();
  });

  test('over HTTP: read only at the end, or each as it happens: the same journal (the admin API’s bytes too)', async () => {
    const seen: string[] = [];
    const unsubscribe = watched.core.journal.subscribe((_change, entry) => entry && seen.push(entry.at));
    for (const x of EXCHANGES) {
      await send(unread.url, x);
      await send(watched.url, x);
    }
    await settle();
    unsubscribe();
    expect(seen.length).toBeGreaterThan(EXCHANGES.length);
    expect(seen.every((at) => at === FIXED_AT)).toBe(true);

    const entries = unread.requests();
    expect(entries).toHaveLength(EXCHANGES.length);
    expect(comparable(entries)).toEqual(comparable(watched.requests()));
    const admin = async (e: RunningEmulator, path: string) => comparable(((await (await fetch(`${e.url}/__emulator${path}`)).json()) as { data: JournalEntry[] }).data);
    expect(await admin(unread, '/requests')).toEqual(await admin(watched, '/requests'));
    expect(await admin(unread, '/requests?detail=false')).toEqual(await admin(watched, '/requests?detail=false'));

    // What the deferred parts are, spelled out for the first exchange.
    const json = unread.requests({ testId: 'json' })[0];
    expect(json.at).toBe(FIXED_AT);
    expect(json.model).toBe('gpt-4o');
    expect(json.inputPreview).toMatch(/^Tell me about tides and the moon and the moon .*…$/);
    expect(json.path).toBe('/v1/responses?api_key=%5BREDACTED%5D');
    expect(json.request.headers).toMatchObject({ authorization: '[REDACTED]', 'x-custom-private': '[REDACTED]', 'x-multi': 'a, b' });
    expect(json.response!.headers).toMatchObject({ 'openai-organization': '[REDACTED]', 'content-type': 'application/json', 'x-request-id': json.id });
    expect(json.response!.body).toMatchObject({ object: 'response', model: 'gpt-4o', status: 'completed' });
    expect(unread.requests({ testId: 'tools' })[0].inputPreview).toBe('[function_call_output]');
    expect(unread.requests({ testId: 'stream' })[0]).toMatchObject({ model: 'gpt-4o-mini', inputPreview: 'Stream it', status: 200 });
  });

  test('an entry read while open shows, once closed, what an entry read only then shows', async () => {
    const x = EXCHANGES[1];
    const { port } = new URL(unread.url);
    let heldWhileOpen: JournalEntry | undefined;
    await new Promise<void>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: x.path, agent: false, headers: { ...x.headers, 'x-test-id': 'open', 'x-emulator-timing': 'ttft=0,tps=40', 'content-length': String(Buffer.byteLength(x.body!)) } }, (res) => {
        res.once('data', () => {
          heldWhileOpen = unread.requests({ testId: 'open' })[0];
          expect(heldWhileOpen).toMatchObject({ open: true, at: FIXED_AT, model: 'gpt-4o-mini', inputPreview: 'Stream it' });
        });
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end(x.body);
    });
    await send(unread.url, { ...x, headers: { ...x.headers, 'x-test-id': 'closed', 'x-emulator-timing': 'ttft=0,tps=40' } });
    await settle();
    const closed = unread.requests({ testId: 'closed' })[0];
    expect(heldWhileOpen).toBeDefined();
    expect(heldWhileOpen!.open).toBe(false);
    // The two differ by their ids and test id only.
    const without = (e: JournalEntry) => {
      const { id: _id, testId: _testId, responseId: _responseId, request, response, events, ...rest } = (comparable([e]) as JournalEntry[])[0];
      const { 'x-request-id': _requestId, ...replyHeaders } = response!.headers;
      return { ...rest, requestHeaders: Object.keys(request.headers), replyHeaders, events: events.length };
    };
    expect(without(heldWhileOpen!)).toEqual(without(closed));
    expect(heldWhileOpen!.response!.headers['x-request-id']).toBe(heldWhileOpen!.id);
    expect(heldWhileOpen!.response!.headers['openai-organization']).toBe('[REDACTED]');
  });

  test('in process (a reply channel that is not Node’s): the same journal read late or early', async () => {
    const late = createInProcessEmulator(OPTIONS);
    const early = createInProcessEmulator(OPTIONS);
    const unsubscribe = early.core.journal.subscribe(() => undefined);
    for (const x of EXCHANGES) {
      for (const e of [late, early]) {
        const res = await e.fetch(`${e.url}${x.path}`, { method: x.method, headers: Object.entries(x.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((one) => [k, one]) : [[k, v]])) as [string, string][], body: x.body });
        await res.text();
      }
    }
    await settle();
    unsubscribe();
    expect(late.requests()).toHaveLength(EXCHANGES.length);
    expect(comparable(late.requests())).toEqual(comparable(early.requests()));
    expect(late.requests({ testId: 'json' })[0].response!.headers['openai-organization']).toBe('[REDACTED]');
    await late.close();
    await early.close();
  });
});
