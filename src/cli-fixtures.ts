/**
 * Which fixtures folder the command loads, and what it says when it cannot: the folder named by
 * `--fixtures` or RESPONSES_EMULATOR_FIXTURES, none with `--no-fixtures`, or else `./fixtures` when
 * it exists (the folder `record` writes into unless told otherwise).
 *
 * A `./fixtures` that was picked up by itself may be a project's own data, not the emulator's: when
 * none of its files is written as fixtures, `serve` says so, ignores it and starts (zero
 * configuration just works); `record` would write into it, so it stops. Either way the message says
 * why that folder was read and how to choose another, or none.
 */
import { existsSync, statSync } from 'node:fs';
import { ConfigError, DEFAULT_FIXTURES_DIR, OPTIONS, type EmulatorOptions } from './config';
import { diagnosticLine } from './fixtures/diagnostics';
import type { FixtureLoadError } from './fixtures/load-error';

const ENV = OPTIONS.find((o) => o.key === 'fixturesDir')!.env;

/** `flag`: --fixtures; `env`: its variable; `auto`: ./fixtures found; `none`: no folder. */
export type FixturesFrom = 'flag' | 'env' | 'auto' | 'none';

/** The options with the fixtures folder settled, and where it came from. */
export function chooseFixtures(
  kind: 'serve' | 'record',
  options: EmulatorOptions,
  source: string | undefined,
): { options: EmulatorOptions; from: FixturesFrom } {
  const given = options.fixtures as string | null | undefined | false;
  if (given === false) {
    if (kind === 'record') throw new ConfigError('record writes into a fixtures folder: --no-fixtures does not apply.');
    return { options: { ...options, fixtures: null }, from: 'none' };
  }
  if (given !== undefined && given !== null) return { options, from: source === 'env' ? 'env' : 'flag' };
  const found = existsSync(DEFAULT_FIXTURES_DIR) && statSync(DEFAULT_FIXTURES_DIR).isDirectory();
  if (found || kind === 'record') return { options: { ...options, fixtures: DEFAULT_FIXTURES_DIR }, from: 'auto' };
  return { options, from: 'none' };
}

/** How the folder was chosen and how to choose another (after an error about a folder the user did not name). */
export function autoLoadNote(dir: string): string {
  return `${dir} was loaded because it is the fixtures folder in the current directory; choose another with --fixtures DIR (or ${ENV}=DIR), or none with --no-fixtures.`;
}

/** A picked-up ./fixtures in which no file is written as fixtures: a project's own data. */
export function isForeignFolder(err: FixtureLoadError, from: FixturesFrom, kind: 'serve' | 'record'): boolean {
  return from === 'auto' && kind === 'serve' && !err.report.unreadable && err.report.recognised === 0;
}

/** The warning for a foreign ./fixtures, naming one of its files and what it lacks. */
export function foreignFolderWarning(err: FixtureLoadError): string {
  const first = err.report.diagnostics.find((d) => d.severity === 'error');
  const files = err.report.files === 1 ? 'its one JSON or YAML file is not' : `none of its ${err.report.files} JSON and YAML files is`;
  const example = first ? ` (first error: ${diagnosticLine(first)})` : '';
  return `warning: ${err.dir} holds no emulator fixtures: ${files} written as fixtures${example}. It is ignored and every request is synthesised. ${autoLoadNote(err.dir)}`;
}

/** The start-up error for a folder that cannot be loaded, saying where the folder came from. */
export function loadFailureMessage(err: FixtureLoadError, from: FixturesFrom): string {
  if (from === 'env') return `${ENV}: ${err.message}`;
  if (from === 'auto') return `${err.message}\n${autoLoadNote(err.dir)}`;
  return err.message;
}
