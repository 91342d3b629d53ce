/**
 * Cold start: process spawn → first successful POST /v1/responses (schemas compiled, tokenizer
 * loaded: everything the first request needs), against the bare Express baseline's spawn → first
 * answer. Spawns alternate (baseline, emulator, baseline, …) so a machine slowing down affects both;
 * the ratio is the median of the pairs' ratios. Each process's CPU time up to its first answer is
 * read as well: on a loaded machine it varies less than the wall time.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { cpuMs, median, ROOT, spawnBaseline, spawnEmulator, type ServerProcess } from './servers';

export interface ColdStart {
  name: string;
  /** Spawn → listening (URL printed). */
  listeningMs: number;
  /** Spawn → first successful answer. */
  firstAnswerMs: number;
  /** CPU time the process used up to its first answer (ms); null off Linux. */
  cpuMs: number | null;
}

interface Sample {
  listening: number;
  first: number;
  cpu: number | null;
}

async function once(spawnIt: () => Promise<ServerProcess>): Promise<Sample> {
  const started = performance.now();
  const server = await spawnIt();
  const listening = performance.now() - started;
  try {
    for (;;) {
      const res = await fetch(`${server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'Hello!' }) });
      await res.text();
      if (res.ok) return { listening, first: performance.now() - started, cpu: cpuMs(server.child.pid) };
    }
  } finally {
    await server.stop();
  }
}

function summary(name: string, samples: Sample[]): ColdStart {
  const cpu = samples.map((s) => s.cpu).filter((c): c is number => c !== null);
  return { name, listeningMs: median(samples.map((s) => s.listening)), firstAnswerMs: median(samples.map((s) => s.first)), cpuMs: cpu.length > 0 ? median(cpu) : null };
}

/**
 * What loading the o200k_base tokenizer from gpt-tokenizer's own module costs a fresh process (its
 * BPE table: 200,000 entries in a JavaScript array literal), measured inside a child — what the
 * emulator paid before it read the compact table the build writes (`compactMs`, also measured here).
 * The package's tokenizer module is not a file of dist/ (the build bundles it into the entry points),
 * so it is bundled alone here (under node_modules/.cache, where it finds the package's dependencies),
 * reading the tables from dist/ as the package does.
 */
export function tokenizerLoadMs(runs = 5): { libraryMs: number; compactMs: number } {
  const time = (script: string) => median(Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }))));
  const library = "const t = performance.now(); require('gpt-tokenizer/encoding/o200k_base').countTokens('Hello!'); process.stdout.write(String(performance.now() - t));";
  const tokenizer = join(ROOT, 'node_modules/.cache/bench/tokenizer.js');
  buildSync({ entryPoints: [join(ROOT, 'src/tokenizer.ts')], outfile: tokenizer, bundle: true, platform: 'node', packages: 'external', define: { __dirname: JSON.stringify(join(ROOT, 'dist')) }, logLevel: 'warning' });
  const compact = `const t = performance.now(); require(${JSON.stringify(tokenizer)}).tokenizerFor('o200k_base').count('Hello!'); process.stdout.write(String(performance.now() - t));`;
  return { libraryMs: time(library), compactMs: time(compact) };
}

export interface ColdStartResult {
  baseline: ColdStart;
  emulator: ColdStart;
  /** Median over the pairs of emulator ÷ baseline, spawn → first answer. */
  ratio: number;
  runs: number;
  tokenizer: { libraryMs: number; compactMs: number };
}

export async function runColdStartBench(runs = 5): Promise<ColdStartResult> {
  const baseline: Sample[] = [];
  const emulator: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    baseline.push(await once(() => spawnBaseline()));
    emulator.push(await once(() => spawnEmulator()));
  }
  return {
    baseline: summary('bare Express 5', baseline),
    emulator: summary('responses-emulator', emulator),
    ratio: median(emulator.map((e, i) => e.first / baseline[i].first)),
    runs,
    tokenizer: tokenizerLoadMs(runs),
  };
}

if (require.main === module) runColdStartBench(Number(process.argv[2] ?? 5)).then((r) => console.log(JSON.stringify(r)));
