/**
 * The HTTP server admits requests through the arrival queue (src/core/arrival-queue.ts; its behaviour
 * is unit-tested in test/unit/arrival-queue.test.ts): every request of a burst passes it and is
 * answered, in arrival order, with nothing lost.
 */
import OpenAI from 'openai';
import { ArrivalQueue } from '../../src/core/arrival-queue';
import { startEmulator, type RunningEmulator } from '../../src';

describe('a burst of requests over HTTP', () => {
  let emulator: RunningEmulator;
  const admit = jest.spyOn(ArrivalQueue.prototype, 'admit');

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 'burst' });
  });
  afterAll(async () => {
    admit.mockRestore();
    await emulator.close();
  });

  test('every request passes the arrival queue and is answered', async () => {
    const client = new OpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-test', maxRetries: 0 });
    admit.mockClear();
    const burst = 24;
    const answers = await Promise.all(Array.from({ length: burst }, (_, i) => client.responses.create({ model: 'gpt-4o-mini', input: `request ${i}` })));
    expect(admit).toHaveBeenCalledTimes(burst);
    expect(new Set(answers.map((a) => a.id)).size).toBe(burst);
    expect(answers.every((a) => a.status === 'completed')).toBe(true);
    const journaled = emulator.requests().filter((e) => e.path === '/v1/responses');
    expect(journaled).toHaveLength(burst);
  });
});
