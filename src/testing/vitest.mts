/**
 * `responses-emulator/vitest`: `useEmulator()` with Vitest's hooks (an ES module, as Vitest is).
 *
 *   import { useEmulator } from 'responses-emulator/vitest';
 *   const emulator = useEmulator();
 *   test('…', async () => { emulator.on('Hi', 'Hello!'); … });
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { useEmulatorWith, type EmulatorHandle, type UseEmulatorOptions } from './use-emulator.js';

export type { EmulatorHandle, UseEmulatorOptions } from './use-emulator.js';

export function useEmulator(options: UseEmulatorOptions = {}): EmulatorHandle {
  return useEmulatorWith({ beforeAll, afterAll, beforeEach, afterEach }, options);
}
