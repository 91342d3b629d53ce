/**
 * Non-streaming POST /v1/responses under concurrent load (autocannon), against a bare Express 5
 * server answering with a fixed Response: the very reply the emulator gives to the same request
 * (status, the API's headers, the same JSON body), captured at the start of the run, so both send
 * the same bytes and the difference is the emulator's own work. Both servers run in their own
 * process, the load generator in this one; their runs alternate (baseline, emulator, …) so a
 * machine that speeds up or slows down during the run affects both alike, and the ratio reported
 * is the median of the rounds' ratios. Each server's CPU time per request is read from /proc.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuMs, median, spawnBaseline, spawnEmulator, type ServerProcess } from './servers';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The server process's CPU time (user + system, all threads) per request, in µs; null off Linux. */
  cpuMicrosPerRequest: number | null;
}

export interface ThroughputResult {
  rounds: number;
  baseline: LoadResult;
  emulator: LoadResult;
  /** Every request a different prompt: nothing the emulator remembers by content helps. */
  distinct: LoadResult;
  /** Median over the rounds of emulator ÷ baseline requests per second. */
  ratio: number;
  distinctRatio: number;
}

export const BODY = { model: 'gpt-4o', input: 'How do tides work?' };
/** Headers Node writes itself on every reply (not part of what the application answers). */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);


/** `body`: the same request every time, or a function giving the n-th one. */
export async function load(server: ServerProcess, seconds: number, connections: number, body: string | ((n: number) => string)): Promise<LoadResult> {
  const before = cpuMs(server.child.pid);
  let n = 0;
  const result = await autocannon({
    url: `${server.url}/v1/responses`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
    ...(typeof body === 'string' ? { body } : { requests: [{ setupRequest: (req) => ({ ...req, body: body(n++) }) }] }),
    connections,
    duration: seconds,
  });
  const after = cpuMs(server.child.pid);
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuMicrosPerRequest: before === null || after === null || result.requests.total === 0 ? null : ((after - before) * 1000) / result.requests.total,
  };
}

/** The emulator's reply to BODY, as the baseline will replay it. */
async function captureReply(server: ServerProcess): Promise<string> {
  const res = await fetch(`${server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BODY) });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!TRANSPORT_HEADERS.has(name)) headers[name] = value;
  });
  const file = join(mkdtempSync(join(tmpdir(), 'bench-reply-')), 'reply.json');
  writeFileSync(file, JSON.stringify({ status: res.status, headers, body: await res.text() }));
  return file;
}

/** The median round by requests per second (its latencies and CPU go with it). */
function medianRound(rounds: LoadResult[]): LoadResult {
  const sorted = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function runThroughputBench(seconds = 8, connections = 32, rounds = 3): Promise<ThroughputResult> {
  // Rate limits raised: the default 10,000 requests a minute would answer 429s within seconds.
  const emulator = await spawnEmulator(['--rpm', '100000000', '--tpm', '10000000000']);
  const baseline = await spawnBaseline({ BENCH_REPLY_FILE: await captureReply(emulator) });
  const body = JSON.stringify(BODY);
  const distinctBody = (n: number): string => JSON.stringify({ ...BODY, input: `${BODY.input} (question ${n})` });
  const runs: { baseline: LoadResult; emulator: LoadResult; distinct: LoadResult }[] = [];
  try {
    // Warm-up: JIT, lazily loaded modules, the emulator's tokenizer.
    await load(baseline, 1, connections, body);
    await load(emulator, 1, connections, body);
    for (let i = 0; i < rounds; i++) {
      runs.push({
        baseline: await load(baseline, seconds, connections, body),
        emulator: await load(emulator, seconds, connections, body),
        distinct: await load(emulator, seconds, connections, distinctBody),
      });
    }
  } finally {
    await Promise.all([emulator.stop(), baseline.stop()]);
  }
  return {
    rounds,
    baseline: medianRound(runs.map((r) => r.baseline)),
    emulator: medianRound(runs.map((r) => r.emulator)),
    distinct: medianRound(runs.map((r) => r.distinct)),
    ratio: median(runs.map((r) => r.emulator.requestsPerSecond / r.baseline.requestsPerSecond)),
    distinctRatio: median(runs.map((r) => r.distinct.requestsPerSecond / r.baseline.requestsPerSecond)),
  };
}

if (require.main === module) {
  runThroughputBench(4).then((r) => console.log(JSON.stringify(r, null, 2)));
}
