/**
 * `useEmulator()` for a test file, whatever the runner (responses-emulator/vitest and
 * responses-emulator/jest hand in their hooks): an emulator in the test process on a free loopback
 * port from beforeAll to afterAll, OPENAI_BASE_URL and OPENAI_API_KEY pointing at it meanwhile, and
 * a fresh state for every test (beforeEach: `reset()`; afterEach: the test's fixtures and faults
 * dropped). Every test starts from the same state, so its answers do not depend on which tests ran
 * before it (running one test alone gives the same bytes as the whole file).
 */
import type { Server } from 'node:http';
import type { EmulatorOptions } from '../config';
import { startEmulator, type Emulator, type RunningEmulator } from '../index';
import type { FetchFunction } from '../transport/in-process-fetch';
import type { EmulatorControls } from './controls';

type Hook = (fn: () => Promise<void> | void, timeout?: number) => void;

/** The runner's lifecycle hooks (Vitest's and Jest's share these signatures). */
export interface RunnerHooks {
  beforeAll: Hook;
  afterAll: Hook;
  beforeEach: Hook;
  afterEach: Hook;
}

export interface UseEmulatorOptions extends EmulatorOptions {
  /**
   * Sets `OPENAI_BASE_URL` (the emulator's `/v1`), `OPENAI_API_KEY` and
   * `OPENAI_AGENTS_DISABLE_TRACING=1` from beforeAll to afterAll, then puts back what was there.
   * Default true.
   */
  env?: boolean;
}

/** The emulator of this test file. Its properties are there from beforeAll on (use it in tests and hooks). */
export interface EmulatorHandle extends EmulatorControls {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT/v1`: what OPENAI_BASE_URL is set to. */
  readonly baseURL: string;
  readonly port: number;
  /** The API key OPENAI_API_KEY is set to (the first of `apiKey` when given). */
  readonly apiKey: string;
  /** A `fetch` answered in-process by the same application. */
  readonly fetch: FetchFunction;
  readonly core: Emulator;
  readonly server: Server;
}

/** Starting on a loaded CI machine can be slow (schemas, tokenizer): hooks get room, never a race. */
const HOOK_TIMEOUT_MS = 120_000;
const DEFAULT_API_KEY = 'sk-responses-emulator';
const ENV_NAMES = ['OPENAI_BASE_URL', 'OPENAI_API_KEY', 'OPENAI_AGENTS_DISABLE_TRACING'] as const;

export function useEmulatorWith(hooks: RunnerHooks, options: UseEmulatorOptions = {}): EmulatorHandle {
  const { env = true, ...emulatorOptions } = options;
  let running: RunningEmulator | null = null;
  let closed = false;
  let inTest = false;
  let savedEnv: Partial<Record<(typeof ENV_NAMES)[number], string>> | null = null;

  const current = (what: string): RunningEmulator => {
    if (running) return running;
    if (closed) throw new Error(`useEmulator(): ${what} after the emulator closed (afterAll).`);
    throw new Error(`useEmulator(): ${what} before the emulator started; it starts in beforeAll, so use the handle inside tests and hooks.`);
  };
  /** Per-test fixtures and faults are dropped when the test ends: outside a test they would vanish unseen. */
  const duringTest = (what: string): RunningEmulator => {
    const emulator = current(what);
    if (!inTest) {
      throw new Error(
        `useEmulator(): ${what} is for the current test (it is dropped when the test ends), but no test is running. ` +
          'Call it in a test or a beforeEach registered after useEmulator(); for fixtures every test shares, use emulator.addFixtures() in beforeAll.',
      );
    }
    return emulator;
  };

  hooks.beforeAll(async () => {
    running = await startEmulator({ port: 0, ...emulatorOptions });
    if (env) {
      savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));
      process.env.OPENAI_BASE_URL = running.baseURL;
      process.env.OPENAI_API_KEY = apiKeyOf(running);
      // The Agents SDK would otherwise export traces to api.openai.com with this key.
      process.env.OPENAI_AGENTS_DISABLE_TRACING = '1';
    }
  }, HOOK_TIMEOUT_MS);

  hooks.beforeEach(() => {
    current('beforeEach').reset();
    inTest = true;
  }, HOOK_TIMEOUT_MS);

  hooks.afterEach(() => {
    inTest = false;
    // The next test's beforeEach resets everything; dropping these now keeps them out of afterAll hooks too.
    running?.resetFixtures();
    running?.core.queuedFaults.clear();
  }, HOOK_TIMEOUT_MS);

  hooks.afterAll(async () => {
    const emulator = running;
    running = null;
    closed = true;
    if (savedEnv) {
      for (const name of ENV_NAMES) {
        const value = savedEnv[name];
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      savedEnv = null;
    }
    await emulator?.close();
  }, HOOK_TIMEOUT_MS);

  return {
    get url() {
      return current('emulator.url').url;
    },
    get baseURL() {
      return current('emulator.baseURL').baseURL;
    },
    get port() {
      return current('emulator.port').port;
    },
    get apiKey() {
      return apiKeyOf(current('emulator.apiKey'));
    },
    get fetch() {
      return current('emulator.fetch').fetch;
    },
    get core() {
      return current('emulator.core').core;
    },
    get server() {
      return current('emulator.server').server;
    },
    on: (match, reply) => duringTest('emulator.on()').on(match, reply),
    use: (...fixtures) => duringTest('emulator.use()').use(...fixtures),
    nextRequestFails: (fault, faultOptions) => duringTest('emulator.nextRequestFails()').nextRequestFails(fault, faultOptions),
    resetFixtures: () => current('emulator.resetFixtures()').resetFixtures(),
    addFixtures: (fixtures) => current('emulator.addFixtures()').addFixtures(fixtures),
    requests: (filter) => current('emulator.requests()').requests(filter),
    reset: () => current('emulator.reset()').reset(),
  };
}

function apiKeyOf(emulator: RunningEmulator): string {
  return emulator.core.config.apiKeys[0] ?? DEFAULT_API_KEY;
}
