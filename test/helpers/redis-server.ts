/**
 * A real `redis-server` (Debian's package) for the replica tests: started on a free loopback port in
 * a temporary folder, with persistence off, stopped (and restartable on the same port) by the test.
 * Waits are on the server's own "Ready to accept connections" line, never on time. Off CI, a machine
 * without redis-server skips the Redis suites (`describeWithRedis`); on CI it is an error, because
 * .ci/run installs the package.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['redis-server', '/usr/bin/redis-server', '/usr/sbin/redis-server', '/usr/local/bin/redis-server'];

function findRedisServer(): string | null {
  for (const candidate of CANDIDATES) {
    if (candidate.includes('/') && !existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0 && /Redis server/.test(probe.stdout)) return candidate;
  }
  return null;
}

export const REDIS_SERVER = findRedisServer();
if (!REDIS_SERVER && process.env.CI) throw new Error('The replica tests need redis-server (apt-get install redis-server); .ci/run installs it.');
/** (Outside Jest there is no `describe`: the replica benchmark, bench/replicas.ts, imports `startRedis` only.) */
export const describeWithRedis = typeof describe === 'undefined' ? (undefined as unknown as jest.Describe) : REDIS_SERVER ? describe : describe.skip;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>/<db>` */
  url(db?: number): string;
  /** Stops the server (SIGTERM, no save) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`), empty. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder (the suite's afterAll). */
  close(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  if (!REDIS_SERVER) throw new Error('redis-server is not installed');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'redis-test-'));
  let child: ChildProcess | null = null;

  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'];
      const proc = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      let out = '';
      const onData = (d: Buffer): void => {
        out += d.toString();
        if (/Ready to accept connections/.test(out)) {
          proc.stdout!.off('data', onData);
          proc.stdout!.resume();
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready: ${out}`)));
    });

  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      const proc = child;
      child = null;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.removeAllListeners('exit');
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });

  await start();
  return {
    port,
    url: (db = 0) => `redis://127.0.0.1:${port}/${db}`,
    start,
    stop,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a suite closes for itself: emulators and processes after each test, Redis clients at the end. */
export interface RedisSuite {
  /** The suite's server (started in its beforeAll). */
  readonly server: () => RedisServer;
  /** A database of its own per case (redis-server has 16), so counters start at zero. */
  readonly nextDb: () => number;
  readonly running: { close(): Promise<unknown> }[];
  readonly processes: { stop(): Promise<unknown> }[];
  readonly clients: { quit(): Promise<unknown>; disconnect(): void }[];
}

/** Registers a suite's Redis (beforeAll) and its cleanup (afterEach, afterAll); call it inside `describeWithRedis`. */
export function redisSuite(): RedisSuite {
  let server: RedisServer | null = null;
  let db = 0;
  const suite: RedisSuite = {
    server: () => server!,
    nextDb: () => ++db,
    running: [],
    processes: [],
    clients: [],
  };
  beforeAll(async () => {
    server = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(suite.running.splice(0).map((e) => e.close()));
    await Promise.all(suite.processes.splice(0).map((p) => p.stop()));
  });
  afterAll(async () => {
    await Promise.all(suite.clients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
    await server?.close();
  });
  return suite;
}
