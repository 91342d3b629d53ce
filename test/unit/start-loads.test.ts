/**
 * What a start and a plain create request load (the built package, in a fresh Node process): what
 * the first request does not need is loaded on its first use, not at start — cold start and every
 * Jest test file (a fresh module registry each) pay only for what they use. Behaviour is pinned by
 * the tests of each deferred part; this pins that it stays deferred.
 *
 * npm packages are files of their own: what was loaded is in `require.cache`. The precompiled
 * validators are too, loaded with their V8 code cache (not through `require`): what was loaded is in
 * the process-wide store (src/model/process-wide.ts), under `validator:<schemas hash>:<path>`. The package's own modules are bundled into one file per entry point
 * (scripts/bundle.ts), where a module required on first use is wrapped in a function named after
 * its source file, run on that first `require`: V8's precise coverage says which of those ran. A
 * module missing from that list is not deferred at all (the bundle runs it at load).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BUILT = existsSync(join(ROOT, 'dist', 'index.js'));

/** Starts V8's precise coverage (function call counts), before the package is required. */
const COVERAGE = `
const session = new (require('node:inspector').Session)();
session.connect();
const post = (method, params) => { let out; session.post(method, params, (err, res) => { if (err) throw err; out = res; }); return out; };
post('Profiler.enable');
post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
/** The bundle's deferred modules (their source paths) that have not run yet. */
const notRun = (bundle) => post('Profiler.takePreciseCoverage').result.find((s) => s.url.endsWith(bundle)).functions.filter((f) => f.functionName.startsWith('src/') && f.ranges[0].count === 0).map((f) => f.functionName);
`;

/** Starts the built emulator in a child, sends one create request, prints what was then loaded. */
const SCRIPT = `${COVERAGE}
const { startEmulator } = require(${JSON.stringify(join(ROOT, 'dist', 'index.js'))});
(async () => {
  const emulator = await startEmulator({ port: 0, logLevel: 'silent' });
  const res = await fetch(emulator.baseURL + '/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'Hello!' }) });
  const body = await res.json();
  await emulator.close();
  const validators = [...globalThis[Symbol.for('responses-emulator.process-wide')].keys()].filter((k) => k.startsWith('validator:')).map((k) => k.split(':').slice(2).join(':'));
  process.stdout.write(JSON.stringify({ status: res.status, usage: body.usage, modules: [...Object.keys(require.cache), ...validators], notRun: notRun('/dist/index.js') }));
})();
`;

function afterOneRequest(): { status: number; usage: { input_tokens: number }; modules: string[]; notRun: string[] } {
  return JSON.parse(execFileSync(process.execPath, ['-e', SCRIPT], { cwd: ROOT, encoding: 'utf8' }));
}

(BUILT ? describe : describe.skip)('a start and one plain create request', () => {
  const run = afterOneRequest();
  const loaded = (part: string) => run.modules.some((m) => m.split('\\').join('/').includes(part));

  test('are answered, with exact counts', () => {
    expect(run.status).toBe(200);
    expect(run.usage.input_tokens).toBeGreaterThan(0);
  });

  test('load the create-request validator only, not the other precompiled ones', () => {
    expect(loaded('/dist/precompiled/openai_create-response.json.js')).toBe(true);
    const others = run.modules.filter((m) => m.includes('/dist/precompiled/') && !m.endsWith('openai_create-response.json.js'));
    expect(others).toEqual([]);
  });

  test('load one file of the package itself', () => {
    const own = run.modules.filter((m) => !m.includes('/node_modules/') && !m.includes('/dist/precompiled/'));
    expect(own.map((m) => m.slice(ROOT.length + 1))).toEqual(['dist/index.js']);
  });

  test.each([
    ['re2js (patterns: fixture matchers, schema patterns, Lark terminals)', '/node_modules/re2js/'],
    ['Ajv (run-time compilation)', '/node_modules/ajv/dist/core.js'],
    ['the YAML parser', '/node_modules/yaml/'],
    ['json-schema-faker', '/node_modules/json-schema-faker/'],
  ])('do not load %s', (_name, part) => {
    expect(loaded(part)).toBe(false);
  });

  test.each([
    ['the Lark grammar engine', 'src/engine/tools/lark/syntax.ts'],
    ['the fixture file loader', 'src/fixtures/load.ts'],
  ])('do not run %s', (_name, source) => {
    expect(run.notRun).toContain(source);
  });
});

(BUILT ? test : test.skip)('the command line runs the fixture loader for `lint`, not for a start', () => {
  const script = `${COVERAGE} require(${JSON.stringify(join(ROOT, 'dist', 'cli.js'))}); process.stdout.write(JSON.stringify(notRun('/dist/cli.js')));`;
  expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }))).toContain('src/fixtures/load.ts');
});
