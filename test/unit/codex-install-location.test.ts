/** Where the Codex suite finds its pinned Codex, and when an install counts as done (test/codex/install-location.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { codexBinIn, codexInstallDir, installMarker, installedCodex, lockfileHash, pinnedCodexVersion } from '../codex/install-location';

describe('Codex install location', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'codex-location-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('the version comes from the lockfile, and names the cache folder', () => {
    expect(pinnedCodexVersion()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(codexInstallDir({ XDG_CACHE_HOME: '/cache' })).toBe(`/cache/responses-emulator/codex-${pinnedCodexVersion()}`);
    expect(codexInstallDir({ RESPONSES_EMULATOR_CODEX_DIR: '/opt/codex', XDG_CACHE_HOME: '/cache' })).toBe('/opt/codex');
  });

  test('an install counts only with its launcher and a marker holding this lockfile’s hash', () => {
    const env = { RESPONSES_EMULATOR_CODEX_DIR: dir };
    expect(installedCodex(env)).toBeUndefined();
    mkdirSync(dirname(codexBinIn(dir)), { recursive: true });
    writeFileSync(codexBinIn(dir), '');
    expect(installedCodex(env)).toBeUndefined(); // no marker: a half-finished install
    writeFileSync(installMarker(dir), 'a-hash-of-another-lockfile\n');
    expect(installedCodex(env)).toBeUndefined();
    writeFileSync(installMarker(dir), `${lockfileHash()}\n`);
    expect(installedCodex(env)).toBe(codexBinIn(dir));
  });
});
