/**
 * Creating a conversation (or an Aitronos thread) through a replica draws its ids from the fleet's
 * counter before anything changes, so the exchange's rerun for a reserved number leaves no half-made
 * conversation behind: exactly one conversation per create is written to Redis.
 */
import Redis from 'ioredis';
import OpenAI from 'openai';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis-server';

describeWithRedis('conversations created through a replica', () => {
  let server: RedisServer;
  let replica: RunningEmulator;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedis();
    replica = await startEmulator({ port: 0, store: server.url(6) });
    redis = new Redis(server.url(6));
  });
  afterAll(async () => {
    await redis?.quit();
    await replica?.close();
    await server?.close();
  });

  test('one create with items writes one conversation, with those items, under the id the client got', async () => {
    const client = new OpenAI({ apiKey: 'test', baseURL: replica.baseURL, maxRetries: 0 });
    const made = await client.conversations.create({ items: [{ type: 'message', role: 'user', content: 'first' }, { type: 'message', role: 'user', content: 'second' }] });
    const other = await client.conversations.create({});
    const keys = (await redis.keys('re:c:*')).filter((k) => /^re:c:[^:]+$/.test(k)).sort();
    expect(keys).toEqual([`re:c:${made.id}`, `re:c:${other.id}`].sort());
    const items = await client.conversations.items.list(made.id, { order: 'asc' });
    expect(items.data.map((i) => (i.type === 'message' ? (i.content[0] as { text: string }).text : i.type))).toEqual(['first', 'second']);
  });
});
