/**
 * Runs the real Codex CLI against the emulator, with nothing able to leave the machine: one
 * loopback-only network namespace per lab (see netns.ts) holding the emulator process and every
 * `codex exec` the test starts; each run gets a fresh CODEX_HOME, HOME and work directory under the
 * cache folder (Codex warns about a CODEX_HOME under /tmp, and a work directory inside this
 * repository would make Codex read the project's git tree).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { codexInstallDir, installedCodex } from './install-location';
import { createNetns, netnsUnavailableReason, type Netns } from './netns';
import type { JournalEntry } from '../../src/journal/journal';
import type { Fixture } from '../../src/fixtures/types';

const ROOT = resolve(__dirname, '..', '..');

/** Why the suite cannot run here, or undefined when it can. */
export function codexUnavailableReason(): string | undefined {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) return 'dist/ is missing (run `npm run build`)';
  if (!installedCodex()) return `Codex is not installed in ${codexInstallDir()} (run \`npm run codex:install\`)`;
  return netnsUnavailableReason();
}

export interface CodexRun {
  /** Exit code (null when killed by a signal). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The directory Codex worked in (`-C`). */
  workDir: string;
  codexHome: string;
}

export interface RunOptions {
  prompt: string;
  /** The whole config.toml, given the emulator's base URL (see config.ts). */
  config: (baseURL: string) => string;
  /** More `codex exec` arguments (e.g. `--json`, `-m gpt-5.5`). */
  args?: string[];
  /** Files to create in the work directory first. */
  files?: Record<string, string>;
}

/** A safety net for a hung Codex, far above a normal run (seconds): the suite's verdict never depends on it. */
const RUN_LIMIT_MS = 240_000;

export interface CodexLab {
  netns: Netns;
  /** `http://127.0.0.1:PORT` inside the namespace. */
  url: string;
  /** The emulator's journal, oldest first, read through the control socket. */
  journal(): Promise<JournalEntry[]>;
  runCodex(options: RunOptions): Promise<CodexRun>;
  /** The emulator's stderr so far (for failure messages). */
  emulatorLog(): string;
  close(): Promise<void>;
}

/**
 * Creates the namespace, starts the emulator in it (fixtures, if given, are written to a folder it
 * loads), and returns the lab. `close()` stops the emulator and deletes the namespace and the files.
 */
export async function startCodexLab(label: string, options: { seed: string; fixtures?: Fixture[] }): Promise<CodexLab> {
  const netns = createNetns(label);
  const dir = join(codexInstallDir(), '..', 'codex-runs', netns.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // In the temp dir: a Unix socket path must stay under ~100 bytes, whatever the cache folder's path.
  const socket = join(tmpdir(), `${netns.name}.sock`);
  const emulatorOptions: Record<string, unknown> = { seed: options.seed, logLevel: 'warn' };
  if (options.fixtures) {
    const fixturesDir = join(dir, 'fixtures');
    mkdirSync(fixturesDir);
    writeFileSync(join(fixturesDir, `${label}.json`), JSON.stringify(options.fixtures, null, 2));
    emulatorOptions.fixtures = fixturesDir;
  }
  const [cmd, ...args] = netns.exec([process.execPath, join(__dirname, 'emulator-process.js'), JSON.stringify(emulatorOptions), socket]);
  const emulator = spawn(cmd!, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  emulator.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  let url: string;
  try {
    url = await firstLine(emulator, () => log).then((line) => (JSON.parse(line) as { url: string }).url);
  } catch (err) {
    netns.delete();
    throw err;
  }
  let runs = 0;
  return {
    netns,
    url,
    emulatorLog: () => log,
    journal: async () => (JSON.parse(await getOverSocket(socket, '/__emulator/requests')) as { data: JournalEntry[] }).data.reverse(),
    runCodex: (run) => runCodex(netns, join(dir, `run-${++runs}`), `${url}/v1`, run),
    close: async () => {
      if (emulator.exitCode === null) {
        const exited = new Promise((done) => emulator.once('exit', done));
        emulator.kill('SIGTERM');
        await exited;
      }
      netns.delete();
      rmSync(dir, { recursive: true, force: true });
      rmSync(socket, { force: true });
    },
  };
}

function firstLine(child: ChildProcess, log: () => string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const end = out.indexOf('\n');
      if (end >= 0) resolvePromise(out.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code} before it was ready:\n${log()}`)));
  });
}

function getOverSocket(socketPath: string, path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ socketPath, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolvePromise(body) : reject(new Error(`GET ${path}: ${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * One `codex exec`, inside the namespace, with a minimal environment: nothing from the caller's
 * environment (proxies, keys, a user's CODEX_HOME) can change what Codex does.
 */
async function runCodex(netns: Netns, dir: string, baseURL: string, run: RunOptions): Promise<CodexRun> {
  const codexHome = join(dir, 'codex-home');
  const home = join(dir, 'home');
  const workDir = join(dir, 'work');
  for (const d of [codexHome, home, workDir]) mkdirSync(d, { recursive: true });
  writeFileSync(join(codexHome, 'config.toml'), run.config(baseURL));
  for (const [name, content] of Object.entries(run.files ?? {})) {
    mkdirSync(dirname(join(workDir, name)), { recursive: true });
    writeFileSync(join(workDir, name), content);
  }
  const codex = installedCodex()!;
  const argv = netns.exec([
    process.execPath, codex, 'exec',
    // --ephemeral: no session files; --strict-config: a config key this version does not know is an error.
    '--skip-git-repo-check', '--ephemeral', '--strict-config', '--color', 'never',
    '-C', workDir,
    ...(run.args ?? []),
    run.prompt,
  ]);
  const env = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    CODEX_HOME: codexHome,
    OPENAI_API_KEY: 'sk-emulator',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
  };
  const child = spawn(argv[0]!, argv.slice(1), { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const guard = setTimeout(() => {
    stderr += `\n[harness] codex still running after ${RUN_LIMIT_MS} ms: killed\n`;
    process.kill(-child.pid!, 'SIGKILL');
  }, RUN_LIMIT_MS);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.once('close', (c, s) => done([c, s])));
  clearTimeout(guard);
  return { code, signal, stdout, stderr, workDir, codexHome };
}
