/** The replica tests' own Redis: it starts, answers, stops (connections fail), and starts again empty on the same port. */
import Redis from 'ioredis';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis-server';

describeWithRedis('a test redis-server', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.close();
  });

  test('answers on its port, and is empty again after a restart', async () => {
    const client = new Redis(server.url(), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await client.connect();
    expect(await client.set('k', 'v')).toBe('OK');
    expect(await client.get('k')).toBe('v');
    client.disconnect();

    await server.stop();
    const refused = new Redis(server.url(), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    refused.on('error', () => undefined);
    await expect(refused.connect()).rejects.toThrow();
    refused.disconnect();

    await server.start();
    const again = new Redis(server.url(), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await again.connect();
    expect(await again.get('k')).toBeNull();
    again.disconnect();
  });
});
