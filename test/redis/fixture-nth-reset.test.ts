/**
 * A replica's per-test fixtures (`useFixtures`, `emulator.on()`) with `nth` counts shared through
 * Redis: a reset starts them over, as in memory (the suite's next test sees its `nth: 1` again),
 * instead of going on from the count the database remembers.
 */
import OpenAI from 'openai';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis-server';

describeWithRedis('per-test fixtures with nth on a replica', () => {
  let server: RedisServer;
  let replica: RunningEmulator;
  beforeAll(async () => {
    server = await startRedis();
    replica = await startEmulator({ port: 0, store: server.url(5) });
  });
  afterAll(async () => {
    await replica?.close();
    await server?.close();
  });

  test('nth counts restart after reset() and after resetFixtures(), like the memory store', async () => {
    const client = new OpenAI({ apiKey: 'test', baseURL: replica.baseURL, maxRetries: 0 });
    const fixtures = [
      { name: 'first', match: { input: 'count me', nth: 1 }, reply: { text: 'first time' } },
      { name: 'second', match: { input: 'count me', nth: 2 }, reply: { text: 'second time' } },
    ];
    const texts = async (): Promise<string[]> => [
      (await client.responses.create({ model: 'gpt-4.1', input: 'count me' })).output_text,
      (await client.responses.create({ model: 'gpt-4.1', input: 'count me' })).output_text,
    ];
    replica.core.useFixtures(fixtures);
    expect(await texts()).toEqual(['first time', 'second time']);
    replica.reset();
    replica.core.useFixtures(fixtures);
    expect(await texts()).toEqual(['first time', 'second time']);
    replica.core.resetFixtures();
    replica.core.useFixtures(fixtures);
    expect(await texts()).toEqual(['first time', 'second time']);
  });

  test('loaded fixtures (addFixtures) start over after a reset too', async () => {
    const client = new OpenAI({ apiKey: 'test', baseURL: replica.baseURL, maxRetries: 0 });
    replica.core.addFixtures([{ name: 'once', match: { input: 'only once', nth: 1 }, reply: { text: 'the first' } }]);
    expect((await client.responses.create({ model: 'gpt-4.1', input: 'only once' })).output_text).toBe('the first');
    expect((await client.responses.create({ model: 'gpt-4.1', input: 'only once' })).output_text).not.toBe('the first');
    replica.reset();
    expect((await client.responses.create({ model: 'gpt-4.1', input: 'only once' })).output_text).toBe('the first');
  });
});
