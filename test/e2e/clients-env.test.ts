/**
 * The environment-variable route of the README's "Works with" section: the official SDK, the Agents
 * SDK, the Vercel AI SDK and LangChain, built with no configuration in code, all reach the emulator
 * through OPENAI_BASE_URL, and nothing tries to leave the machine (the Agents SDK's trace export
 * is switched off by OPENAI_AGENTS_DISABLE_TRACING). They run in a child process, as an app does:
 * the variables must be there before the clients load, and NODE_ENV is not Jest's "test".
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { responsesExchanges } from '../helpers/client-journal';
import { worksWithEnv } from '../helpers/readme-works-with';

const ROOT = resolve(__dirname, '..', '..');
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'clients-env' });
});
afterAll(() => emulator.close());

interface Outcome {
  answers: Record<'sdk' | 'agents' | 'vercel' | 'langchain', string>;
  attempts: string[];
}

/** Runs clients/from-env.ts with the variables the README gives, and nothing else of OpenAI's. */
function runFromEnv(variables: Record<string, string>): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(NODE_ENV|OPENAI_|LANGSMITH_|LANGCHAIN_|JEST_)/.test(name)) env[name] = value;
  }
  const script = resolve(__dirname, 'clients', 'from-env.ts');
  return new Promise((done, fail) => {
    execFile(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...env, ...variables }, timeout: 100_000 }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`${err.message}\n${stderr}`));
      done(JSON.parse(stdout) as Outcome);
    });
  });
}

test('OPENAI_BASE_URL + OPENAI_API_KEY point every client at the emulator; nothing leaves the machine', async () => {
  const variables = worksWithEnv(); // as the README writes them, the emulator's own address aside
  expect(Object.keys(variables)).toEqual(['OPENAI_BASE_URL', 'OPENAI_API_KEY', 'OPENAI_AGENTS_DISABLE_TRACING']);
  const outcome = await runFromEnv({ ...variables, OPENAI_BASE_URL: emulator.baseURL });

  const exchanges = responsesExchanges(emulator);
  expect(exchanges).toHaveLength(4);
  const texts = exchanges.map((e) => e.response.output.at(-1).content[0].text);
  expect(Object.values(outcome.answers)).toEqual(texts);
  for (const text of texts) expect(text.length).toBeGreaterThan(40);
  expect(outcome.attempts).toEqual([]);
}, 120_000); // a fresh Node process loads four clients: slow on a loaded machine, never a race
