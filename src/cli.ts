/**
 * The `responses-emulator` command:
 *   responses-emulator [options]           start the emulator
 *   responses-emulator record [options]    proxy to --upstream and record exchanges into --fixtures
 *   responses-emulator lint <dir>          check fixture files offline (exit 1 on errors)
 * Flags and environment variables come from the option table in config/table.ts. On start it prints
 * exactly one line on stdout, the base URL; everything else goes to stderr. Usage errors exit 2.
 */
import { Command, CommanderError, Option } from 'commander';
import { chooseFixtures, foreignFolderWarning, isForeignFolder, loadFailureMessage, type FixturesFrom } from './cli-fixtures';
import { ConfigError, OPTIONS, parseEnvValue, resolveConfig, type EmulatorOptions } from './config';
import { FixtureLoadError } from './fixtures/load-error';
import { exposureWarning, RedisUnreachable, startEmulator, type RunningEmulator } from './index';
import { SchemaRegistry } from './validation/schema-registry';

const EXIT_USAGE = 2;

function packageVersion(): string {
  return (require('../package.json') as { version: string }).version;
}

function addServerOptions(command: Command): Command {
  for (const spec of OPTIONS) {
    // Defaults are applied by resolveConfig (so a command can tell what the user set); help shows them.
    const shown = spec.default !== null && spec.default !== '' ? ` (default: ${spec.default})` : '';
    command.addOption(new Option(spec.flag, spec.description + shown).env(spec.env));
  }
  return command;
}

/** The command's options, and whether `--fixtures` came from the command line or its variable. */
type Run = (kind: 'serve' | 'record', options: EmulatorOptions, fixturesSource?: string) => Promise<void>;

export function buildProgram(run: Run, lint: (dir: string) => void): Command {
  const program = new Command('responses-emulator')
    .description('A local, deterministic emulator of the OpenAI Responses API. With no command, it starts the emulator.')
    .version(packageVersion(), '-v, --version')
    .exitOverride()
    .enablePositionalOptions() // `record --port 0` sets record's port, not the program's
    .showHelpAfterError('(run with --help for usage)');
  addServerOptions(program).addOption(new Option('--no-fixtures', 'Load no fixtures, not even ./fixtures.'));
  program.action(async (options: EmulatorOptions, command: Command) => run('serve', withEnvValues(command, options), command.getOptionValueSource('fixtures')));
  addServerOptions(program.command('record').description('Proxy every request to --upstream, relay the answers, and record each exchange as a fixture in --fixtures.')).action(
    async (options: EmulatorOptions, command: Command) => run('record', withEnvValues(command, options), command.getOptionValueSource('fixtures')),
  );
  program
    .command('lint')
    .argument('<dir>', 'directory of fixture files')
    .description('Check fixture files offline: prints errors and warnings, exits 1 when there are errors.')
    .action((dir: string) => lint(dir));
  return program;
}

export async function main(argv: string[] = process.argv): Promise<RunningEmulator | undefined> {
  let running: RunningEmulator | undefined;
  const program = buildProgram(
    async (kind, raw, fixturesSource) => {
      const { options, from } = withDefaults(kind, raw, fixturesSource);
      resolveConfig(options); // validate before binding anything
      running = await start(kind, options, from);
    },
    (dir) => {
      process.exitCode = lintFixtures(dir);
    },
  );
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return undefined;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`responses-emulator: ${err.message}\n`);
      process.exitCode = EXIT_USAGE;
      return undefined;
    }
    throw err;
  }
  return running;
}

/**
 * Commander reads the environment variables, but for a flag without a value (`--strict`) it only notes
 * that the variable is set: `RESPONSES_EMULATOR_STRICT=false` would turn strict mode on. Every option that
 * came from its variable takes the variable's own text instead, checked by the option's parser so that
 * a bad value is an error naming the variable.
 */
function withEnvValues(command: Command, options: EmulatorOptions): EmulatorOptions {
  const out: Record<string, unknown> = { ...options };
  for (const option of command.options) {
    const name = option.attributeName();
    if (!option.envVar || command.getOptionValueSource(name) !== 'env') continue;
    const raw = process.env[option.envVar] ?? '';
    parseEnvValue(option.envVar, raw);
    out[name] = raw;
  }
  return out as EmulatorOptions;
}

/** The fixtures folder (see cli-fixtures.ts); `record` records everything unless told otherwise. */
function withDefaults(kind: 'serve' | 'record', raw: EmulatorOptions, fixturesSource: string | undefined): { options: EmulatorOptions; from: FixturesFrom } {
  const chosen = chooseFixtures(kind, raw, fixturesSource);
  const options = chosen.options;
  if (kind === 'record' && options.recordMode === undefined) options.recordMode = 'all';
  if (kind === 'record' && !options.upstream) throw new ConfigError('record needs --upstream <url> (the API to record from).');
  return { options, from: chosen.from };
}

/** Starts the emulator; a picked-up ./fixtures that is a project's own data is ignored with a warning. */
async function startWithFixtures(kind: 'serve' | 'record', options: EmulatorOptions, from: FixturesFrom): Promise<RunningEmulator> {
  try {
    return await startEmulator(options);
  } catch (err) {
    if (!(err instanceof FixtureLoadError)) throw err;
    if (!isForeignFolder(err, from, kind)) throw new ConfigError(loadFailureMessage(err, from));
    process.stderr.write(`responses-emulator: ${foreignFolderWarning(err)}\n`);
    return startEmulator({ ...options, fixtures: null });
  }
}

async function start(kind: 'serve' | 'record', options: EmulatorOptions, from: FixturesFrom): Promise<RunningEmulator | undefined> {
  let running: RunningEmulator;
  try {
    running = await startWithFixtures(kind, options, from);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    if (err instanceof RedisUnreachable) {
      process.stderr.write(`responses-emulator: ${err.message}\n`);
      process.exitCode = 1;
      return undefined;
    }
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is already in use' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    process.stderr.write(`responses-emulator: cannot listen on ${String(options.host ?? '127.0.0.1')}:${String(options.port ?? 4010)}: ${why}\n`);
    process.exitCode = 1;
    return undefined;
  }
  process.stdout.write(`${running.url}\n`);
  // Said in plain words whatever the log level (the library also logs it).
  const warning = exposureWarning(running.core.config);
  if (warning) process.stderr.write(`responses-emulator: warning: ${warning}.\n`);
  const mode = running.core.config.recordMode === 'none' ? '' : `, recording from ${String(running.core.config.upstream)} into ${String(running.core.config.fixturesDir)}`;
  process.stderr.write(`responses-emulator ${packageVersion()} ready: OpenAI base URL ${running.baseURL}${mode}\n`);
  installShutdown(running);
  return running;
}

/** Prints the lint report; returns the exit code (1 when there are errors). */
export function lintFixtures(dir: string): number {
  // The fixture loader and its diagnostics are loaded by this command (and by a start with fixtures), not by every start.
  const { loadFixtureDir } = require('./fixtures/load') as typeof import('./fixtures/load');
  const { formatDiagnostics } = require('./fixtures/diagnostics') as typeof import('./fixtures/diagnostics');
  const report = loadFixtureDir(dir, SchemaRegistry.load());
  if (report.diagnostics.length > 0) process.stderr.write(`${formatDiagnostics(report.diagnostics)}\n`);
  for (const s of report.skipped) process.stderr.write(`note: not checked: ${s}, the emulator's examples (lint it by name)\n`);
  process.stdout.write(`${report.fixtures.length} fixtures, ${report.errors.length} errors, ${report.warnings.length} warnings\n`);
  return report.errors.length > 0 ? 1 : 0;
}

/**
 * SIGINT/SIGTERM: stop accepting, give in-flight responses `--shutdown-grace` to finish, end the rest
 * with an error event, exit 0. A second signal exits at once (130).
 */
function installShutdown(running: RunningEmulator): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    running.close({ graceMs: running.core.config.shutdownGraceMs }).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
