/**
 * A real Vitest project (test/runners/vitest-project: Vitest 4, Vite 8, the official SDK, pinned by
 * its lockfile) uses `responses-emulator/vitest` from this repository's packed package. Its runner
 * is run as a user would (`npx vitest run`) and must pass every test: its own (the SDK configured
 * from the environment, a per-test fixture that does not leak into the next test, a queued fault
 * that fires once) and the README's first test example, copied in as written. Installs into a cache
 * folder when missing (registry access needed; .ci/run does it ahead).
 */
import { readmeFirstTestExample } from './readme-example';
import { runProject } from './run-project';

jest.setTimeout(600_000);

test('the README\'s first test example uses the Vitest helper', () => {
  expect(readmeFirstTestExample()).toContain("import { useEmulator } from 'responses-emulator/vitest';");
});

test('the Vitest project and the README example pass with useEmulator() from responses-emulator/vitest', async () => {
  // --update: the README example's snapshot is written afresh in each run (the folder is laid anew).
  const run = await runProject('vitest-project', ['vitest', 'run', '--update', '--reporter=default', '--reporter=json'], { 'tests/readme.spec.ts': readmeFirstTestExample() });
  if (run.code !== 0 || run.failed !== 0) throw new Error(`vitest exited ${run.code}\n${run.output}`);
  expect({ passed: run.passed, failed: run.failed, total: run.total }).toEqual({ passed: 9, failed: 0, total: 9 });
});
