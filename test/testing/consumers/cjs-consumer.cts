// Type-checked by `npm run typecheck` (node16 resolution, a CommonJS module): the Jest helper and the
// main entry resolve, with their types, through `require`. Never run.
import { useEmulator, type EmulatorHandle } from 'responses-emulator/jest';
import { createInProcessEmulator } from 'responses-emulator';

export function consumer(): void {
  const handle: EmulatorHandle = useEmulator({ port: 0 });
  handle.use({ name: 'greeting', match: { input: 'Hi' }, reply: { text: 'Hello!' } });
  createInProcessEmulator().on('Hi', { text: 'Hello!', usage: { input_tokens: 3 } });
}
