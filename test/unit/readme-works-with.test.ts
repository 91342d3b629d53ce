/**
 * The README's "Works with" section says its configuration is what the client tests use: each of its
 * configuring statements must appear, word for word, in a client end-to-end test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { worksWithEnv, worksWithStatements } from '../helpers/readme-works-with';

const E2E = join(__dirname, '..', 'e2e');
const sources = readdirSync(E2E)
  .filter((name) => name.startsWith('clients-'))
  .map((name) => readFileSync(join(E2E, name), 'utf8'))
  .join('\n');

test('every configuring statement of the section is used by a client test', () => {
  const statements = worksWithStatements();
  expect(statements).toEqual(
    expect.arrayContaining([expect.stringContaining('setTracingDisabled(true)'), expect.stringContaining('createOpenAI('), expect.stringContaining('new ChatOpenAI(')]),
  );
  for (const statement of statements) expect([statement, sources.includes(statement)]).toEqual([statement, true]);
});

test('the environment route names the base URL, a key, and switches the Agents SDK’s trace export off', () => {
  expect(worksWithEnv()).toEqual({ OPENAI_BASE_URL: 'http://127.0.0.1:4010/v1', OPENAI_API_KEY: 'anything', OPENAI_AGENTS_DISABLE_TRACING: '1' });
});
