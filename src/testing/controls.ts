/**
 * What a test does to a running emulator, on every handle (startEmulator, createInProcessEmulator,
 * useEmulator): per-test fixtures like MSW's `server.use()`, queued faults, the journal, resets.
 */
import type { TestControlServices } from '../core/services';
import type { FixtureInput } from '../fixtures/fixture-library';
import { queuedFault, type FaultOptions } from '../faults/fault-queue';
import type { FaultKind } from '../faults/faults';
import type { Fixture, FixtureMatch, FixtureReply } from '../fixtures/types';
import type { JournalEntry, JournalFilter } from '../journal/journal';

/** A fault kind, or a whole header-style spec such as `'stream_error;after=5'`. */
export type FaultSpec = FaultKind | `${FaultKind};${string}`;

export interface EmulatorControls {
  /**
   * Answers requests matching `match` with `reply` until the next reset (with useEmulator: until the
   * test ends). A string `match` is the exact latest user message; a string `reply` is the text. Wins
   * over loaded fixtures; the newest `on`/`use` wins over older ones. Throws on an invalid fixture.
   */
  on(match: FixtureMatch | string, reply: FixtureReply | string): void;
  /** Adds whole per-test fixtures (as `on`), in the order given. */
  use(...fixtures: Fixture[]): void;
  /** Drops the per-test fixtures (`on`, `use`): the loaded ones answer again. */
  resetFixtures(): void;
  /** Adds fixtures after the loaded ones, kept across resets (as if loaded from a file). */
  addFixtures(fixtures: FixtureInput): void;
  /**
   * The next API request (or the next `count`) without an `x-emulator-fault` header gets this fault,
   * e.g. `nextRequestFails('rate_limit', { retryAfter: 0 })`. Queued after earlier ones; dropped by reset.
   */
  nextRequestFails(fault: FaultSpec, options?: FaultOptions): void;
  /** The request journal, newest first, optionally filtered (e.g. `{ testId: 'checkout' }`). */
  requests(filter?: JournalFilter): JournalEntry[];
  /**
   * Forgets stored responses, conversations, the journal, rate-limit budgets and every counter,
   * per-test fixtures and queued faults.
   */
  reset(): void;
}

export function emulatorControls(core: TestControlServices): EmulatorControls {
  return {
    on(match, reply) {
      const fixture: Fixture = {
        match: typeof match === 'string' ? { input: match } : match,
        reply: typeof reply === 'string' ? { text: reply } : reply,
      };
      core.useFixtures(fixture, 'emulator.on()');
    },
    use(...fixtures) {
      core.useFixtures(fixtures, 'emulator.use()');
    },
    resetFixtures: () => core.resetFixtures(),
    addFixtures: (fixtures) => core.addFixtures(fixtures, 'emulator.addFixtures()'),
    nextRequestFails(fault, options) {
      const queued = queuedFault(fault, options);
      core.failNextRequests(queued.fault, queued.count);
    },
    requests: (filter) => core.journal.list(filter),
    reset: () => core.reset(),
  };
}
