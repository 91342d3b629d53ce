/**
 * `emulator.nextRequestFails(kind, options)`: the next API request(s) get a fault through the same
 * machinery as the `x-emulator-fault` header — HTTP errors, stream faults, WebSocket frames — once
 * (or `count` times), in the order queued; the header still wins; a reset drops what is left.
 */
import OpenAI, { InternalServerError, RateLimitError } from 'openai';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { FaultQueue, queuedFault } from '../../src/faults/fault-queue';
import { parseFault } from '../../src/faults/faults';

let emulator: RunningEmulator;
let client: OpenAI;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'queued-faults' });
  client = new OpenAI({ apiKey: 'test', baseURL: emulator.baseURL, maxRetries: 0 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const create = (input = 'Hi', options?: OpenAI.RequestOptions) => client.responses.create({ model: 'gpt-4o', input }, options);
const statuses = () => emulator.requests().map((e) => e.status).reverse();

test('the next request gets the fault once; the one after is answered', async () => {
  emulator.nextRequestFails('rate_limit', { retryAfter: 0 });
  await expect(create()).rejects.toBeInstanceOf(RateLimitError);
  expect((await create()).status).toBe('completed');
  expect(statuses()).toEqual([429, 200]);
  expect(emulator.requests()[1]).toMatchObject({ answeredBy: 'fault', fault: { spec: 'rate_limit;retry_after=0', source: 'queued' } });
});

test('the SDK retries past a queued 429, reading its retry-after', async () => {
  emulator.nextRequestFails('rate_limit', { retryAfter: 0 });
  const retrying = new OpenAI({ apiKey: 'test', baseURL: emulator.baseURL, maxRetries: 1 });
  expect((await retrying.responses.create({ model: 'gpt-4o', input: 'Hi' })).status).toBe('completed');
  expect(statuses()).toEqual([429, 200]);
  expect(emulator.requests()[1].response?.headers['retry-after']).toBe('0');
});

test('count and queue order: two 500s, then a 503, then answers', async () => {
  emulator.nextRequestFails('server_error', { count: 2, message: 'Boom.' });
  emulator.nextRequestFails('overloaded');
  await expect(create()).rejects.toMatchObject({ status: 500, message: expect.stringContaining('Boom.') });
  await expect(create()).rejects.toBeInstanceOf(InternalServerError);
  await expect(create()).rejects.toMatchObject({ status: 503 });
  expect((await create()).status).toBe('completed');
  expect(statuses()).toEqual([500, 500, 503, 200]);
});

test('a request with the x-emulator-fault header follows its header and leaves the queue alone', async () => {
  emulator.nextRequestFails('unauthorized');
  await expect(create('Hi', { headers: { 'x-emulator-fault': 'forbidden' } })).rejects.toMatchObject({ status: 403 });
  await expect(create()).rejects.toMatchObject({ status: 401 });
  expect(statuses()).toEqual([403, 401]);
});

test('a stream fault shapes the next stream: response.failed after `after` events', async () => {
  emulator.nextRequestFails('stream_failed', { after: 2 });
  const stream = await client.responses.create({ model: 'gpt-4o', input: 'Tell me a story.', stream: true });
  const types: string[] = [];
  for await (const event of stream) types.push(event.type);
  expect(types).toEqual(['response.created', 'response.in_progress', 'response.failed']);
  expect(emulator.requests()[0].fault).toEqual({ spec: 'stream_failed;after=2', source: 'queued' });
});

test('a timeout hangs the request until the client gives up; its retry is answered', async () => {
  emulator.nextRequestFails('timeout');
  const impatient = new OpenAI({ apiKey: 'test', baseURL: emulator.baseURL, maxRetries: 1, timeout: 300 });
  expect((await impatient.responses.create({ model: 'gpt-4o', input: 'Hi' })).status).toBe('completed');
  expect(statuses()).toEqual([null, 200]);
  expect(emulator.requests()[1]).toMatchObject({ answeredBy: 'fault', fault: { spec: 'timeout', source: 'queued' } });
});

test('over WebSocket, the next response.create frame gets the fault as an error frame', async () => {
  emulator.nextRequestFails('server_error');
  const ws = new WebSocket(`${emulator.baseURL.replace('http', 'ws')}/responses`);
  const frames: Record<string, unknown>[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'response.create', model: 'gpt-4o', input: 'Hi' })));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      frames.push(frame);
      if (frame.type === 'error') ws.send(JSON.stringify({ type: 'response.create', model: 'gpt-4o', input: 'Hi' }));
      if (frame.type === 'response.completed') resolve();
    });
  });
  ws.close();
  expect(frames[0]).toMatchObject({ type: 'error', status: 500 });
  expect(frames[frames.length - 1].type).toBe('response.completed');
});

test('reset() drops faults still queued', async () => {
  emulator.nextRequestFails('server_error', { count: 3 });
  await expect(create()).rejects.toMatchObject({ status: 500 });
  emulator.reset();
  expect((await create()).status).toBe('completed');
});

test('a bad kind or option is refused at once, naming what is wrong', () => {
  expect(() => emulator.nextRequestFails('explode' as never)).toThrow(/nextRequestFails\(\): unknown fault 'explode'/);
  expect(() => emulator.nextRequestFails('rate_limit', { retryAfter: -1 })).toThrow(/bad parameter 'retry_after=-1'/);
  expect(() => emulator.nextRequestFails('rate_limit', { count: 0 })).toThrow(/count must be a whole number/);
  expect(() => emulator.nextRequestFails('rate_limit', { colour: 'red' } as never)).toThrow(/unknown option 'colour'/);
  expect(emulator.core.queuedFaults.size).toBe(0);
});

describe('the queue', () => {
  test('hands out each fault count times, oldest first', () => {
    const queue = new FaultQueue();
    queue.add(parseFault('rate_limit'), 2);
    queue.add(parseFault('server_error'), 1);
    expect(queue.size).toBe(3);
    expect([queue.take()?.kind, queue.take()?.kind, queue.take()?.kind, queue.take()]).toEqual(['rate_limit', 'rate_limit', 'server_error', null]);
  });

  test('a spec string with parameters works as the header does; its count= is the count', () => {
    expect(queuedFault('stream_error;after=5;count=2')).toMatchObject({ fault: { kind: 'stream_error', after: 5 }, count: 2 });
    expect(queuedFault('slow', { delay: 10, count: 3 })).toMatchObject({ fault: { kind: 'slow', delayMs: 10, spec: 'slow;delay=10' }, count: 3 });
  });
});
