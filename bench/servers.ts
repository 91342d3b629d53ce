/** Spawns a server process (the emulator's CLI or the bare Express baseline) and waits for its URL on stdout. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');
export const EMULATOR_BIN = join(ROOT, 'bin/responses-emulator.js');
export const BASELINE_BIN = join(ROOT, 'bench/baseline-server.js');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the printed URL. */
  listeningMs: number;
  stop(): Promise<void>;
}

export function spawnServer(script: string, args: string[] = [], env: Record<string, string> = {}, cwd?: string, nodeArgs: string[] = []): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    // Only the start of stderr is kept (for a start-up failure's message): at its default level the
    // emulator logs a line per request there, read and dropped as a terminal would show them.
    child.stderr!.on('data', (d: Buffer) => {
      if (err.length < 16_384) err += d.toString();
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && /^http:\/\//.test(line)) {
        child.removeAllListeners('exit');
        resolve({
          url: line.trim(),
          child,
          listeningMs: performance.now() - started,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 3000).unref();
            }),
        });
      }
    });
  });
}

/** Rate limits raised for load: the default 10,000 requests a minute would answer 429s within seconds. */
export const RAISED_LIMITS = ['--rpm', '100000000', '--tpm', '10000000000'];

/**
 * The emulator as `npx responses-emulator` starts it with zero configuration: in an empty folder (so
 * no ./fixtures is picked up), everything else default — logging too: its line per request goes to
 * stderr, which this process reads and drops (issue 19 measures with logging at its default level).
 */
export function spawnEmulator(args: string[] = [], env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
  return spawnServer(EMULATOR_BIN, ['--port', '0', ...args], env, mkdtempSync(join(tmpdir(), 'bench-cwd-')), nodeArgs);
}

export function spawnBaseline(env: Record<string, string> = {}): Promise<ServerProcess> {
  return spawnServer(BASELINE_BIN, [], env);
}

/** CPU time (ms) a process has used so far (user + system, all threads), from /proc (Linux); null elsewhere. */
export function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
