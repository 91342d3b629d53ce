/**
 * `responses-emulator/jest`: `useEmulator()` with Jest's hooks.
 *
 *   const { useEmulator } = require('responses-emulator/jest');
 *   const emulator = useEmulator();
 *   test('…', async () => { emulator.on('Hi', 'Hello!'); … });
 *
 * The hooks are Jest's globals; with `injectGlobals: false`, `@jest/globals` (which Jest's module
 * registry serves itself, so it need not be resolvable from this package).
 */
import { useEmulatorWith, type EmulatorHandle, type RunnerHooks, type UseEmulatorOptions } from './use-emulator';

export type { EmulatorHandle, UseEmulatorOptions } from './use-emulator';

export function useEmulator(options: UseEmulatorOptions = {}): EmulatorHandle {
  return useEmulatorWith(jestHooks(), options);
}

function jestHooks(): RunnerHooks {
  const globals = globalThis as Partial<RunnerHooks>;
  if (typeof globals.beforeAll === 'function' && typeof globals.afterAll === 'function' && typeof globals.beforeEach === 'function' && typeof globals.afterEach === 'function') {
    return globals as RunnerHooks;
  }
  try {
    return require('@jest/globals') as RunnerHooks;
  } catch {
    throw new Error('responses-emulator/jest: useEmulator() must be called in a Jest test file (Jest\'s beforeAll/afterAll/beforeEach/afterEach were not found).');
  }
}
