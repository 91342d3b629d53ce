// A user's Vitest test file: useEmulator() from responses-emulator/vitest and the official SDK,
// configured from the environment the helper sets. Tests run in order; each starts from a reset.
import OpenAI from 'openai';
import { expect, test } from 'vitest';
import { useEmulator } from 'responses-emulator/vitest';

const emulator = useEmulator({ seed: 'vitest-project' });
const QUESTION = 'What is the capital of France?';

test('OPENAI_BASE_URL and OPENAI_API_KEY point the SDK at the emulator', async () => {
  expect(process.env.OPENAI_BASE_URL).toBe(emulator.baseURL);
  expect(process.env.OPENAI_API_KEY).toBe(emulator.apiKey);
  const response = await new OpenAI().responses.create({ model: 'gpt-4o', input: 'Say hello.' });
  expect(response.status).toBe('completed');
  expect(response.output_text.length).toBeGreaterThan(0);
  expect(emulator.requests()).toHaveLength(1);
});

test('emulator.on() answers this test', async () => {
  emulator.on(QUESTION, 'Paris.');
  const response = await new OpenAI().responses.create({ model: 'gpt-4o', input: QUESTION });
  expect(response.output_text).toBe('Paris.');
  expect(emulator.requests()[0].answeredBy).toBe('fixture');
});

test('the previous test\'s fixture is gone, and so is its journal', async () => {
  expect(emulator.requests()).toEqual([]);
  const response = await new OpenAI().responses.create({ model: 'gpt-4o', input: QUESTION });
  expect(response.output_text).not.toBe('Paris.');
  expect(emulator.requests()[0].answeredBy).toBe('synthesis');
});

test('nextRequestFails fires once: the SDK retries past the 429', async () => {
  emulator.nextRequestFails('rate_limit', { retryAfter: 0 });
  const response = await new OpenAI({ maxRetries: 1 }).responses.create({ model: 'gpt-4o', input: 'Hi' });
  expect(response.status).toBe('completed');
  expect(emulator.requests().map((e) => e.status)).toEqual([200, 429]);
});

test('a fault left queued does not reach the next test', async () => {
  emulator.nextRequestFails('server_error', { count: 5 });
  await expect(new OpenAI({ maxRetries: 0 }).responses.create({ model: 'gpt-4o', input: 'Hi' })).rejects.toMatchObject({ status: 500 });
});

test('after it, requests succeed again', async () => {
  const response = await new OpenAI({ maxRetries: 0 }).responses.create({ model: 'gpt-4o', input: 'Hi' });
  expect(response.status).toBe('completed');
  expect(emulator.requests().map((e) => e.status)).toEqual([200]);
});
