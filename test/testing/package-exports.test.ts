/**
 * The package's entry points as a user's Node resolves them, by the package's own name (a package
 * may import itself through its "exports"): the main entry, `/vitest`, `/jest`, `/package.json` and
 * the fixture schema, from CommonJS (`require`) and from an ES module (`import`). Their types are
 * checked by `npm run typecheck` (test/testing/consumers/). Runs the built dist/ (`npm test` builds).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SUBPATHS = ['responses-emulator', 'responses-emulator/vitest', 'responses-emulator/jest', 'responses-emulator/package.json', 'responses-emulator/schemas/fixture.json'];

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const relative = (paths: string[]): string[] => paths.map((p) => p.replace(`file://${ROOT}/`, '').replace(`${ROOT}/`, ''));

test('require() resolves every entry point', () => {
  const out = node(['-e', `console.log(JSON.stringify(${JSON.stringify(SUBPATHS)}.map((s) => require.resolve(s))))`]);
  expect(relative(JSON.parse(out))).toEqual(['dist/index.js', 'dist/testing/vitest.mjs', 'dist/testing/jest.js', 'package.json', 'schemas/fixture.json']);
});

test('import resolves every entry point', () => {
  const out = node(['--input-type=module', '-e', `console.log(JSON.stringify(${JSON.stringify(SUBPATHS)}.map((s) => import.meta.resolve(s))))`]);
  expect(relative(JSON.parse(out))).toEqual(['dist/index.js', 'dist/testing/vitest.mjs', 'dist/testing/jest.js', 'package.json', 'schemas/fixture.json']);
});

test('the main entry and the Jest helper load from CommonJS and from an ES module, with named exports', () => {
  const cjs = node(['-e', "const m = require('responses-emulator'); const j = require('responses-emulator/jest'); console.log(typeof m.startEmulator, typeof j.useEmulator)"]);
  expect(cjs.trim()).toBe('function function');
  const esm = node(['--input-type=module', '-e', "import { startEmulator } from 'responses-emulator'; import { useEmulator } from 'responses-emulator/jest'; console.log(typeof startEmulator, typeof useEmulator)"]);
  expect(esm.trim()).toBe('function function');
});

test('the Vitest helper is an ES module that asks for vitest (an optional peer dependency, absent here)', () => {
  let message = '';
  try {
    node(['--input-type=module', '-e', "await import('responses-emulator/vitest')"]);
  } catch (err) {
    message = String((err as { stderr?: string }).stderr);
  }
  expect(message).toMatch(/Cannot find package 'vitest'/);
});

test('deep imports stay closed: only the listed entry points are public', () => {
  expect(() => node(['-e', "require('responses-emulator/dist/emulator.js')"])).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
});
