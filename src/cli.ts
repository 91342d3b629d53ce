/**
 * The `responses-emulator` command. Flags and environment variables come from the option table in
 * config.ts. On start it prints exactly one line on stdout, the base URL; everything else goes to
 * stderr. Usage errors exit with code 2.
 */
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, OPTIONS, resolveConfig, type EmulatorOptions } from './config';
import { startEmulator, type RunningEmulator } from './index';

const EXIT_USAGE = 2;

function packageVersion(): string {
  return (require('../package.json') as { version: string }).version;
}

export function buildProgram(): Command {
  const program = new Command('responses-emulator')
    .description('A local, deterministic emulator of the OpenAI Responses API.')
    .version(packageVersion(), '-v, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const spec of OPTIONS) {
    const option = new Option(spec.flag, spec.description).env(spec.env);
    if (spec.default !== null) option.default(spec.default);
    program.addOption(option);
  }
  return program;
}

export async function main(argv: string[] = process.argv): Promise<RunningEmulator | undefined> {
  const program = buildProgram();
  let options: EmulatorOptions;
  try {
    program.parse(argv);
    options = program.opts<EmulatorOptions>();
    resolveConfig(options); // validate before binding anything
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

  let running: RunningEmulator;
  try {
    running = await startEmulator(options);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is already in use' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    process.stderr.write(`responses-emulator: cannot listen on ${String(options.host)}:${String(options.port)}: ${why}\n`);
    process.exitCode = 1;
    return undefined;
  }
  process.stdout.write(`${running.url}\n`);
  process.stderr.write(`responses-emulator ${packageVersion()} ready: OpenAI base URL ${running.baseURL}\n`);
  installShutdown(running);
  return running;
}

/** SIGINT/SIGTERM close the server and exit 0; a second signal exits at once. */
function installShutdown(running: RunningEmulator): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
