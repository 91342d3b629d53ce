/**
 * What a Jest suite pays for the emulator: 20 test files, each calling `startEmulator({ port: 0 })` as the README
 * shows (a fresh module registry per file, so every file loads the package and its tokenizer again),
 * sending one request and closing it — against 20 files each starting a bare Express 5 server the
 * same way. Each file records the time from its first line (before requiring anything) to its server
 * closed; the totals over the 20 files are compared. Both suites run in the same Jest, in band, the
 * package loaded from dist/ untransformed (as it is from node_modules), rounds alternating.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, ROOT } from './servers';

export interface JestStartResult {
  files: number;
  rounds: number;
  /** Sum over the files of first line → server closed (ms), median of the rounds. */
  emulatorMs: number;
  baselineMs: number;
  /** Median over the rounds of emulator ÷ baseline. */
  ratio: number;
}

const REQUEST = `await fetch(base + '/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'Hello!' }) })`;

function emulatorFile(results: string): string {
  return `const started = performance.now();
const { startEmulator } = require(${JSON.stringify(process.env.BENCH_EMULATOR_MODULE ?? join(ROOT, 'dist/index.js'))});
test('starts, answers, closes', async () => {
  const emulator = await startEmulator({ port: 0 });
  const base = emulator.baseURL;
  const res = ${REQUEST};
  expect(res.status).toBe(200);
  await res.text();
  await emulator.close();
  require('node:fs').appendFileSync(${JSON.stringify(results)}, String(performance.now() - started) + '\\n');
});
`;
}

function baselineFile(results: string): string {
  return `const started = performance.now();
const express = require(${JSON.stringify(join(ROOT, 'node_modules/express'))});
test('starts, answers, closes', async () => {
  const app = express();
  app.use(express.json());
  app.post('/v1/responses', (req, res) => res.json({ id: 'resp_1', object: 'response', status: 'completed', output: [] }));
  const server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const base = 'http://127.0.0.1:' + server.address().port + '/v1';
  const res = ${REQUEST};
  expect(res.status).toBe(200);
  await res.text();
  await new Promise((resolve) => server.close(resolve));
  require('node:fs').appendFileSync(${JSON.stringify(results)}, String(performance.now() - started) + '\\n');
});
`;
}

/** Writes a suite of `files` test files into a fresh folder (also the cwd: no ./fixtures there); returns the folder. */
function writeSuite(kind: 'emulator' | 'baseline', files: number, results: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-jest-${kind}-`));
  mkdirSync(join(dir, 'tests'));
  for (let i = 0; i < files; i++) writeFileSync(join(dir, 'tests', `start-${String(i).padStart(2, '0')}.test.js`), kind === 'emulator' ? emulatorFile(results) : baselineFile(results));
  const config = { rootDir: dir, testEnvironment: 'node', transform: {}, testMatch: ['**/tests/*.test.js'], cacheDirectory: join(dir, '.cache') };
  writeFileSync(join(dir, 'jest.config.json'), JSON.stringify(config));
  return dir;
}

/** Runs the suite in Jest (in band); the sum of the files' times. */
function runSuite(dir: string, results: string): number {
  writeFileSync(results, '');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/jest/bin/jest.js'), '--config', join(dir, 'jest.config.json'), '--runInBand', '--silent', '--forceExit'], { cwd: dir, stdio: 'pipe', timeout: 600_000 });
  const times = readFileSync(results, 'utf8').trim().split('\n').map(Number);
  return times.reduce((a, b) => a + b, 0);
}

export function runJestStartBench(rounds = 3, files = 20): JestStartResult {
  const resultsDir = mkdtempSync(join(tmpdir(), 'bench-jest-results-'));
  const results = join(resultsDir, 'times.txt');
  const emulatorDir = writeSuite('emulator', files, results);
  const baselineDir = writeSuite('baseline', files, results);
  const emulatorMs: number[] = [];
  const baselineMs: number[] = [];
  try {
    // A first run of each fills Jest's own caches (haste map), as a developer's second run would.
    runSuite(baselineDir, results);
    runSuite(emulatorDir, results);
    for (let r = 0; r < rounds; r++) {
      baselineMs.push(runSuite(baselineDir, results));
      emulatorMs.push(runSuite(emulatorDir, results));
    }
  } finally {
    for (const dir of [emulatorDir, baselineDir, resultsDir]) rmSync(dir, { recursive: true, force: true });
  }
  return { files, rounds, emulatorMs: median(emulatorMs), baselineMs: median(baselineMs), ratio: median(emulatorMs.map((e, i) => e / baselineMs[i])) };
}

if (require.main === module) console.log(JSON.stringify(runJestStartBench(Number(process.argv[2] ?? 3))));
