/**
 * Per-test fixtures (`emulator.on`, `use`, `resetFixtures`) and the typed `addFixtures`: they win over
 * loaded fixtures, the newest call first; a reset returns to the loaded ones; `nth` counts hold
 * across both layers; strict-mode misses name them too. Through the in-process transport and the SDK.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { ConfigError, createInProcessEmulator, type InProcessEmulator } from '../../src/index';

let dir: string;
let emulator: InProcessEmulator;
let client: OpenAI;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'per-test-fixtures-'));
  writeFileSync(join(dir, 'loaded.json'), JSON.stringify({ fixtures: [{ name: 'loaded-weather', match: { input: 'Weather?' }, reply: { text: 'Sunny, from the file.' } }] }));
  emulator = createInProcessEmulator({ seed: 'per-test', fixtures: dir });
  client = new OpenAI({ apiKey: 'test', baseURL: emulator.baseURL, fetch: emulator.fetch, maxRetries: 0 });
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => emulator.reset());

const ask = async (input: string): Promise<string> => (await client.responses.create({ model: 'gpt-4o', input })).output_text;

test('on(input, text) answers with that text; its journal entry names it', async () => {
  emulator.on('Ping?', 'Pong.');
  expect(await ask('Ping?')).toBe('Pong.');
  expect(emulator.requests()[0]).toMatchObject({ answeredBy: 'fixture', fixture: { source: 'emulator.on()' } });
  // The shorthand is an exact match: other inputs are synthesised.
  expect(await ask('Ping? Ping?')).not.toBe('Pong.');
});

test('on(match, reply) takes the fixture format: any criteria, any reply', async () => {
  emulator.on({ input: { contains: 'tool' }, tools: ['lookup'] }, { toolCalls: [{ name: 'lookup', arguments: { q: 'x' } }] });
  const response = await client.responses.create({
    model: 'gpt-4o',
    input: 'Use the tool please',
    tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: false }],
  });
  expect(response.output).toEqual([expect.objectContaining({ type: 'function_call', name: 'lookup', arguments: '{"q":"x"}' })]);
});

test('a per-test fixture wins over a loaded one; resetFixtures() returns to the loaded one', async () => {
  expect(await ask('Weather?')).toBe('Sunny, from the file.');
  emulator.on('Weather?', 'Raining, from the test.');
  expect(await ask('Weather?')).toBe('Raining, from the test.');
  emulator.resetFixtures();
  expect(await ask('Weather?')).toBe('Sunny, from the file.');
  expect(emulator.core.fixtures.size).toBe(1);
});

test('the newest on() wins where several match (a test overrides its beforeEach); use() keeps its own order', async () => {
  emulator.on({ input: { contains: 'order' } }, 'first call');
  emulator.on({ input: { contains: 'order' } }, 'second call');
  expect(await ask('What order?')).toBe('second call');
  emulator.use({ match: { input: 'order?' }, reply: { text: 'use: a' } }, { match: { input: 'order?' }, reply: { text: 'use: b' } });
  expect(await ask('order?')).toBe('use: a');
  expect(await ask('What order?')).toBe('second call');
});

test('reset() drops per-test fixtures, and keeps loaded and addFixtures() ones', async () => {
  emulator.addFixtures({ name: 'kept', match: { input: 'Kept?' }, reply: { text: 'Still here.' } });
  emulator.on('Dropped?', 'Only until the reset.');
  expect(await ask('Dropped?')).toBe('Only until the reset.');
  emulator.reset();
  expect(await ask('Dropped?')).not.toBe('Only until the reset.');
  expect(await ask('Kept?')).toBe('Still here.');
  expect(await ask('Weather?')).toBe('Sunny, from the file.');
  emulator.core.fixtures.replace(emulator.core.fixtures.all.filter((f) => f.name !== 'kept'));
});

test('nth counts every request that met a fixture\'s other criteria, in either layer', async () => {
  emulator.on({ input: 'Count?', nth: 2 }, 'second time');
  emulator.core.addFixtures({ name: 'third', match: { input: 'Count?', nth: 3 }, reply: { text: 'third time' } });
  const answers = [await ask('Count?'), await ask('Count?'), await ask('Count?')];
  expect(answers.slice(1)).toEqual(['second time', 'third time']);
  emulator.core.fixtures.replace(emulator.core.fixtures.all.filter((f) => f.name !== 'third'));
});

test('an invalid per-test fixture is refused at once, saying why', () => {
  expect(() => emulator.on('x', { text: 'a', fault: 'server_error' } as never)).toThrow(ConfigError);
  expect(() => emulator.on({ input: { regex: '(' } }, 'x')).toThrow(/regex/);
  expect(() => emulator.use({ reply: {} } as never)).toThrow(/fixture #0: reply: give text, refusal/);
  expect(emulator.core.runtimeFixtures.size).toBe(0);
});

test('with --strict, a miss names the nearest per-test fixture', async () => {
  const strict = createInProcessEmulator({ seed: 'per-test', strict: true });
  try {
    strict.on('Hello there', 'Hi.');
    const res = await strict.fetch(`${strict.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'Hello their' }) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('fixture_not_found');
    expect(body.error.message).toContain('emulator.on()');
    expect(body.error.message).toContain('expected "Hello there", got "Hello their"');
  } finally {
    await strict.close();
  }
});
