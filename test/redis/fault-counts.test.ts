/**
 * Fault `count=N` budgets kept in a real Redis (state/redis/fault-counts.ts): two counters on one
 * server, standing for two replicas, serve a test's counted fault N times in all, as the in-memory
 * counter does in one process.
 */
import Redis from 'ioredis';
import { FaultCounters } from '../../src/faults/fault-counters';
import { parseFaultHeader } from '../../src/faults/faults';
import { RedisFaultCounts } from '../../src/state/redis/fault-counts';
import { describeWithRedis, redisSuite } from '../helpers/redis-server';

describeWithRedis('RedisFaultCounts', () => {
  const suite = redisSuite();
  const { clients } = suite;
  let prefixes = 0;

  function fleet() {
    const prefix = `f${++prefixes}:`;
    const replica = (): RedisFaultCounts => {
      const client = new Redis(suite.server().url());
      clients.push(client);
      return new RedisFaultCounts(client, prefix);
    };
    return { a: replica(), b: replica(), prefix };
  }

  const counted = parseFaultHeader('rate_limit;count=2', 'x-emulator-fault');
  const uncounted = parseFaultHeader('server_error', 'x-emulator-fault');

  test('a counted fault is served N times across both replicas, per test id, exactly as the memory counter serves it in one', async () => {
    const { a, b } = fleet();
    const memory = new FaultCounters();
    const sequence: Array<[RedisFaultCounts, string | null]> = [
      [a, 'test-1'],
      [b, 'test-1'],
      [a, 'test-2'],
      [b, 'test-1'],
      [a, 'test-1'],
      [b, null],
      [b, 'test-2'],
      [a, null],
      [a, null],
      [b, 'test-2'],
    ];
    const shared: boolean[] = [];
    const alone: boolean[] = [];
    for (const [replica, testId] of sequence) {
      shared.push(await replica.applies(counted, testId));
      alone.push(memory.applies(counted, testId));
    }
    expect(shared).toEqual(alone);
    expect(shared).toEqual([true, true, true, false, false, true, true, true, false, false]);
  });

  test('a fault without count= applies at once, without asking Redis', () => {
    const { a } = fleet();
    expect(a.applies(uncounted, 'test-1')).toBe(true);
  });

  test('replicas racing for the last uses: exactly N win', async () => {
    const { a, b } = fleet();
    const three = parseFaultHeader('timeout;count=3', 'x-emulator-fault');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).applies(three, 'race')));
    expect(results.filter(Boolean)).toHaveLength(3);
  });

  test('counters expire after their TTL window and clear() gives every replica its counted faults again', async () => {
    const { a, b, prefix } = fleet();
    expect(await a.applies(counted, 't')).toBe(true);
    expect(await b.applies(counted, 't')).toBe(true);
    expect(await a.applies(counted, 't')).toBe(false);
    const inspect = new Redis(suite.server().url());
    clients.push(inspect);
    const [key] = await inspect.keys(`${prefix}*`);
    expect(await inspect.pttl(key)).toBeGreaterThan(60_000);
    await b.clear();
    expect(await inspect.keys(`${prefix}*`)).toEqual([]);
    expect(await a.applies(counted, 't')).toBe(true);
  });

  test('Redis down: a counted fault’s use is the API’s 500, not a crash; it counts again once Redis is back', async () => {
    const client = new Redis(suite.server().url(), { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 20 });
    client.on('error', () => undefined);
    clients.push(client);
    await client.connect();
    const counts = new RedisFaultCounts(client, 'down:');
    expect(await counts.applies(counted, 't')).toBe(true);
    await suite.server().stop();
    await expect(counts.applies(counted, 't')).rejects.toMatchObject({ status: 500, type: 'server_error' });
    await suite.server().start();
    if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
    expect(await counts.applies(counted, 't')).toBe(true);
    expect(await counts.applies(counted, 't')).toBe(true);
    expect(await counts.applies(counted, 't')).toBe(false);
  });
});
