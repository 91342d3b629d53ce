/**
 * A real Jest project (test/runners/jest-project: Jest 30, CommonJS, the official SDK, pinned by its
 * lockfile) uses `responses-emulator/jest` from this repository's packed package. Its runner is run
 * as a user would (`npx jest`) and must pass every test: the SDK configured from the environment, a
 * per-test fixture that does not leak into the next test, a queued fault that fires once. Installs
 * into a cache folder when missing (registry access needed; .ci/run does it ahead).
 */
import { runProject } from './run-project';

jest.setTimeout(600_000);

test('the Jest project passes with useEmulator() from responses-emulator/jest', async () => {
  const run = await runProject('jest-project', ['jest', '--ci', '--json']);
  if (run.code !== 0 || run.failed !== 0) throw new Error(`jest exited ${run.code}\n${run.output}`);
  expect({ passed: run.passed, failed: run.failed, total: run.total }).toEqual({ passed: 6, failed: 0, total: 6 });
});
