/**
 * An agent loop continuing on the replica that answered its last turn: that replica holds the
 * finished response and the chain it continues, so it reads only the response's status from Redis,
 * not the whole history again at every turn (measured in the bytes Redis sends, not in time).
 */
import Redis from 'ioredis';
import OpenAI from 'openai';
import { startEmulator } from '../../src/index';
import { describeWithRedis, redisSuite } from '../helpers/redis-server';

describeWithRedis('chains continued on the replica that holds them', () => {
  const suite = redisSuite();

  test('the holding replica reads a status, not the history: what Redis sends it stays small as the chain grows', async () => {
    const url = suite.server().url(suite.nextDb());
    const [A, B] = [await startEmulator({ port: 0, store: url }), await startEmulator({ port: 0, store: url })];
    suite.running.push(A, B);
    const redis = new Redis(url);
    suite.clients.push(redis);
    const a = new OpenAI({ apiKey: 'test', baseURL: A.baseURL, maxRetries: 0 });
    const b = new OpenAI({ apiKey: 'test', baseURL: B.baseURL, maxRetries: 0 });
    const long = (n: number): string => `Turn ${n}: ${'a long message about rivers, deltas and the sea; '.repeat(200)}`;
    let previous: string | undefined;
    for (let n = 1; n <= 6; n++) previous = (await a.responses.create({ model: 'gpt-4.1', input: long(n), previous_response_id: previous })).id;
    // Bytes Redis sent to its clients (INFO stats), around one continuation on each replica.
    const sent = async (): Promise<number> => Number(/total_net_output_bytes:(\d+)/.exec(await redis.info('stats'))![1]);
    const readBy = async (client: OpenAI): Promise<{ bytes: number; tokens: number }> => {
      const before = await sent();
      const { input_tokens } = await client.responses.inputTokens.count({ model: 'gpt-4.1', input: 'Next.', previous_response_id: previous });
      return { bytes: (await sent()) - before, tokens: input_tokens };
    };
    const onA = await readBy(a);
    const onB = await readBy(b);
    expect(onA.tokens).toBe(onB.tokens); // the same history, however it was read
    expect(onB.bytes).toBeGreaterThan(6 * 9_000); // B read the six turns
    expect(onA.bytes).toBeLessThan(onB.bytes / 10); // A read a status
  });

  test('a held response deleted through another replica cannot be continued here either', async () => {
    const url = suite.server().url(suite.nextDb());
    const [A, B] = [await startEmulator({ port: 0, store: url }), await startEmulator({ port: 0, store: url })];
    suite.running.push(A, B);
    const a = new OpenAI({ apiKey: 'test', baseURL: A.baseURL, maxRetries: 0 });
    const b = new OpenAI({ apiKey: 'test', baseURL: B.baseURL, maxRetries: 0 });
    const made = await a.responses.create({ model: 'gpt-4.1', input: 'Soon deleted.' });
    await b.responses.delete(made.id);
    // A still holds it: the status read finds nothing, so A answers as for any unknown previous response.
    await expect(a.responses.create({ model: 'gpt-4.1', input: 'Next.', previous_response_id: made.id })).rejects.toMatchObject({ status: 400, param: 'previous_response_id' });
    await expect(a.responses.retrieve(made.id)).rejects.toMatchObject({ status: 404 });
  });
});
