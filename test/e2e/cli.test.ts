/** The `responses-emulator` command as a user runs it (the built dist/, through bin/). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';

const BIN = join(__dirname, '../../bin/responses-emulator.js');

function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    // No timer of our own: on a loaded machine start-up can take long; Jest's timeout catches a hang.
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('\n')) {
        resolve({ child, url: stdout.trim(), stderr: () => stderr });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('CLI', () => {
  test('prints exactly the base URL on stdout, serves the SDK, and exits 0 on SIGTERM', async () => {
    const { child, url, stderr } = await startCli(['--port', '0', '--seed', 'cli']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new OpenAI({ apiKey: 'k', baseURL: `${url}/v1` });
    const r = await client.responses.create({ model: 'gpt-4o', input: 'Hello!' });
    expect(r.output_text).toMatch(/\w/);
    expect(stderr()).toContain('ready');
    const exit = exitOf(child);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  test('every option is also an environment variable', async () => {
    const { child, url } = await startCli([], { RESPONSES_EMULATOR_PORT: '0', RESPONSES_EMULATOR_FIXED_TIME: '1741476542' });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${url}/v1` });
    expect((await client.responses.create({ model: 'gpt-4o', input: 'x' })).created_at).toBe(1741476542);
    const exit = exitOf(child);
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  test('the same seed and fixed time give byte-identical answers across processes', async () => {
    const bodies: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { child, url } = await startCli(['--port', '0', '--seed', 'same', '--fixed-time', '2025-01-01T00:00:00Z']);
      const res = await fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o","input":"Describe a sunset"}' });
      bodies.push(await res.text());
      const exit = exitOf(child);
      child.kill('SIGTERM');
      await exit;
    }
    expect(bodies[0]).toBe(bodies[1]);
  });

  test.each([
    [['--prot', '1'], /unknown option '--prot'/],
    [['--port', 'abc'], /port must be an integer/],
    [['--port', '99999'], /port must be between/],
    [['--fixed-time', 'soon'], /fixed-time must be/],
    [['extra-arg'], /too many arguments|unknown command/],
  ])('%j → a clear message and exit code 2', (args, message) => {
    const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  test.each([
    [{ RESPONSES_EMULATOR_STRICT: 'maybe' }, "RESPONSES_EMULATOR_STRICT: strict must be true or false (or 1/0, yes/no, on/off), got 'maybe'."],
    [{ RESPONSES_EMULATOR_WATCH_FIXTURES: 'sometimes' }, "RESPONSES_EMULATOR_WATCH_FIXTURES: watch-fixtures must be true or false (or 1/0, yes/no, on/off), got 'sometimes'."],
    [{ RESPONSES_EMULATOR_PORT: 'abc' }, "RESPONSES_EMULATOR_PORT: port must be an integer, got 'abc'."],
  ])('a bad environment variable %j → exit 2 and a message naming it', (env, message) => {
    // No --port flag: a flag would win over the variable. The kill guard only matters if it ever started serving.
    const run = spawnSync(process.execPath, [BIN], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 25_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`responses-emulator: ${message}\n`);
    expect(run.stdout).toBe('');
  });

  test.each([
    ['false', 200],
    ['0', 200],
    ['no', 200],
    ['', 200],
    ['yes', 400],
  ])('RESPONSES_EMULATOR_STRICT=%j is read by its value (a miss answers %i)', async (value, status) => {
    const { child, url } = await startCli(['--port', '0'], { RESPONSES_EMULATOR_STRICT: value });
    const res = await fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o","input":"no fixture matches this"}' });
    expect(res.status).toBe(status);
    if (status === 400) expect(((await res.json()) as { error: { code: string } }).error.code).toBe('fixture_not_found');
    const exit = exitOf(child);
    child.kill('SIGTERM');
    await exit;
  });

  test('--help and --version exit 0', () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--port <port>');
    expect(help.stdout).toContain('RESPONSES_EMULATOR_PORT');
    const version = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('lint: exit 0 for valid fixtures, 1 with errors (listed on stderr), 2 without a directory', () => {
    const good = spawnSync(process.execPath, [BIN, 'lint', join(__dirname, '../../fixtures/examples')], { encoding: 'utf8' });
    expect(good.status).toBe(0);
    expect(good.stdout).toBe('13 fixtures, 0 errors, 0 warnings\n');
    const dir = mkdtempSync(join(tmpdir(), 'lint-'));
    writeFileSync(join(dir, 'a.yaml'), '- match: { input: x }\n  reply: { text: one }\n- match: { input: x }\n  reply: { text: two }\n');
    writeFileSync(join(dir, 'b.json'), '{"reply": {"nope": 1}}');
    const bad = spawnSync(process.execPath, [BIN, 'lint', dir], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('error: b.json:1:12: fixture #0: reply.nope: unknown field');
    expect(bad.stderr).toContain('warning: a.yaml:3:3: fixture #1: duplicate of a.yaml#0');
    expect(spawnSync(process.execPath, [BIN, 'lint'], { encoding: 'utf8' }).status).toBe(2);
  });

  test('record without --upstream is a usage error', () => {
    const run = spawnSync(process.execPath, [BIN, 'record', '--port', '0'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('record needs --upstream');
  });

  test('a port in use is reported, not thrown', async () => {
    const { child, url } = await startCli(['--port', '0']);
    const port = new URL(url).port;
    const run = spawnSync(process.execPath, [BIN, '--port', port], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('already in use');
    const exit = exitOf(child);
    child.kill('SIGTERM');
    await exit;
  });

  test('--log-level info: one structured JSON line per exchange on stderr, without credentials; quiet by default under a test runner', async () => {
    const { child, url, stderr } = await startCli(['--port', '0', '--log-level', 'info']);
    const client = new OpenAI({ apiKey: 'sk-never-logged', baseURL: `${url}/v1`, maxRetries: 0 });
    await client.responses.create({ model: 'gpt-4o', input: 'Hello!' }, { headers: { 'x-test-id': 'logged' } });
    await client.responses.create({ model: 'gpt-4o', input: 'x' }, { headers: { 'x-emulator-fault': 'forbidden' } }).catch(() => undefined);
    // Lines are written in batches, yet a quiet server's lines show without waiting for more traffic
    // or for the process to end (a periodic flush): this waits on the output itself, not on time.
    await new Promise<void>((resolve) => {
      const seen = (): void => {
        if (stderr().includes('"status":403')) resolve();
        else child.stderr!.once('data', seen);
      };
      seen();
    });
    const exit = exitOf(child);
    child.kill('SIGTERM');
    await exit;
    const lines = stderr()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const exchanges = lines.filter((l) => typeof l.request_id === 'string');
    expect(exchanges).toEqual([
      expect.objectContaining({ level: 30, method: 'POST', path: '/v1/responses', status: 200, answered_by: 'synthesis', test_id: 'logged', msg: 'POST /v1/responses 200' }),
      expect.objectContaining({ level: 30, status: 403, answered_by: 'fault', fault: 'forbidden' }),
    ]);
    expect(stderr()).not.toContain('sk-never-logged');

    // Under jest (JEST_WORKER_ID is inherited), the default level is silent.
    const quiet = await startCli(['--port', '0']);
    await fetch(`${quiet.url}/v1/models`);
    const quietExit = exitOf(quiet.child);
    quiet.child.kill('SIGTERM');
    await quietExit;
    expect(quiet.stderr()).not.toContain('"request_id"');
  });
});
