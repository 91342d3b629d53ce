/**
 * Robustness and security, proven: every option refuses hostile values (library and CLI), control
 * headers and admin queries are 400s, slow clients are cut off, binding to every interface warns,
 * shutdown is graceful and bounded, secrets never reach fixtures, the journal or logs, and a recorder
 * killed with SIGKILL at random moments never leaves a broken fixture.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, OPTIONS, resolveConfig, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/index';
import { loadFixtureDir } from '../../src/fixtures/load';
import { SchemaRegistry } from '../../src/validation/schema-registry';
import { parseSse } from '../helpers/sse';

const BIN = join(__dirname, '../../bin/responses-emulator.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One hostile value per option, and what the refusal says. Every option must be listed. */
const HOSTILE: Record<keyof EmulatorOptions, [string, RegExp] | 'free-form'> = {
  port: ['-1', /port must be between/],
  host: ['evil\nhost', /host must be a host name/],
  seed: ['', /seed must be 1 to 256 characters/],
  fixedTime: ['yesterday', /fixed-time must be/],
  maxStoredResponses: ['1e9', /max-stored-responses must be an integer/],
  responseTtl: ['-5', /response-ttl must be/],
  store: ['mysql://db:3306', /store must be 'memory' or a Redis URL/],
  maxConversations: ['0', /max-conversations must be between/],
  bodyLimit: ['a lot', /body-limit/],
  timing: ['ttft=-1', /timing/],
  backgroundTiming: ['', /background-timing must not be empty/],
  chunkTokens: ['0', /chunk-tokens must be between/],
  keepAlive: ['soon', /keep-alive must be an integer/],
  fixtures: 'free-form', // a path: a missing one stops the CLI (tested below)
  strict: ['perhaps', /strict must be true or false/],
  replaySpeed: ['-2', /replay-speed must be a number/],
  keepFixtureIds: ['sometimes', /keep-fixture-ids must be true or false/],
  watchFixtures: ['sometimes', /watch-fixtures must be true or false/],
  upstream: ['file:///etc/passwd', /upstream must be an http\(s\) URL/],
  recordMode: ['some', /record-mode must be one of/],
  testIdHeader: ['x test id', /test-id-header/],
  redactHeaders: ['bad header', /redact-headers/],
  redactFields: 'free-form', // field paths: any text names a (possibly absent) field
  logLevel: ['loud', /log-level must be one of/],
  apiKey: ['', /api-key must name at least one key/],
  rpm: ['0', /rpm must be between/],
  tpm: ['lots', /tpm must be an integer/],
  chaos: ['rate_limit=7', /chaos/],
  journalSize: ['-1', /journal-size must be between/],
  admin: ['maybe', /admin must be true or false/],
  dialect: ['aitronos', /dialect must be one of/],
  modelSnapshots: ['dated', /model-snapshots must be true or false/],
  aitronosToolFinishReason: ['tools', /aitronos-tool-finish-reason must be one of/],
  requestTimeout: ['5', /request-timeout must be between/],
  shutdownGrace: ['forever', /shutdown-grace must be an integer/],
  unknownParams: ['ignore', /unknown-params must be one of/],
  allowedHosts: ['evil host', /allowed-hosts: 'evil host' is not a host name/],
  corsOrigins: ['http://app.test/path', /cors-origins: .* is not an origin/],
  maxFeedConnections: ['0', /max-feed-connections must be between/],
  maxChainLength: ['none', /max-chain-length must be an integer/],
  maxConversationItems: ['0', /max-conversation-items must be between/],
};

function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('\n')) resolve({ child, url: stdout.trim(), stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('every option and knob refuses hostile values', () => {
  test('the table covers every option', () => {
    expect(Object.keys(HOSTILE).sort()).toEqual(OPTIONS.map((o) => o.option).sort());
  });

  test.each(Object.entries(HOSTILE).filter(([, v]) => v !== 'free-form') as [string, [string, RegExp]][])('%s: %j is refused with a clear message', (option, [value, message]) => {
    expect(() => resolveConfig({ [option]: value } as EmulatorOptions)).toThrow(ConfigError);
    expect(() => resolveConfig({ [option]: value } as EmulatorOptions)).toThrow(message);
  });

  test.each([
    [['--request-timeout', '1'], /request-timeout must be between/],
    [['--api-key', ''], /api-key must name at least one key/],
    [['--fixtures', '/nonexistent/fixtures'], /cannot read the fixtures folder \/nonexistent\/fixtures: no such folder/],
    [['--host', 'a b'], /host must be a host name/],
  ])('CLI %j: one line on stderr, exit code 2, no stack trace', (args, message) => {
    const run = spawnSync(process.execPath, [BIN, '--port', '0', ...args], { encoding: 'utf8', timeout: 10_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  test('a hostile environment variable stops the CLI the same way', () => {
    const run = spawnSync(process.execPath, [BIN, '--port', '0'], { encoding: 'utf8', env: { ...process.env, RESPONSES_EMULATOR_RPM: '-3' }, timeout: 10_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/rpm must be between/);
  });

  test('control headers and admin queries: a 400 naming what is wrong', async () => {
    const emulator = await startEmulator({ port: 0, logLevel: 'silent' });
    try {
      const post = (headers: Record<string, string>) =>
        fetch(`${emulator.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"model":"gpt-4o","input":"x"}' });
      for (const [name, value] of [
        ['x-emulator-seed', 's'.repeat(300)],
        ['x-emulator-timing', 'warp=9'],
        ['x-emulator-timing', 'ttft=-1'],
        ['x-emulator-fault', 'meteor_strike'],
        ['x-emulator-fault', 'rate_limit;retry_after=-1'],
        ['x-emulator-fault', 'slow;delay=99999999'],
      ]) {
        const res = await post({ [name]: value });
        expect([name, value, res.status]).toEqual([name, value, 400]);
        expect(((await res.json()) as { error: { param: string } }).error.param).toBe(name);
      }
      for (const query of ['limit=-1', 'limit=abc', 'status=999', 'status=abc']) {
        const res = await fetch(`${emulator.url}/__emulator/requests?${query}`);
        expect([query, res.status]).toEqual([query, 400]);
      }
      expect((await fetch(`${emulator.url}/__emulator/requests/${'x'.repeat(5000)}`)).status).toBe(404);
    } finally {
      await emulator.close();
    }
  });
});

describe('safe defaults', () => {
  test('slow-loris: a request that does not arrive whole within --request-timeout is cut off', async () => {
    const emulator = await startEmulator({ port: 0, logLevel: 'silent', requestTimeout: 300 });
    try {
      // Resolves with how many chunks had been written when the server closed the socket. Chunks drip
      // every 100 ms, so "closed before the drip ran out" means the 300 ms timeout cut it, with a
      // margin of seconds that a loaded machine cannot eat (no wall-clock assertion).
      const closedAfter = (chunks: string[]) =>
        new Promise<number>((resolve) => {
          const socket = connect(emulator.port, '127.0.0.1');
          let i = 0;
          const drip = setInterval(() => (i < chunks.length ? socket.write(chunks[i++]) : undefined), 100);
          socket.on('data', () => undefined);
          socket.on('error', () => undefined);
          socket.on('close', () => {
            clearInterval(drip);
            resolve(i);
          });
        });
      // Headers one byte at a time, never finished.
      const headerChunks = Array.from('POST /v1/responses HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'y'.repeat(120));
      expect(await closedAfter(headerChunks)).toBeLessThan(headerChunks.length);
      // Headers complete, the body trickles in (never complete: Content-Length is larger than what drips).
      const bodyChunks = ['POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n', ...Array.from('{"model": "gpt-4o", "input": "' + 'h'.repeat(150))];
      expect(await closedAfter(bodyChunks)).toBeLessThan(bodyChunks.length);
      // Meanwhile, and after, ordinary requests are answered.
      const ok = await fetch(`${emulator.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o","input":"hi"}' });
      expect(ok.status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  test('binds to 127.0.0.1 by default; binding to every interface warns', async () => {
    expect(resolveConfig().host).toBe('127.0.0.1');
    const { child, stderr } = await startCli(['--port', '0', '--host', '0.0.0.0']);
    await sleep(200);
    const exit = exitOf(child);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr()).toContain('listening on all interfaces (0.0.0.0)');
    expect(stderr()).toContain('set --api-key');
  });
});

describe('graceful shutdown', () => {
  // Each step waits for what the server did, never for a fixed time: the stream's headers have arrived
  // (so it is in flight) before the signal, and the server is refusing connections before the next step.
  const openStream = (url: string, body: object) =>
    fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', stream: true, ...body }) });
  const refusing = (url: string) => fetch(`${url}/v1/models`).then(() => false, () => true);
  const untilRefusing = async (url: string) => {
    while (!(await refusing(url))) await sleep(20);
  };

  test('SIGTERM lets an in-flight stream finish within the grace period, refuses new connections, exits 0', async () => {
    const { child, url } = await startCli(['--port', '0', '--timing', 'ttft=100,tps=200', '--shutdown-grace', '5000']);
    const inFlight = await openStream(url, { input: 'Say hello.' });
    const exit = exitOf(child);
    child.kill('SIGTERM');
    await untilRefusing(url);
    const events = parseSse(await inFlight.text()).events;
    expect(events[events.length - 1].type).toBe('response.completed');
    expect(await exit).toBe(0);
  });

  test('past the grace period, streams end with an error event (not a cut connection), and the process exits 0 in time', async () => {
    const { child, url } = await startCli(['--port', '0', '--timing', 'ttft=100,tps=20', '--shutdown-grace', '300']);
    const inFlight = await openStream(url, { input: 'Write a long essay about rivers.', text: { verbosity: 'high' } });
    const exit = exitOf(child);
    child.kill('SIGTERM');
    const events = parseSse(await inFlight.text()).events;
    expect(events[events.length - 2]).toMatchObject({ type: 'error', error: { message: 'The server is shutting down. Please retry.' } });
    expect(events[events.length - 1]).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { message: 'The server is shutting down. Please retry.' } } });
    // The shutdown error (not response.completed) proves the grace deadline ended the stream early;
    // no wall-clock bound here, since a loaded CI machine stretches every duration.
    expect(await exit).toBe(0);
  });

  test('a second signal exits at once', async () => {
    const { child, url } = await startCli(['--port', '0', '--timing', 'ttft=100,tps=5', '--shutdown-grace', '60000']);
    const inFlight = await openStream(url, { input: 'Write a long essay.' });
    void inFlight.text().catch(() => undefined);
    const exit = exitOf(child);
    child.kill('SIGTERM');
    // Two signals sent before the first is handled would merge into one: wait until it was handled.
    await untilRefusing(url);
    child.kill('SIGTERM');
    expect(await exit).toBe(130);
  });
});

describe('secrets never leave the request', () => {
  test('recorded fixtures, the journal and the logs never contain keys, authorization headers or redacted fields', async () => {
    const SECRETS = ['sk-live-SECRET-bearer-1111', 'SECRET-api-key-2222', 'SECRET-x-api-key-3333', 'SECRET-query-4444', 'SECRET-field-5555'];
    const upstream = await startEmulator({ port: 0, logLevel: 'silent' });
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    const recorder = await startCli(['--port', '0', '--upstream', upstream.baseURL, '--fixtures', dir, '--record-mode', 'all', '--redact-fields', 'metadata.password', '--log-level', 'info']);
    try {
      const send = (headers: Record<string, string>, query = '') =>
        fetch(`${recorder.url}/v1/responses${query}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ model: 'gpt-4o', input: 'Keep my secrets.', metadata: { password: SECRETS[4] } }),
        });
      expect((await send({ authorization: `Bearer ${SECRETS[0]}`, 'x-test-id': 'secrets' })).status).toBe(200);
      expect((await send({ 'api-key': SECRETS[1] })).status).toBe(200);
      expect((await send({ 'x-api-key': SECRETS[2] })).status).toBe(200);
      expect((await send({}, `?api_key=${SECRETS[3]}`)).status).toBeLessThan(500);
      // Fixture files are written as the recorded exchanges end: wait for them (Jest's timeout catches a miss).
      const recordedFiles = () => readdirSync(dir).filter((f) => f.endsWith('.json'));
      while (recordedFiles().length < 3) await sleep(20);
      const files = recordedFiles();
      const journal = await (await fetch(`${recorder.url}/__emulator/requests`)).text();
      const detail = await Promise.all(((JSON.parse(journal) as { data: { id: string }[] }).data ?? []).map(async (e) => (await fetch(`${recorder.url}/__emulator/requests/${e.id}`)).text()));
      // The inspector page shows the journal through its live feed: read what the feed sends at connect.
      const feed = await fetch(`${recorder.url}/__emulator/events`);
      const reader = feed.body!.getReader();
      let live = '';
      while ((live.match(/event: exchange/g) ?? []).length < 4) live += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      const everything = [...files.map((f) => readFileSync(join(dir, f), 'utf8')), journal, ...detail, live, recorder.stderr()].join('\n');
      for (const secret of SECRETS) expect(everything).not.toContain(secret);
      expect(everything).toContain('Keep my secrets.'); // what was recorded is there, only the secrets are not
    } finally {
      recorder.child.kill('SIGKILL');
      await upstream.close();
    }
  });
});

/** Waits (on file-system reads, not a clock) until a finished fixture file exists in `dir`. */
async function untilAFixtureIsWritten(dir: string): Promise<void> {
  const written = () => existsSync(dir) && readdirSync(dir).some((name) => name.endsWith('.json') && !name.startsWith('.'));
  while (!written()) await sleep(20);
}

describe('crash-safe recording', () => {
  test('a recorder killed with SIGKILL at random moments leaves only complete, valid fixtures, all inside the directory', async () => {
    const upstream = await startEmulator({ port: 0, logLevel: 'silent', timing: 'ttft=5,tps=3000' });
    const parent = mkdtempSync(join(tmpdir(), 'kill-'));
    const dir = join(parent, 'fixtures');
    let state = 7;
    const nextDelay = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return 150 + ((state >>> 8) % 700);
    };
    try {
      for (let round = 0; round < 6; round++) {
        const recorder = await startCli(['--port', '0', '--upstream', upstream.baseURL, '--fixtures', dir, '--record-mode', 'all', '--log-level', 'silent']);
        const requests = Array.from({ length: 12 }, (_, i) =>
          fetch(`${recorder.url}/v1/responses`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-test-id': i % 3 === 0 ? `../../escape-${round}-${i}` : `round-${round}` },
            body: JSON.stringify({ model: 'gpt-4o', input: `Round ${round} request ${i}: tell me something long.`, stream: i % 2 === 0, text: { verbosity: 'high' } }),
          })
            .then((r) => r.text())
            .catch(() => ''),
        );
        await sleep(nextDelay());
        // The first recorder lives until one fixture is on disk, so the check below is about what the
        // kills leave behind, not about how fast a loaded machine records.
        if (round === 0) await untilAFixtureIsWritten(dir);
        const exit = exitOf(recorder.child);
        recorder.child.kill('SIGKILL');
        await exit;
        await Promise.all(requests);
      }
      const report = loadFixtureDir(dir, SchemaRegistry.load());
      expect(report.errors).toEqual([]);
      expect(report.fixtures.length).toBeGreaterThan(0);
      // Nothing was written outside the fixtures directory, whatever the test ids said.
      expect(readdirSync(parent)).toEqual(['fixtures']);
      for (const name of readdirSync(dir)) expect(name).toMatch(/^(\.[\w.-]+\.tmp[\w.-]*|[\w.-]+\.json)$/);
    } finally {
      await upstream.close();
    }
  }, 60_000);
});
