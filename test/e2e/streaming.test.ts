import { request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { hasOracle, oracleErrors } from '../helpers/oracle';
import { parseSse, postStream } from '../helpers/sse';
import { checkStream } from '../helpers/stream-checker';

let emulator: RunningEmulator;
let client: OpenAI;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'streaming' });
  client = new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL, maxRetries: 0 });
});
afterAll(() => emulator.close());

const TEXT_REQUEST = { model: 'gpt-4o', input: 'Explain how rainbows form', text: { verbosity: 'high' as const } };

describe('SSE wire format', () => {
  test('event-stream headers; one `event:` + one-line `data:` per event; event name = data.type; no [DONE]', async () => {
    const { status, headers, text } = await postStream(emulator.baseURL, TEXT_REQUEST);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(headers.get('cache-control')).toBe('no-cache');
    expect(headers.get('x-request-id')).toMatch(/^req_/);
    expect(headers.get('content-encoding')).toBeNull();
    const blocks = text.split('\n\n').filter((b) => b !== '');
    for (const block of blocks) {
      const lines = block.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^event: \S+$/);
      expect(lines[1]).toMatch(/^data: \{.*\}$/);
    }
    const { frames, events } = parseSse(text);
    expect(frames.every((f) => f.event === JSON.parse(f.data).type)).toBe(true);
    expect(text).not.toContain('[DONE]');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0]).toMatchObject({ type: 'response.created', response: { status: 'in_progress', output: [] } });
    expect(events[0].response).not.toHaveProperty('usage');
    expect(events[events.length - 1].type).toBe('response.completed');
    if (hasOracle) for (const e of events) expect(oracleErrors('ResponseStreamEvent', e)).toEqual([]);
  });

  test('the terminal event carries exactly what GET returns afterwards', async () => {
    const { events } = parseSse((await postStream(emulator.baseURL, TEXT_REQUEST)).text);
    const final = checkStream(events);
    const id = (events[0].response as { id: string }).id;
    const got = await (await fetch(`${emulator.baseURL}/responses/${id}`)).json();
    expect(final).toEqual(got);
    expect(events[events.length - 1].response).toEqual(got);
  });

  test('errors found before streaming starts are ordinary JSON errors', async () => {
    const bad = await postStream(emulator.baseURL, { model: 'gpt-4o', input: 'x', temperature: 9 });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(bad.text).error.param).toBe('temperature');
    for (const [header, value] of [['x-emulator-timing', 'warp'], ['x-emulator-fault', 'meteor'], ['x-emulator-fault', 'stream_error;after=x']]) {
      const res = await postStream(emulator.baseURL, TEXT_REQUEST, { [header]: value });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).error.param).toBe(header);
    }
  });
});

describe('official SDK', () => {
  test('responses.stream() + finalResponse() for text, and the text deltas', async () => {
    const stream = client.responses.stream(TEXT_REQUEST);
    let deltas = '';
    stream.on('response.output_text.delta', (e) => (deltas += e.delta));
    const final = await stream.finalResponse();
    expect(final.status).toBe('completed');
    expect(deltas).toBe(final.output_text);
    const got = await client.responses.retrieve(final.id);
    expect(got.output_text).toBe(final.output_text);
    expect(got.usage).toEqual(final.usage);
  });

  test('raw create({ stream: true }) iteration', async () => {
    const stream = await client.responses.create({ ...TEXT_REQUEST, stream: true });
    const events: Record<string, unknown>[] = [];
    for await (const e of stream) events.push(e as unknown as Record<string, unknown>);
    expect(checkStream(events).status).toBe('completed');
  });

  test('max_output_tokens: the stream ends with response.incomplete', async () => {
    const final = await client.responses.stream({ ...TEXT_REQUEST, max_output_tokens: 16 }).finalResponse();
    expect(final.status).toBe('incomplete');
    expect(final.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(final.usage!.output_tokens).toBe(16);
  });

  test('a stream_error fault: an error event ends the stream, the SDK helper throws; stream_failed resolves as failed', async () => {
    const headers = { 'x-emulator-fault': 'stream_error;after=5;message=The model crashed' };
    const raw = await client.responses.create({ ...TEXT_REQUEST, stream: true }, { headers });
    const events: { type: string }[] = [];
    for await (const e of raw) events.push(e);
    expect(events).toHaveLength(6);
    expect(events[5]).toEqual({ type: 'error', code: 'server_error', message: 'The model crashed', param: null, sequence_number: 5 });
    // The SDK's helper sees the error event; SDK HEAD throws an APIError on it, openai@6 resolves with
    // the last snapshot. Either way the response never looks completed.
    const helper = client.responses.stream(TEXT_REQUEST, { headers });
    const types: string[] = [];
    helper.on('event', (e) => types.push(e.type));
    const outcome = await helper.finalResponse().then((r) => r.status, (err: Error) => `threw: ${err.message}`);
    expect(types[types.length - 1]).toBe('error');
    expect(outcome).not.toBe('completed');
    const final = await client.responses
      .stream(TEXT_REQUEST, { headers: { 'x-emulator-fault': 'stream_failed;after=7;message=upstream overloaded' } })
      .finalResponse();
    expect(final.status).toBe('failed');
    expect(final.error).toEqual({ code: 'server_error', message: 'upstream overloaded' });
    expect((await client.responses.retrieve(final.id)).status).toBe('failed');
  });
});

describe('one plan, two renderings', () => {
  const prompts = ['Hello!', 'Tell me a story about a fox', 'List 4 ideas for a picnic', 'Why is the sea salty?', 'Explain quicksort'];

  test('for many seeds, the stream and the JSON answer have the same text and usage', async () => {
    for (let seed = 0; seed < 8; seed++) {
      for (const input of prompts) {
        const headers = { 'x-emulator-seed': `prop-${seed}` };
        const body = { model: seed % 2 ? 'gpt-4' : 'gpt-4o', input, max_output_tokens: seed % 3 === 0 ? 24 : null };
        const json = await client.responses.create(body, { headers });
        const { events } = parseSse((await postStream(emulator.baseURL, body, headers)).text);
        const final = checkStream(events) as { output: unknown[]; usage: unknown; status: string };
        expect(final.output.map(textOf)).toEqual(json.output.map(textOf));
        expect(final.usage).toEqual(json.usage);
        expect(final.status).toBe(json.status);
      }
    }
  });
});

function textOf(item: unknown): string {
  return ((item as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');
}

describe('replay and resumption', () => {
  test('GET ?stream=true replays the same frames; starting_after resumes after event N', async () => {
    const original = await postStream(emulator.baseURL, TEXT_REQUEST);
    const { events } = parseSse(original.text);
    const id = (events[0].response as { id: string }).id;
    const replay = await (await fetch(`${emulator.baseURL}/responses/${id}?stream=true`)).text();
    expect(replay).toBe(original.text);
    const resumed = parseSse(await (await fetch(`${emulator.baseURL}/responses/${id}?stream=true&starting_after=5`)).text());
    expect(resumed.events).toEqual(events.slice(6));
    const plain = parseSse(await (await fetch(`${emulator.baseURL}/responses/${id}?stream=true&include_obfuscation=false`)).text());
    expect(plain.events.some((e) => 'obfuscation' in e)).toBe(false);
    expect(plain.events.map((e) => e.delta ?? null)).toEqual(events.map((e) => e.delta ?? null));
  });

  test('stream_options.include_obfuscation: false leaves the padding out', async () => {
    const { events } = parseSse((await postStream(emulator.baseURL, { ...TEXT_REQUEST, stream_options: { include_obfuscation: false } })).text);
    expect(events.filter((e) => String(e.type).endsWith('.delta')).length).toBeGreaterThan(0);
    expect(events.some((e) => 'obfuscation' in e)).toBe(false);
  });

  test('the SDK resumes a stored response: stream({ response_id, starting_after })', async () => {
    const created = await client.responses.create(TEXT_REQUEST);
    const seen: number[] = [];
    const stream = client.responses.stream({ response_id: created.id, starting_after: 3 });
    stream.on('event', (e) => seen.push(e.sequence_number));
    const final = await stream.finalResponse();
    expect(seen[0]).toBe(4);
    expect(final.output_text).toBe(created.output_text);
    const raw = await client.responses.retrieve(created.id, { stream: true, starting_after: 6 });
    const numbers: number[] = [];
    for await (const e of raw) numbers.push(e.sequence_number);
    expect(numbers[0]).toBe(7);
  });

  test('a stream that was cut replays the same prefix', async () => {
    const original = await postStream(emulator.baseURL, TEXT_REQUEST, { 'x-emulator-fault': 'stream_cut;after=6' });
    const { events } = parseSse(original.text);
    expect(events).toHaveLength(6);
    const id = (events[0].response as { id: string }).id;
    expect(await (await fetch(`${emulator.baseURL}/responses/${id}?stream=true`)).text()).toBe(original.text);
    const got = await (await fetch(`${emulator.baseURL}/responses/${id}`)).json();
    expect(got).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
  });
});

describe('timing model', () => {
  test('x-emulator-timing delays the first token; long silences carry keep-alive comments', async () => {
    const slow = await startEmulator({ port: 0, keepAlive: 40 });
    try {
      const started = performance.now();
      const res = await fetch(`${slow.baseURL}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-emulator-timing': 'ttft=250,tps=400' },
        body: JSON.stringify({ ...TEXT_REQUEST, stream: true }),
      });
      const reader = res.body!.getReader();
      let text = '';
      let firstOutputAt = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString();
        if (!firstOutputAt && text.includes('response.output_item.added')) firstOutputAt = performance.now() - started;
      }
      expect(firstOutputAt).toBeGreaterThanOrEqual(200); // a lower bound only: timers never fire early
      const parsed = parseSse(text);
      expect(parsed.comments.length).toBeGreaterThan(0);
      expect(parsed.comments.every((c) => c.trim() === 'keep-alive')).toBe(true);
      expect(checkStream(parsed.events).status).toBe('completed');
    } finally {
      await slow.close();
    }
  });

  test('while a timed response generates, GET shows it in progress; a non-streaming request waits for it', async () => {
    const timed = await startEmulator({ port: 0, timing: 'ttft=150,tps=200' });
    try {
      const res = await fetch(`${timed.baseURL}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...TEXT_REQUEST, stream: true }),
      });
      const reader = res.body!.getReader();
      const first = Buffer.from((await reader.read()).value!).toString();
      const id = JSON.parse(first.split('\n')[1].slice(6)).response.id;
      const during = await (await fetch(`${timed.baseURL}/responses/${id}`)).json();
      expect(during).toMatchObject({ status: 'in_progress', output: [] });
      while (!(await reader.read()).done);
      expect(((await (await fetch(`${timed.baseURL}/responses/${id}`)).json()) as { status: string }).status).toBe('completed');

      const started = performance.now();
      const json = await (await fetch(`${timed.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEXT_REQUEST) })).json() as { status: string };
      expect(performance.now() - started).toBeGreaterThanOrEqual(120);
      expect(json.status).toBe('completed');
    } finally {
      await timed.close();
    }
  });
});

describe('client disconnects', () => {
  test('1,000 concurrent streams, aborted at seeded random points: generation stops, no handle, timer or socket is left, the store holds consistent states', async () => {
    const timed = await startEmulator({ port: 0, timing: 'ttft=5,tps=300', keepAlive: 20, seed: 'aborts' });
    const handles = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'TCPSocketWrap').length;
    const handlesBefore = handles();
    // Seeded abort points (a linear congruential sequence): a quarter of the streams run to the end.
    let state = 20261122;
    const nextCut = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      const draw = state >>> 8;
      return draw % 4 === 0 ? Infinity : 200 + (draw % 9000);
    };
    const ids: string[] = [];
    try {
      const runs = Array.from({ length: 1000 }, (_, i) =>
        new Promise<void>((resolve) => {
          const req = httpRequest(`${timed.baseURL}/responses`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
            let bytes = 0;
            const cutAt = nextCut();
            res.on('data', (chunk: Buffer) => {
              if (bytes === 0) ids.push(JSON.parse(chunk.toString().split('\n')[1].slice(6)).response.id);
              bytes += chunk.length;
              if (bytes >= cutAt) req.destroy();
            });
            res.on('close', () => resolve());
          });
          req.on('error', () => resolve());
          req.end(JSON.stringify({ model: 'gpt-4o', input: `Explain topic number ${i} in depth`, stream: true, text: { verbosity: 'high' } }));
        }),
      );
      await Promise.all(runs);
      while (timed.core.activeGenerations > 0) await new Promise((r) => setTimeout(r, 20));
      expect(timed.core.activeGenerations).toBe(0);
      const connections = () => new Promise<number>((resolve) => timed.server.getConnections((_e, n) => resolve(n)));
      // Server-side sockets close a moment after the clients' (a thousand of them).
      while ((await connections()) > 0) await new Promise((r) => setTimeout(r, 20));
      expect(await connections()).toBe(0);
      const statuses = new Map<string, number>();
      for (const id of ids) {
        const record = timed.core.getResponse(id);
        statuses.set(record.status, (statuses.get(record.status) ?? 0) + 1);
        if (record.status === 'cancelled') {
          expect(record.outcome.completed_at).toBeNull();
          expect(record.interruption).toMatchObject({ kind: 'cancelled' });
        } else {
          expect(record.status).toBe('completed');
        }
      }
      expect(statuses.get('cancelled')).toBeGreaterThan(300);
      expect(statuses.get('completed')).toBeGreaterThan(100);
      // Everything the streams held is released (the count settles within a moment).
      while (handles() > handlesBefore) await new Promise((r) => setTimeout(r, 20));
      expect(handles()).toBeLessThanOrEqual(handlesBefore);
    } finally {
      await timed.close();
    }
  }, 180_000);
});
