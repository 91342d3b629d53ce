/**
 * Runs a test/runners/ project's own runner (`npx vitest run`, `npx jest`) as a user would, in its
 * installed folder, and reads the runner's JSON report.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { prepareProject, type RunnerProject } from './install-location';

export interface RunnerReport {
  code: number | null;
  output: string;
  passed: number;
  failed: number;
  total: number;
}

const REPORT = 'runner-report.json';

/** `files`: more files for this run (path in the project → content), e.g. a test taken from the README. */
export async function runProject(project: RunnerProject, args: string[], files: Record<string, string> = {}): Promise<RunnerReport> {
  const dir = prepareProject(project, (line) => process.stderr.write(`${line}\n`));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  rmSync(join(dir, REPORT), { force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  // Nothing of this runner's own process leaks into the project's: it must set up everything itself.
  for (const name of ['JEST_WORKER_ID', 'OPENAI_BASE_URL', 'OPENAI_API_KEY', 'OPENAI_AGENTS_DISABLE_TRACING', 'NODE_OPTIONS']) delete env[name];
  const child = spawn('npx', ['--no-install', ...args, `--outputFile=${REPORT}`], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c));
  });
  let report: { numPassedTests?: number; numFailedTests?: number; numTotalTests?: number } = {};
  try {
    report = JSON.parse(readFileSync(join(dir, REPORT), 'utf8'));
  } catch (err) {
    output += `\n(no JSON report: ${(err as Error).message})`;
  }
  return { code, output, passed: report.numPassedTests ?? -1, failed: report.numFailedTests ?? -1, total: report.numTotalTests ?? -1 };
}
