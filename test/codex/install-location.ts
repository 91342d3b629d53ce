/**
 * Where the pinned Codex CLI lives: a cache folder outside the project (it is about 400 MB), keyed by
 * the version and the hash of test/codex/package-lock.json, so a changed lockfile installs afresh.
 * Shared by scripts/install-codex.ts (which installs it) and the Codex suite (which runs it).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** This folder: package.json and package-lock.json pin the Codex version the suite runs. */
export const CODEX_PACKAGE_DIR = __dirname;

const LOCKFILE = join(CODEX_PACKAGE_DIR, 'package-lock.json');

/** The pinned version, read from the lockfile (the single source of truth). */
export function pinnedCodexVersion(): string {
  const lock = JSON.parse(readFileSync(LOCKFILE, 'utf8')) as { packages: Record<string, { version?: string }> };
  const version = lock.packages['node_modules/@openai/codex']?.version;
  if (!version) throw new Error(`${LOCKFILE} does not pin @openai/codex`);
  return version;
}

/** sha256 of the lockfile: what an install was made from. */
export function lockfileHash(): string {
  return createHash('sha256').update(readFileSync(LOCKFILE)).digest('hex');
}

/**
 * `$RESPONSES_EMULATOR_CODEX_DIR`, or `${XDG_CACHE_HOME:-~/.cache}/responses-emulator/codex-<version>`.
 */
export function codexInstallDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RESPONSES_EMULATOR_CODEX_DIR) return env.RESPONSES_EMULATOR_CODEX_DIR;
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'responses-emulator', `codex-${pinnedCodexVersion()}`);
}

/** The marker an install writes last: present and equal to the lockfile's hash = installed. */
export function installMarker(dir: string): string {
  return join(dir, '.installed-lock-sha256');
}

/** The launcher npm installed (it picks the platform's native binary). */
export function codexBinIn(dir: string): string {
  return join(dir, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
}

/** The installed Codex launcher, or undefined when the cache holds no install of this lockfile. */
export function installedCodex(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = codexInstallDir(env);
  const marker = installMarker(dir);
  if (!existsSync(marker) || readFileSync(marker, 'utf8').trim() !== lockfileHash()) return undefined;
  const bin = codexBinIn(dir);
  return existsSync(bin) ? bin : undefined;
}
