/**
 * Two replicas (`store: redis://…`, one Redis db per fleet), their budgets shared through a real
 * Redis: the pipeline awaits Redis at admission over HTTP and WebSocket, and a key's rate limit and a
 * test's counted fault are the fleet's, not each server's.
 */
import OpenAI from 'openai';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis-server';

const BODY = { model: 'gpt-4o', input: 'Say hello' };

describeWithRedis('replicas sharing their budgets through Redis', () => {
  let server: RedisServer;
  let fleetNo = 0;
  const replicas: RunningEmulator[] = [];

  beforeAll(async () => {
    server = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    await server?.close();
  });

  async function fleet(options: { rpm?: number; tpm?: number }): Promise<[RunningEmulator, RunningEmulator]> {
    const store = server.url(++fleetNo);
    const start = async (): Promise<RunningEmulator> => {
      const emulator = await startEmulator({ port: 0, seed: 'replicas', store, ...options });
      replicas.push(emulator);
      return emulator;
    };
    return [await start(), await start()];
  }

  test('a key’s request budget is the fleet’s: the replica that did not spend it answers the 429, with the headers counting across both', async () => {
    const [a, b] = await fleet({ rpm: 3 });
    const onA = new OpenAI({ apiKey: 'sk-shared', baseURL: a.baseURL, maxRetries: 0 });
    const onB = new OpenAI({ apiKey: 'sk-shared', baseURL: b.baseURL, maxRetries: 0 });
    const remaining: (string | null)[] = [];
    for (const client of [onA, onB, onA]) remaining.push((await client.responses.create(BODY).withResponse()).response.headers.get('x-ratelimit-remaining-requests'));
    expect(remaining).toEqual(['2', '1', '0']);
    const err = (await onB.responses.create(BODY).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err).toMatchObject({ status: 429, type: 'requests', code: 'rate_limit_exceeded' });
    expect(err.message).toContain('Limit 3, Used 3, Requested 1.');
    // Another key still has its own budget, on either replica.
    const other = new OpenAI({ apiKey: 'sk-other', baseURL: b.baseURL, maxRetries: 0 });
    await other.responses.create(BODY);
  });

  test('tokens spent on one replica are gone on the other', async () => {
    const [a, b] = await fleet({ tpm: 1000 });
    const onA = new OpenAI({ apiKey: 'sk-t', baseURL: a.baseURL, maxRetries: 0 });
    const onB = new OpenAI({ apiKey: 'sk-t', baseURL: b.baseURL, maxRetries: 0 });
    const started = performance.now();
    const first = await onA.responses.create(BODY);
    const used = first.usage!.input_tokens + first.usage!.output_tokens;
    // The charge reaches Redis after the reply; the next request counts it.
    await (a.core.rateLimiter as unknown as { settled(): Promise<void> }).settled();
    const { response } = await onB.models.list().withResponse();
    // The bucket refills 1000 tokens a minute meanwhile: what it may have regained is worked out from
    // the time this took (on a loaded machine, seconds), not assumed.
    const refilled = Math.ceil((1000 * (performance.now() - started)) / 60_000) + 1;
    const left = Number(response.headers.get('x-ratelimit-remaining-tokens'));
    expect(1000 - left).toBeGreaterThanOrEqual(used - refilled);
    expect(1000 - left).toBeLessThanOrEqual(used);
    // B alone, with its own budget, would have reported nothing spent.
    expect(1000 - left).toBeGreaterThan(0);
  });

  test('a counted fault (count=2) is served twice in all, across the replicas, per test id', async () => {
    const [a, b] = await fleet({});
    const statuses: number[] = [];
    for (const replica of [a, b, a, b]) {
      const res = await fetch(`${replica.baseURL}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-emulator-fault': 'server_error;count=2', 'x-emulator-test-id': 'shared-test' },
        body: JSON.stringify(BODY),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  test('a WebSocket upgrade’s counted fault is the fleet’s too: refused once on one replica, then upgraded on the other', async () => {
    const [a, b] = await fleet({});
    const headers = { 'x-emulator-fault': 'server_error;count=1', 'x-emulator-test-id': 'ws-upgrade' };
    const outcome = (replica: RunningEmulator): Promise<string> =>
      new Promise((resolve) => {
        const ws = new WebSocket(`${replica.baseURL.replace('http', 'ws')}/responses`, { headers });
        ws.once('open', () => {
          ws.close();
          resolve('open');
        });
        ws.once('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
        ws.once('error', () => undefined);
      });
    expect(await outcome(a)).toBe('refused 500');
    expect(await outcome(b)).toBe('open');
  });

  test('WebSocket frames wait for Redis in order: the frames past the fleet’s budget get the 429 frame', async () => {
    const [a, b] = await fleet({ rpm: 3 });
    await new OpenAI({ apiKey: 'sk-ws', baseURL: a.baseURL, maxRetries: 0 }).responses.create(BODY);
    const ws = new WebSocket(`${b.baseURL.replace('http', 'ws')}/responses`, { headers: { authorization: 'Bearer sk-ws' } });
    await new Promise((r) => ws.once('open', r));
    const frames: { type: string; stream_id?: string; status?: number; error?: { code: string; type: string } }[] = [];
    const ended = new Promise<void>((resolve) =>
      ws.on('message', (d) => {
        frames.push(JSON.parse(String(d)));
        if (frames.filter((f) => f.type === 'response.completed' || f.type === 'error').length === 3) resolve();
      }),
    );
    for (const lane of ['one', 'two', 'three']) ws.send(JSON.stringify({ type: 'response.create', stream_id: lane, ...BODY }));
    await ended;
    ws.close();
    const outcomes = frames.filter((f) => f.type === 'response.completed' || f.type === 'error').map((f) => [f.stream_id, f.type]);
    expect(outcomes).toEqual(expect.arrayContaining([['one', 'response.completed'], ['two', 'response.completed'], ['three', 'error']]));
    expect(frames.find((f) => f.type === 'error')).toMatchObject({ status: 429, error: { code: 'rate_limit_exceeded', type: 'requests' } });
  });
});
