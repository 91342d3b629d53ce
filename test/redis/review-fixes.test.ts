/**
 * The shared store under the conditions a review found it weak in (issue 20): many concurrent
 * identical requests, client-chosen item ids that look like the store's own separators, tool
 * credentials, keys without a TTL, clients that leave during the Redis round trip, Redis failing
 * after the exchange ran. Each case gets its own db number on one test server.
 */
import OpenAI from 'openai';
import Redis from 'ioredis';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis-server';

describeWithRedis('the Redis store, reviewed', () => {
  let server: RedisServer;
  let db = 0;
  let running: RunningEmulator[] = [];
  let clients: Redis[] = [];

  beforeAll(async () => {
    server = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(running.map((e) => e.close()));
    await Promise.all(clients.map((c) => c.quit()));
    running = [];
    clients = [];
  });
  afterAll(async () => {
    await server?.close();
  });

  async function replicas(options: Parameters<typeof startEmulator>[0] = {}): Promise<{ a: OpenAI; b: OpenAI; A: RunningEmulator; B: RunningEmulator; redis: Redis }> {
    const url = server.url(++db);
    const A = await startEmulator({ port: 0, store: url, ...options });
    const B = await startEmulator({ port: 0, store: url, ...options });
    running.push(A, B);
    const redis = new Redis(url);
    clients.push(redis);
    const client = (e: RunningEmulator) => new OpenAI({ apiKey: 'test', baseURL: e.baseURL, maxRetries: 0 });
    return { a: client(A), b: client(B), A, B, redis };
  }

  /** Every key in the db, with its value whatever its type. */
  async function dump(redis: Redis): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 500);
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'string') out.set(key, (await redis.get(key)) ?? '');
        else if (type === 'hash') out.set(key, JSON.stringify(await redis.hgetall(key)));
        else if (type === 'list') out.set(key, JSON.stringify(await redis.lrange(key, 0, -1)));
        else if (type === 'zset') out.set(key, JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
        else out.set(key, `(${type})`);
      }
      cursor = next;
    } while (cursor !== '0');
    return out;
  }

  test('many concurrent identical creates on two replicas all succeed, with distinct ids', async () => {
    const { a, b } = await replicas();
    const created = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).responses.create({ model: 'gpt-4.1', input: 'The same prompt' })));
    expect(created.every((r) => r.status === 'completed')).toBe(true);
    expect(new Set(created.map((r) => r.id)).size).toBe(40);
  });

  test("a number reserved for an exchange is not taken by another exchange that runs while the first waits", async () => {
    const { A } = await replicas();
    const shared = A.core.shared!;
    const client = (shared as unknown as { client: Redis }).client;
    const noReads = { responses: [], conversations: [], items: [] };
    const incr = client.incr.bind(client);
    // Another exchange of the same content starts when the first one's number arrives, a few turns of
    // the microtask queue later each time: whenever it runs, it must not get the first one's number.
    for (let delay = 0; delay < 8; delay++) {
      const counter = `occ:steal-${delay}`;
      let runs = 0;
      let other: Promise<number> | null = null;
      const spy = jest.spyOn(client, 'incr').mockImplementation(((key: string) =>
        incr(key).then((n) => {
          if (!other) {
            let later: Promise<void> = Promise.resolve();
            for (let i = 0; i < delay; i++) later = later.then(() => undefined);
            other = later.then(() => shared.exchange(noReads, () => shared.reservations.take(counter)));
          }
          return n;
        })) as never);
      const first = await shared.exchange(noReads, () => (runs++, shared.reservations.take(counter)));
      const second = await other!;
      spy.mockRestore();
      expect(runs).toBe(2); // once to learn which counter, once with its own number
      expect(new Set([first, second]).size).toBe(2);
    }
  });
});
