/**
 * `useEmulator()` from responses-emulator/jest, in this very Jest run: started in beforeAll, the
 * environment set for the code under test and put back at afterAll, a reset before every test,
 * per-test fixtures and faults dropped after it, and clear errors for a handle used out of place.
 */
import OpenAI from 'openai';
import { useEmulator } from '../../src/testing/jest';
import { useEmulatorWith, type RunnerHooks } from '../../src/testing/use-emulator';

const before = { base: process.env.OPENAI_BASE_URL, key: process.env.OPENAI_API_KEY };

describe('useEmulator()', () => {
  const emulator = useEmulator({ seed: 'use-emulator' });
  let fromBeforeAll: unknown;
  let firstHelloId = '';

  beforeAll(() => {
    try {
      emulator.on('x', 'y');
    } catch (err) {
      fromBeforeAll = err;
    }
  });

  test('the SDK finds the emulator through OPENAI_BASE_URL and OPENAI_API_KEY alone', async () => {
    expect(process.env.OPENAI_BASE_URL).toBe(`http://127.0.0.1:${emulator.port}/v1`);
    expect(process.env.OPENAI_API_KEY).toBe('sk-responses-emulator');
    expect(process.env.OPENAI_AGENTS_DISABLE_TRACING).toBe('1');
    const response = await new OpenAI().responses.create({ model: 'gpt-4o', input: 'Hello' });
    expect(response.status).toBe('completed');
    expect(emulator.requests()).toHaveLength(1);
    firstHelloId = response.id;
  });

  test('on() in beforeAll is refused: it would be dropped before any test saw it', () => {
    expect(String(fromBeforeAll)).toMatch(/emulator\.on\(\) is for the current test .* use emulator\.addFixtures\(\) in beforeAll/);
  });

  test('a per-test fixture and a queued fault, in this test', async () => {
    emulator.on('Capital of France?', 'Paris.');
    emulator.nextRequestFails('server_error', { count: 10 });
    await expect(new OpenAI({ maxRetries: 0 }).responses.create({ model: 'gpt-4o', input: 'Capital of France?' })).rejects.toMatchObject({ status: 500 });
    emulator.core.queuedFaults.clear();
    expect((await new OpenAI().responses.create({ model: 'gpt-4o', input: 'Capital of France?' })).output_text).toBe('Paris.');
  });

  test('…are gone in the next one, with the journal and the stored responses', async () => {
    expect(emulator.requests()).toEqual([]);
    expect(emulator.core.store.size).toBe(0);
    const response = await new OpenAI({ maxRetries: 0 }).responses.create({ model: 'gpt-4o', input: 'Capital of France?' });
    expect(response.output_text).not.toBe('Paris.');
    expect(emulator.requests()[0].answeredBy).toBe('synthesis');
  });

  test('every test starts from the same state: the same request gets the same response as in the first test', async () => {
    const response = await new OpenAI().responses.create({ model: 'gpt-4o', input: 'Hello' });
    expect(firstHelloId).toMatch(/^resp_/);
    expect(response.id).toBe(firstHelloId);
  });
});

test('after the describe block, the emulator is closed and the environment is as it was', () => {
  expect(process.env.OPENAI_BASE_URL).toBe(before.base);
  expect(process.env.OPENAI_API_KEY).toBe(before.key);
});

describe('a handle used out of place', () => {
  /** Hooks that run only when told to: the handle's state between them is observable. */
  function manualHooks(): RunnerHooks & { run(name: keyof RunnerHooks): Promise<void> } {
    const registered: Partial<Record<keyof RunnerHooks, () => Promise<void> | void>> = {};
    const hook = (name: keyof RunnerHooks) => (fn: () => Promise<void> | void) => void (registered[name] = fn);
    return {
      beforeAll: hook('beforeAll'),
      afterAll: hook('afterAll'),
      beforeEach: hook('beforeEach'),
      afterEach: hook('afterEach'),
      run: async (name) => registered[name]!(),
    };
  }

  test('before beforeAll and after afterAll, it says when it can be used', async () => {
    const hooks = manualHooks();
    const handle = useEmulatorWith(hooks, { env: false });
    expect(() => handle.url).toThrow(/before the emulator started; it starts in beforeAll/);
    await hooks.run('beforeAll');
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.OPENAI_BASE_URL).toBe(before.base); // env: false leaves it alone
    await hooks.run('beforeEach');
    handle.on('a', 'b');
    handle.nextRequestFails('overloaded');
    await hooks.run('afterEach');
    expect(handle.core.runtimeFixtures.size).toBe(0);
    expect(handle.core.queuedFaults.size).toBe(0);
    expect(() => handle.nextRequestFails('overloaded')).toThrow(/no test is running/);
    await hooks.run('afterAll');
    expect(() => handle.requests()).toThrow(/after the emulator closed/);
  });

  test('the environment is put back as it was, a variable that was unset is unset again', async () => {
    const saved = { base: process.env.OPENAI_BASE_URL, key: process.env.OPENAI_API_KEY, tracing: process.env.OPENAI_AGENTS_DISABLE_TRACING };
    process.env.OPENAI_API_KEY = 'sk-real-looking';
    delete process.env.OPENAI_BASE_URL;
    delete process.env.OPENAI_AGENTS_DISABLE_TRACING;
    try {
      const hooks = manualHooks();
      const handle = useEmulatorWith(hooks, { apiKey: 'k1,k2' });
      await hooks.run('beforeAll');
      expect(process.env.OPENAI_API_KEY).toBe('k1');
      expect(handle.apiKey).toBe('k1');
      expect(process.env.OPENAI_BASE_URL).toBe(handle.baseURL);
      await hooks.run('afterAll');
      expect(process.env.OPENAI_API_KEY).toBe('sk-real-looking');
      expect('OPENAI_BASE_URL' in process.env).toBe(false);
      expect('OPENAI_AGENTS_DISABLE_TRACING' in process.env).toBe(false);
    } finally {
      for (const [name, value] of [['OPENAI_BASE_URL', saved.base], ['OPENAI_API_KEY', saved.key], ['OPENAI_AGENTS_DISABLE_TRACING', saved.tracing]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
