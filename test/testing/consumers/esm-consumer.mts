// Type-checked by `npm run typecheck` (node16 resolution, an ES module): the package's subpath
// exports resolve, with their types, by the package's own name. Never run.
import { startEmulator, type FixtureMatch, type FixtureReply } from 'responses-emulator';
import { useEmulator as useWithVitest, type EmulatorHandle } from 'responses-emulator/vitest';
import { useEmulator as useWithJest } from 'responses-emulator/jest';

export function consumer(): void {
  const handle: EmulatorHandle = useWithVitest({ seed: 'x', fixedTime: '2025-01-01T00:00:00Z', env: true });
  const match: FixtureMatch = { input: { contains: 'weather' }, tools: ['get_weather'] };
  const reply: FixtureReply = { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] };
  handle.on(match, reply);
  handle.on('Hi', 'Hello!');
  handle.nextRequestFails('rate_limit', { retryAfter: 0, count: 2 });
  handle.nextRequestFails('stream_error;after=3');
  // @ts-expect-error: not a fault kind
  handle.nextRequestFails('explode');
  // @ts-expect-error: a reply field that does not exist
  handle.on('Hi', { txt: 'typo' });
  handle.addFixtures([{ match: { input: 'a' }, reply: { text: 'b' } }]);
  void useWithJest().baseURL;
  void startEmulator;
}
