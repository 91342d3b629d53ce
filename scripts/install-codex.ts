/**
 * `npm run codex:install`: installs the Codex CLI the end-to-end suite runs (test/codex/) into a cache
 * folder, with `npm ci` from test/codex/package-lock.json: never into the project's node_modules
 * (it is about 400 MB). Does nothing when that lockfile is already installed there. Prints the
 * launcher's path.
 *
 *   npm run codex:install
 *   RESPONSES_EMULATOR_CODEX_DIR=/somewhere npm run codex:install
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODEX_PACKAGE_DIR, codexBinIn, codexInstallDir, installMarker, installedCodex, lockfileHash, pinnedCodexVersion } from '../test/codex/install-location';

function main(): void {
  const dir = codexInstallDir();
  const already = installedCodex();
  if (already) {
    process.stderr.write(`Codex ${pinnedCodexVersion()} is already installed in ${dir}\n`);
    process.stdout.write(`${already}\n`);
    return;
  }
  process.stderr.write(`Installing Codex ${pinnedCodexVersion()} into ${dir}\n`);
  // A stale or half-finished install is replaced whole; the marker is written last.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(CODEX_PACKAGE_DIR, file), join(dir, file));
  // --ignore-scripts: the launcher needs no install step, and nothing runs that the lockfile does not pin.
  execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  const version = execFileSync(process.execPath, [codexBinIn(dir), '--version'], { encoding: 'utf8' }).trim();
  if (!version.endsWith(pinnedCodexVersion())) throw new Error(`installed Codex says "${version}", expected ${pinnedCodexVersion()}`);
  writeFileSync(installMarker(dir), `${lockfileHash()}\n`);
  process.stderr.write(`Installed ${version}\n`);
  process.stdout.write(`${codexBinIn(dir)}\n`);
}

main();
