/**
 * Cold start: process spawn → first successful POST /v1/responses (schemas compiled, tokenizer
 * loaded: everything the first request needs), against the bare Express baseline's spawn → first
 * answer. Median of several spawns each.
 */
import { execFileSync } from 'node:child_process';
import { median, ROOT, spawnBaseline, spawnEmulator, type ServerProcess } from './servers';

export interface ColdStart {
  name: string;
  /** Spawn → listening (URL printed). */
  listeningMs: number;
  /** Spawn → first successful answer. */
  firstAnswerMs: number;
}

async function once(spawnIt: () => Promise<ServerProcess>): Promise<{ listening: number; first: number }> {
  const started = performance.now();
  const server = await spawnIt();
  const listening = performance.now() - started;
  try {
    for (;;) {
      const res = await fetch(`${server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'Hello!' }) });
      await res.text();
      if (res.ok) return { listening, first: performance.now() - started };
    }
  } finally {
    await server.stop();
  }
}

async function measure(name: string, spawnIt: () => Promise<ServerProcess>, runs: number): Promise<ColdStart> {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await once(spawnIt));
  return { name, listeningMs: median(samples.map((s) => s.listening)), firstAnswerMs: median(samples.map((s) => s.first)) };
}

/**
 * What loading the o200k_base tokenizer costs a fresh process (its BPE table: 200,000 entries),
 * measured inside a child; the first answer needs it for exact usage numbers.
 */
export function tokenizerLoadMs(runs = 5): number {
  const script = "const t = performance.now(); require('gpt-tokenizer/encoding/o200k_base'); process.stdout.write(String(performance.now() - t));";
  const samples = Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })));
  return median(samples);
}

export async function runColdStartBench(runs = 5): Promise<{ baseline: ColdStart; emulator: ColdStart; tokenizerMs: number }> {
  const baseline = await measure('bare Express 5', () => spawnBaseline(), runs);
  const emulator = await measure('responses-emulator', () => spawnEmulator(), runs);
  return { baseline, emulator, tokenizerMs: tokenizerLoadMs(runs) };
}
