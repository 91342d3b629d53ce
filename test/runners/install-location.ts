/**
 * The Vitest and Jest projects of test/runners/: each a user's project (its own package.json and
 * package-lock.json) installed with `npm ci` into a cache folder outside this repository, keyed by
 * the hash of its lockfile, with this repository's package added from `npm pack` — the way a user
 * gets it, not a link, so `responses-emulator/vitest` resolves `vitest` from the project.
 * Shared by scripts/install-runner-projects.ts (CI installs ahead) and the tests (which install
 * whatever is missing).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const RUNNER_PROJECTS = ['vitest-project', 'jest-project'] as const;
export type RunnerProject = (typeof RUNNER_PROJECTS)[number];

const REPO = join(__dirname, '..', '..');
const PACKAGE_FILES = new Set(['package.json', 'package-lock.json']);

export function projectSource(project: RunnerProject): string {
  return join(__dirname, project);
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `$RESPONSES_EMULATOR_RUNNERS_DIR/<project>-<lock hash>`, else under `${XDG_CACHE_HOME:-~/.cache}/responses-emulator/runners/`. */
export function installDir(project: RunnerProject, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.RESPONSES_EMULATOR_RUNNERS_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'responses-emulator', 'runners');
  const lockHash = sha256(readFileSync(join(projectSource(project), 'package-lock.json'))).slice(0, 16);
  return join(base, `${project}-${lockHash}`);
}

const DEPS_MARKER = '.installed-lock-sha256';
const EMULATOR_MARKER = '.installed-emulator-sha256';

/** `npm ci` from the project's lockfile, unless this lockfile is installed there already (the marker is written last). */
export function installProject(project: RunnerProject, log: (line: string) => void = () => undefined): string {
  const dir = installDir(project);
  const lockHash = sha256(readFileSync(join(projectSource(project), 'package-lock.json')));
  const marker = join(dir, DEPS_MARKER);
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === lockHash) return dir;
  log(`installing ${project} into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of PACKAGE_FILES) copyFileSync(join(projectSource(project), file), join(dir, file));
  // --ignore-scripts: nothing runs that the lockfile does not pin (no test dependency needs a build step).
  npm(['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  writeFileSync(marker, `${lockHash}\n`);
  return dir;
}

/**
 * This repository's package, packed as `npm publish` would (from the built dist/; `npm test` builds
 * first), installed into the project unless that very tarball is there already. Its own dependencies
 * come from the registry (npm's cache), as for a user.
 */
export function installEmulator(dir: string, log: (line: string) => void = () => undefined): void {
  const packDir = mkdtempSync(join(tmpdir(), 'responses-emulator-pack-'));
  try {
    // --ignore-scripts: packing must not rebuild (`prepare`) while other tests read dist/.
    const name = npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', packDir], REPO).trim().split('\n').pop()!;
    const tarball = join(packDir, name);
    const hash = sha256(readFileSync(tarball));
    const marker = join(dir, EMULATOR_MARKER);
    if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === hash && existsSync(join(dir, 'node_modules', 'responses-emulator', 'package.json'))) return;
    log(`installing ${name} into ${dir}`);
    rmSync(marker, { force: true });
    npm(['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', tarball], dir);
    writeFileSync(marker, `${hash}\n`);
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
}

/** The project's own files (tests, config), copied over the install afresh: edits here take effect. */
export function copyProjectFiles(project: RunnerProject, dir: string): void {
  for (const entry of readdirSync(projectSource(project))) {
    if (PACKAGE_FILES.has(entry)) continue;
    const target = join(dir, entry);
    rmSync(target, { recursive: true, force: true });
    cpSync(join(projectSource(project), entry), target, { recursive: true });
  }
}

/** Installs what is missing and returns the folder to run the project's runner in. */
export function prepareProject(project: RunnerProject, log?: (line: string) => void): string {
  const dir = installProject(project, log);
  installEmulator(dir, log);
  copyProjectFiles(project, dir);
  return dir;
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, npm_config_update_notifier: 'false' } });
}
