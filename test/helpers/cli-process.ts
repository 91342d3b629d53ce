/**
 * The `responses-emulator` command as a user runs it (the built dist/, through bin/), in a chosen
 * folder. Waits are on the process's own output and exit, never on time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(__dirname, '../../bin/responses-emulator.js');
export const ROOT = join(__dirname, '../..');

export interface CliOptions {
  cwd?: string;
  /** Added to the environment (every RESPONSES_EMULATOR_* of the test's own environment is removed first). */
  env?: Record<string, string>;
}

function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('RESPONSES_EMULATOR_')) delete env[key];
  return { ...env, ...extra };
}

export interface StartedCli {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

/** Resolves when the command prints its URL (its first stdout line); rejects if it exits first. */
export function startCli(args: string[], options: CliOptions = {}): Promise<StartedCli> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: environment(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('\n')) resolve({ child, url: stdout.split('\n')[0].trim(), stderr: () => stderr, stop });
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before printing its URL: ${stderr}`)));
  });
}

/** Runs the command to its end (for commands that exit: lint, usage errors, start-up failures). */
export function runCli(args: string[], options: CliOptions = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: environment(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}
