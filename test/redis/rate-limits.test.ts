/**
 * Rate-limit budgets kept in a real Redis (state/redis/rate-limits.ts): two limiters on one server,
 * standing for two replicas, spend one budget per key, and answer every step of a sequence exactly as
 * the in-memory limiter does (headers, 429s), on a clock the test moves.
 */
import Redis from 'ioredis';
import { ApiError } from '../../src/errors';
import { RateLimiter } from '../../src/state/rate-limiter';
import { RedisRateLimits } from '../../src/state/redis/rate-limits';
import { describeWithRedis, redisSuite } from '../helpers/redis-server';

async function refusal(step: () => unknown): Promise<ApiError> {
  try {
    await step();
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a 429');
}

describeWithRedis('RedisRateLimits', () => {
  const suite = redisSuite();
  const { clients } = suite;
  let now = 0;
  let prefixes = 0;

  /** Two replicas' limiters (each its own connection) on one prefix, and the memory limiter they should match. */
  function fleet(rpm: number | null, tpm: number | null) {
    const prefix = `t${++prefixes}:`;
    const replica = (): RedisRateLimits => {
      const client = new Redis(suite.server().url());
      clients.push(client);
      return new RedisRateLimits(client, { prefix, rpm, tpm, now: () => now });
    };
    return { a: replica(), b: replica(), memory: new RateLimiter(rpm, tpm, () => now), prefix };
  }

  beforeEach(() => {
    now = 1_000_000;
  });

  test('two replicas share one budget per key: the second gets the 429 the first exhausted, with the memory limiter’s message', async () => {
    const { a, b, memory } = fleet(3, null);
    for (let i = 0; i < 3; i++) {
      await a.takeRequest('sk-shared', 'gpt-4o');
      memory.takeRequest('sk-shared', 'gpt-4o');
    }
    const err = await refusal(() => b.takeRequest('sk-shared', 'gpt-4o'));
    const expected = await refusal(() => memory.takeRequest('sk-shared', 'gpt-4o'));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 429, type: 'requests', code: 'rate_limit_exceeded' });
    expect(err.message).toBe(expected.message);
    expect(err.headers).toEqual(expected.headers);
    // Another key has its own budget.
    await b.takeRequest('sk-other', 'gpt-4o');
  });

  test('the headers and 429s match the memory limiter’s step by step, whichever replica serves each step', async () => {
    const { a, b, memory } = fleet(7, 1000);
    const replicas = [a, b];
    const steps: Array<{ advance: number; op: 'request' | 'tokens'; n?: number }> = [
      { advance: 0, op: 'request' },
      { advance: 0, op: 'tokens', n: 400 },
      { advance: 1_500, op: 'request' },
      { advance: 250, op: 'tokens', n: 500 },
      { advance: 10, op: 'request' },
      { advance: 0, op: 'tokens', n: 300 }, // does not fit: 429 on tokens
      { advance: 3_333, op: 'request' },
      { advance: 7, op: 'request' }, // the 8th request in 5 s: 429 on requests
      { advance: 12_345, op: 'tokens', n: 250 },
      { advance: 10_000, op: 'tokens', n: 1001 }, // larger than the whole budget
      { advance: 59_999, op: 'request' },
    ];
    let i = 0;
    const refused: string[] = [];
    for (const step of steps) {
      now += step.advance;
      const replica = replicas[i++ % 2];
      // A token charge follows its exchange's request count on the same replica, as in the pipeline.
      const redisOutcome = await outcome(async () => {
        if (step.op === 'request') return replica.takeRequest('k', 'gpt-4o');
        await replica.takeRequest('k', 'gpt-4o');
        replica.spendTokens('k', step.n!, 'gpt-4o');
      });
      const memoryOutcome = await outcome(() => {
        memory.takeRequest('k', 'gpt-4o');
        if (step.op === 'tokens') memory.spendTokens('k', step.n!, 'gpt-4o');
      });
      expect(redisOutcome).toEqual(memoryOutcome);
      if (memoryOutcome) refused.push(memoryOutcome.message.split(' per min')[0].split(' on ')[1]);
      expect(replica.headers('k')).toEqual(memory.headers('k'));
      await replica.settled();
    }
    // Both kinds of 429 were met on the way (the tokens one twice: over what is left, then larger than the budget).
    expect(refused).toEqual(['tokens', 'requests', 'tokens']);
  });

  test('a token charge on one replica is refused on the other once it has spent the budget', async () => {
    const { a, b, memory } = fleet(null, 600);
    await a.takeRequest('k', 'gpt-4o');
    a.spendTokens('k', 500, 'gpt-4o');
    memory.spendTokens('k', 500, 'gpt-4o');
    await a.settled();
    await b.takeRequest('k', 'gpt-4o');
    const err = await refusal(() => b.spendTokens('k', 200, 'gpt-4o'));
    expect(err.message).toBe((await refusal(() => memory.spendTokens('k', 200, 'gpt-4o'))).message);
    expect(err.message).toContain('Limit 600, Used 500, Requested 200. Please try again in 10s.');
    expect(b.headers('k')['x-ratelimit-remaining-tokens']).toBe('100');
  });

  test('an exhausted budget is full again after a minute on the controlled clock', async () => {
    const { a, b } = fleet(2, null);
    await a.takeRequest('k', 'm');
    await b.takeRequest('k', 'm');
    expect(b.headers('k')).toMatchObject({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1m0s' });
    now += 29_999;
    await expect(a.takeRequest('k', 'm')).rejects.toMatchObject({ status: 429 });
    now += 1;
    await a.takeRequest('k', 'm');
    now += 60_000;
    expect(b.headers('k')).toMatchObject({ 'x-ratelimit-remaining-requests': '2', 'x-ratelimit-reset-requests': '0ms' });
    await b.takeRequest('k', 'm');
    await a.takeRequest('k', 'm');
    await expect(b.takeRequest('k', 'm')).rejects.toMatchObject({ status: 429 });
  });

  test('unlimited budgets still count down across replicas, and nothing is refused', async () => {
    const { a, b } = fleet(null, null);
    for (let i = 0; i < 5; i++) await (i % 2 ? a : b).takeRequest('k', 'm');
    b.spendTokens('k', 40_000_000, 'm');
    await b.settled();
    await a.takeRequest('k', 'm');
    expect(a.headers('k')).toMatchObject({ 'x-ratelimit-remaining-requests': '9994', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-limit-requests': '10000' });
  });

  test('keys are fingerprints with a TTL of about a minute; clear() restores every replica’s budgets under its prefix only', async () => {
    const first = fleet(1, null);
    const second = fleet(1, null);
    await first.a.takeRequest('sk-secret-key', 'm');
    await second.a.takeRequest('sk-secret-key', 'm');
    const inspect = new Redis(suite.server().url());
    clients.push(inspect);
    const keys = await inspect.keys(`${first.prefix}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('sk-secret-key');
    const ttl = await inspect.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(61_000);

    await first.b.clear();
    await first.a.takeRequest('sk-secret-key', 'm');
    await expect(second.b.takeRequest('sk-secret-key', 'm')).rejects.toMatchObject({ status: 429 });
  });

  test('Redis down: counting a request is the API’s 500 (not a crash); after a restart, budgets start afresh and the script is loaded again', async () => {
    // Configured as a replica's link is: no offline queue, so a request fails at once while Redis is down.
    const client = new Redis(suite.server().url(), { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 20 });
    client.on('error', () => undefined);
    clients.push(client);
    await client.connect();
    const errors: unknown[] = [];
    const limiter = new RedisRateLimits(client, { prefix: 'down:', rpm: 2, tpm: null, now: () => now, onError: (e) => errors.push(e) });
    await limiter.takeRequest('k', 'm');
    await suite.server().stop();
    await expect(limiter.takeRequest('k', 'm')).rejects.toMatchObject({ status: 500, type: 'server_error', message: "The emulator's shared store (Redis) is unavailable. Please retry your request." });
    // A token charge decided while Redis is down is reported, not thrown at the reply it went with.
    limiter.spendTokens('k', 10, 'm');
    await limiter.settled();
    expect(errors).toHaveLength(1);
    await suite.server().start();
    const ready = new Promise((resolve) => client.once('ready', resolve));
    if (client.status !== 'ready') await ready;
    // The restarted Redis is empty: a full budget, and the script (EVALSHA's cache) sent again.
    await limiter.takeRequest('k', 'm');
    await limiter.takeRequest('k', 'm');
    await expect(limiter.takeRequest('k', 'm')).rejects.toMatchObject({ status: 429 });
  });
});

/** What a step did: nothing, or the 429 (its message and headers). */
async function outcome(step: () => unknown): Promise<null | { message: string; headers: Record<string, string> }> {
  try {
    await step();
    return null;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { message: e.message, headers: e.headers };
  }
}
