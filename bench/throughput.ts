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
import { cpuMs, median, RAISED_LIMITS, spawnBaseline, spawnEmulator, type ServerProcess } from './servers';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The server process's CPU time (user + system, all threads) per request, in µs; null off Linux. */
  cpuMicrosPerRequest: number | null;
}

/** One workload measured against a bare Express replaying the emulator's own reply to it. */
export interface PairedLoad {
  baseline: LoadResult;
  emulator: LoadResult;
  /** Median over the rounds of emulator ÷ baseline requests per second. */
  ratio: number;
}

export interface ThroughputResult {
  rounds: number;
  /** Zero-config synthesis (an empty folder), the same request every time. */
  synthesis: PairedLoad;
  /** Every request a different prompt: nothing the emulator remembers by content helps (against the synthesis baseline). */
  distinct: LoadResult;
  distinctRatio: number;
  /** A fixture's reply (the prompt matching a fixture in the folder the emulator was started with). */
  fixture: PairedLoad;
  /** GET /v1/models/gpt-4o: no body, no synthesis, no storage: what arrival, admission, the journal and the reply cost on their own. */
  floor: PairedLoad;
}

export const BODY = { model: 'gpt-4o', input: 'How do tides work?' };
/** The prompt the fixture replay scenario's fixture matches, and its reply. */
const FIXTURE_BODY = { model: 'gpt-4o', input: 'What is the capital of France?' };
const FIXTURE = { match: { input: FIXTURE_BODY.input }, reply: { text: 'The capital of France is Paris.' } };
const MODEL_PATH = '/v1/models/gpt-4o';
/** Headers Node writes itself on every reply (not part of what the application answers). */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** What a load sends: POST /v1/responses with a body (the same every time, or the n-th one), or a GET of `path`. */
export type Workload = { body: string | ((n: number) => string) } | { get: string };

export async function load(server: ServerProcess, seconds: number, connections: number, work: Workload): Promise<LoadResult> {
  const before = cpuMs(server.child.pid);
  let n = 0;
  const request =
    'get' in work
      ? { url: `${server.url}${work.get}`, method: 'GET' as const, headers: { authorization: 'Bearer bench' } }
      : {
          url: `${server.url}/v1/responses`,
          method: 'POST' as const,
          headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
          ...(typeof work.body === 'string' ? { body: work.body } : { requests: [{ setupRequest: (req: object) => ({ ...req, body: (work.body as (n: number) => string)(n++) }) }] }),
        };
  const result = await autocannon({
    ...request,
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

/** The emulator's reply to a workload's request (status, the API's headers, the body), in a file, as the baseline will replay it. */
async function captureReply(server: ServerProcess, work: Workload): Promise<string> {
  const res =
    'get' in work
      ? await fetch(`${server.url}${work.get}`)
      : await fetch(`${server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: work.body as string });
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

function paired(runs: { baseline: LoadResult; emulator: LoadResult }[]): PairedLoad {
  return {
    baseline: medianRound(runs.map((r) => r.baseline)),
    emulator: medianRound(runs.map((r) => r.emulator)),
    ratio: median(runs.map((r) => r.emulator.requestsPerSecond / r.baseline.requestsPerSecond)),
  };
}

/**
 * Three emulator workloads, each against a bare Express replaying the emulator's reply to it, in
 * alternating rounds (baseline, emulator, …) so a machine that speeds up or slows down affects both.
 * Rate limits are raised (the default 10,000 requests a minute would answer 429s within seconds);
 * everything else is the CLI's default, logging included.
 */
export async function runThroughputBench(seconds = 4, connections = 32, rounds = 5, warmUpSeconds = 2): Promise<ThroughputResult> {
  const limits = RAISED_LIMITS;
  const fixtures = mkdtempSync(join(tmpdir(), 'bench-fixtures-'));
  writeFileSync(join(fixtures, 'capital.json'), JSON.stringify(FIXTURE));
  const synthesisWork: Workload = { body: JSON.stringify(BODY) };
  const fixtureWork: Workload = { body: JSON.stringify(FIXTURE_BODY) };
  const floorWork: Workload = { get: MODEL_PATH };
  const distinctWork: Workload = { body: (n) => JSON.stringify({ ...BODY, input: `${BODY.input} (question ${n})` }) };
  const emulator = await spawnEmulator(limits);
  const withFixtures = await spawnEmulator([...limits, '--fixtures', fixtures]);
  const servers: ServerProcess[] = [emulator, withFixtures];
  const runs = { synthesis: [] as { baseline: LoadResult; emulator: LoadResult }[], fixture: [] as { baseline: LoadResult; emulator: LoadResult }[], floor: [] as { baseline: LoadResult; emulator: LoadResult }[], distinct: [] as LoadResult[], distinctRatio: [] as number[] };
  try {
    const baseline = await spawnBaseline({ BENCH_REPLY_FILE: await captureReply(emulator, synthesisWork), BENCH_GET_REPLY_FILE: await captureReply(emulator, floorWork) });
    servers.push(baseline);
    const fixtureBaseline = await spawnBaseline({ BENCH_REPLY_FILE: await captureReply(withFixtures, fixtureWork) });
    servers.push(fixtureBaseline);
    const pairs: [ServerProcess, ServerProcess, Workload, { baseline: LoadResult; emulator: LoadResult }[]][] = [
      [baseline, emulator, synthesisWork, runs.synthesis],
      [fixtureBaseline, withFixtures, fixtureWork, runs.fixture],
      [baseline, emulator, floorWork, runs.floor],
    ];
    // Warm-up: JIT, lazily loaded modules, the emulator's tokenizer.
    for (const [base, emu, work] of pairs) {
      await load(base, warmUpSeconds, connections, work);
      await load(emu, warmUpSeconds, connections, work);
    }
    for (let i = 0; i < rounds; i++) {
      for (const [base, emu, work, into] of pairs) into.push({ baseline: await load(base, seconds, connections, work), emulator: await load(emu, seconds, connections, work) });
      const distinct = await load(emulator, seconds, connections, distinctWork);
      runs.distinct.push(distinct);
      runs.distinctRatio.push(distinct.requestsPerSecond / runs.synthesis[i].baseline.requestsPerSecond);
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  return {
    rounds,
    synthesis: paired(runs.synthesis),
    distinct: medianRound(runs.distinct),
    distinctRatio: median(runs.distinctRatio),
    fixture: paired(runs.fixture),
    floor: paired(runs.floor),
  };
}

if (require.main === module) {
  runThroughputBench(Number(process.argv[2] ?? 4), 32, Number(process.argv[3] ?? 3)).then((r) => console.log(JSON.stringify(r, null, 2)));
}
