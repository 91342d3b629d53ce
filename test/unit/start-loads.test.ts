/**
 * What a start and a plain create request load (the built package, in a fresh Node process): what
 * the first request does not need is loaded on its first use, not at start — cold start and every
 * Jest test file (a fresh module registry each) pay only for what they use. Behaviour is pinned by
 * the tests of each deferred part; this pins that it stays deferred.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BUILT = existsSync(join(ROOT, 'dist', 'index.js'));

/** Starts the built emulator in a child, sends one create request, prints the modules then loaded. */
const SCRIPT = `
const { startEmulator } = require(${JSON.stringify(join(ROOT, 'dist', 'index.js'))});
(async () => {
  const emulator = await startEmulator({ port: 0, logLevel: 'silent' });
  const res = await fetch(emulator.baseURL + '/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'Hello!' }) });
  const body = await res.json();
  await emulator.close();
  process.stdout.write(JSON.stringify({ status: res.status, usage: body.usage, modules: Object.keys(require.cache) }));
})();
`;

function afterOneRequest(): { status: number; usage: { input_tokens: number }; modules: string[] } {
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

  test.each([
    ['re2js (patterns: fixture matchers, schema patterns, Lark terminals)', '/node_modules/re2js/'],
    ['the Lark grammar engine', '/dist/engine/tools/lark/syntax.js'],
    ['Ajv (run-time compilation)', '/node_modules/ajv/dist/core.js'],
    ['the fixture file loader', '/dist/fixtures/load.js'],
    ['the YAML parser', '/node_modules/yaml/'],
    ['json-schema-faker', '/node_modules/json-schema-faker/'],
  ])('do not load %s', (_name, part) => {
    expect(loaded(part)).toBe(false);
  });
});

(BUILT ? test : test.skip)('the command line loads the fixture loader for `lint`, not for a start', () => {
  const script = `require(${JSON.stringify(join(ROOT, 'dist', 'cli.js'))}); process.stdout.write(JSON.stringify(Object.keys(require.cache).some((m) => m.split('\\\\').join('/').endsWith('/dist/fixtures/load.js'))));`;
  expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }))).toBe(false);
});
