/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run, printed as a
 * table of ratios and written to BENCHMARKS.md (machine, versions, results, how to reproduce).
 *
 *   npm run bench            full run (a few minutes)
 *   npm run bench -- --quick shorter runs, same table
 *   npm run bench -- --redis redis://host:port/db   the replica rows' Redis (else one is started)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { runColdStartBench } from './cold-start';
import { runMatchingBench } from './fixture-matching';
import { runJestStartBench } from './jest-start';
import { profileTable, runProfileBench } from './profile';
import { runMemoryBench } from './memory';
import { redisUrlArgument, replicaRows, runReplicaBench } from './replicas';
import { ROOT } from './servers';
import { runConcurrencyBench, runStreamBench } from './streaming';
import { runThroughputBench, type LoadResult, type PairedLoad } from './throughput';
import { runTimingBench, timingTable } from './timing';

const quick = process.argv.includes('--quick');
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function version(pkg: string): string {
  return (require(join(ROOT, 'node_modules', pkg, 'package.json')) as { version: string }).version;
}

/**
 * What each performance change bought, measured when it landed: written by hand into BENCHMARKS.md
 * (the table above it is each run's), so a run carries over the section of the file it replaces.
 */
function changesSection(file: string): string[] {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const section = /\n## What each change bought\n\n([\s\S]*?)\n+## /.exec(old);
  return section ? section[1].split('\n') : ['- (none recorded yet)'];
}

async function main(): Promise<void> {
  const log = (m: string) => process.stderr.write(`${m}\n`);
  log('throughput…');
  // The issue's own method for the full run: 2 s of warm-up, then five alternating rounds of 4 s each.
  const throughput = await runThroughputBench(quick ? 3 : 4, 32, quick ? 3 : 5, quick ? 1 : 2);
  log('replicas behind a balancer…');
  const replicas = await runReplicaBench(quick ? 2 : 8, 32, redisUrlArgument(process.argv));
  log('streaming…');
  const stream = await runStreamBench(quick ? 10 : 30);
  const concurrency = await runConcurrencyBench(1000);
  log('cold start…');
  const cold = await runColdStartBench(quick ? 3 : 7);
  log('20 Jest test files…');
  const jest = runJestStartBench(quick ? 1 : 3);
  log('profile…');
  const profile = await runProfileBench(quick ? 3 : 6);
  log('memory…');
  const memory = runMemoryBench(100_000, 200_000);
  log('fixture matching…');
  const matching = runMatchingBench();
  log('timing accuracy…');
  const timing = await runTimingBench(quick ? 1 : 3);

  const t = throughput;
  const heap = memory.sustained.heapMiB;
  const cpu = (r: { cpuMicrosPerRequest: number | null }) => (r.cpuMicrosPerRequest === null ? 'n/a' : fmt(r.cpuMicrosPerRequest, 0));
  const cpuRatio = (p: PairedLoad) => (p.emulator.cpuMicrosPerRequest && p.baseline.cpuMicrosPerRequest ? ratio(p.emulator.cpuMicrosPerRequest, p.baseline.cpuMicrosPerRequest) : 'n/a');
  const errors = (...loads: LoadResult[]) => `${loads.reduce((n, l) => n + l.errors, 0)} / ${loads.reduce((n, l) => n + l.non2xx, 0)}`;
  const rows = [
    '| measurement | responses-emulator | baseline (same run) | ratio | target |',
    '|---|---:|---:|---:|---|',
    `| non-streaming throughput, zero-config synthesis (req/s, 32 connections; median of ${t.rounds} alternating rounds) | ${fmt(t.synthesis.emulator.requestsPerSecond, 0)} | ${fmt(t.synthesis.baseline.requestsPerSecond, 0)} (bare Express 5 sending the same reply) | ${t.synthesis.ratio.toFixed(2)}× | ≥ 0.8× |`,
    `| the same, every request a different prompt | ${fmt(t.distinct.requestsPerSecond, 0)} | ${fmt(t.synthesis.baseline.requestsPerSecond, 0)} | ${t.distinctRatio.toFixed(2)}× | |`,
    `| non-streaming throughput, fixture replay (the prompt matching a fixture) | ${fmt(t.fixture.emulator.requestsPerSecond, 0)} | ${fmt(t.fixture.baseline.requestsPerSecond, 0)} (bare Express 5 sending the fixture's reply) | ${t.fixture.ratio.toFixed(2)}× | ≥ 0.8× |`,
    `| the floor: GET /v1/models/gpt-4o (no body, no generation, no storage; arrival, admission, journal, reply) | ${fmt(t.floor.emulator.requestsPerSecond, 0)} | ${fmt(t.floor.baseline.requestsPerSecond, 0)} (bare Express 5 sending the same reply) | ${t.floor.ratio.toFixed(2)}× | |`,
    `| server CPU time per request (µs, all threads): synthesis / fixture replay / floor | ${cpu(t.synthesis.emulator)} / ${cpu(t.fixture.emulator)} / ${cpu(t.floor.emulator)} | ${cpu(t.synthesis.baseline)} / ${cpu(t.fixture.baseline)} / ${cpu(t.floor.baseline)} | ${cpuRatio(t.synthesis)} / ${cpuRatio(t.fixture)} / ${cpuRatio(t.floor)} | |`,
    `| latency p50 / p99 (ms), synthesis | ${t.synthesis.emulator.p50} / ${t.synthesis.emulator.p99} | ${t.synthesis.baseline.p50} / ${t.synthesis.baseline.p99} | ${ratio(t.synthesis.emulator.p50, t.synthesis.baseline.p50)} / ${ratio(t.synthesis.emulator.p99, t.synthesis.baseline.p99)} | |`,
    `| errors / non-2xx under load | ${errors(t.synthesis.emulator, t.distinct, t.fixture.emulator, t.floor.emulator)} | ${errors(t.synthesis.baseline, t.fixture.baseline, t.floor.baseline)} | | 0 |`,
    ...replicaRows(replicas),
    `| 1,000-token stream at zero delay: time to last byte (ms) | ${fmt(stream.emulatorMs)} | ${fmt(stream.baselineMs)} (Express writing the same ${stream.events} events) | ${ratio(stream.emulatorMs, stream.baselineMs)} | |`,
    `| stream events per second | ${fmt(stream.events / (stream.emulatorMs / 1000), 0)} | ${fmt(stream.events / (stream.baselineMs / 1000), 0)} | ${ratio(stream.baselineMs, stream.emulatorMs)} | |`,
    `| 1,000 concurrent streams (ttft=200, 100 tok/s): errors, incomplete, still running after | ${concurrency.errors}, ${concurrency.incomplete}, ${concurrency.activeAfter} (wall ${fmt(concurrency.wallMs / 1000, 2)} s) | | | 0, 0, 0 |`,
    `| the same: the server's event-loop delay p50 / p99 / max (ms) | ${fmt(concurrency.eventLoopDelay.p50)} / ${fmt(concurrency.eventLoopDelay.p99)} / ${fmt(concurrency.eventLoopDelay.max)} | | | p99 < 50 |`,
    `| the same, while the 1,000 requests arrive / then while the streams play out: p99 / max (ms) | ${fmt(concurrency.arrival.p99)} / ${fmt(concurrency.arrival.max)}; ${fmt(concurrency.streaming.p99)} / ${fmt(concurrency.streaming.max)} | | | |`,
    `| cold start: spawn → listening (ms) | ${fmt(cold.emulator.listeningMs, 0)} | ${fmt(cold.baseline.listeningMs, 0)} | ${ratio(cold.emulator.listeningMs, cold.baseline.listeningMs)} | |`,
    `| cold start: spawn → first answer (ms; ratio: median of ${cold.runs} alternating pairs) | ${fmt(cold.emulator.firstAnswerMs, 0)} | ${fmt(cold.baseline.firstAnswerMs, 0)} | ${cold.ratio.toFixed(2)}× | ≤ 1.5× |`,
    `| cold start: CPU time up to the first answer (ms) | ${cold.emulator.cpuMs === null ? 'n/a' : fmt(cold.emulator.cpuMs, 0)} | ${cold.baseline.cpuMs === null ? 'n/a' : fmt(cold.baseline.cpuMs, 0)} | ${cold.emulator.cpuMs && cold.baseline.cpuMs ? ratio(cold.emulator.cpuMs, cold.baseline.cpuMs) : ''} | |`,
    `| loading the o200k_base tokenizer in a fresh process, to its first count (ms): the build's compact table vs gpt-tokenizer's module | ${fmt(cold.tokenizer.compactMs, 0)} | ${fmt(cold.tokenizer.libraryMs, 0)} (gpt-tokenizer's own) | ${ratio(cold.tokenizer.compactMs, cold.tokenizer.libraryMs)} | |`,
    `| ${jest.files} Jest test files each calling \`startEmulator()\`: sum of first line → closed (ms; ratio: median of ${jest.rounds} alternating rounds) | ${fmt(jest.emulatorMs, 0)} | ${fmt(jest.baselineMs, 0)} (each file starting bare Express 5) | ${jest.ratio.toFixed(2)}× | ≤ 1.5× |`,
    `| resident size with 100,000 stored responses (MiB) | ${fmt(memory.store.rssMiB, 0)} | ${fmt(memory.store.baselineRssMiB, 0)} (the process before them) | ${ratio(memory.store.rssMiB, memory.store.baselineRssMiB)} | |`,
    `| heap per stored response (KiB) | ${fmt(memory.store.heapBytesPerResponse / 1024, 2)} | | | |`,
    `| sustained load, store bounded at ${memory.sustained.storeBound}: heap after each quarter of ${fmt(memory.sustained.requests, 0)} requests (MiB) | ${heap.map((h) => fmt(h, 1)).join(' → ')} | first quarter | ${ratio(heap[heap.length - 1], heap[0])} | flat |`,
    `| fixture lookup, hit (µs per request) | ${fmt(matching.large.hitMicros)} with ${fmt(matching.large.fixtures, 0)} fixtures | ${fmt(matching.baseline.hitMicros)} with ${matching.baseline.fixtures} | ${ratio(matching.large.hitMicros, matching.baseline.hitMicros)} | not linear |`,
    `| fixture lookup, miss then synthesis (µs per request) | ${fmt(matching.large.missMicros)} | ${fmt(matching.baseline.missMicros)} | ${ratio(matching.large.missMicros, matching.baseline.missMicros)} | not linear |`,
  ];
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, ${platform()} ${release()}`;
  const versions = `Node.js ${process.version}; express ${version('express')}, ajv ${version('ajv')}, gpt-tokenizer ${version('gpt-tokenizer')}, autocannon ${version('autocannon')}`;
  const table = rows.join('\n');
  console.log(`\n${table}\n\n## Timing accuracy\n\n${timingTable(timing)}\n\n## Profile\n\n${profileTable(profile)}\n`);
  const markdown = [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (bench/run.ts). Every number is compared with a baseline measured in the same run on the same machine.',
    '',
    `- Machine: ${machine}`,
    `- Versions: ${versions}`,
    `- Run: ${quick ? 'quick (`npm run bench -- --quick`)' : 'full'}`,
    '',
    '## Results',
    '',
    table,
    '',
    '## Timing accuracy (configured vs measured)',
    '',
    timingTable(timing),
    '',
    `## Where the time goes under load (CPU profile of the emulator, ${fmt(profile.requests, 0)} requests)`,
    '',
    profileTable(profile),
    '',
    '## What each change bought',
    '',
    ...changesSection(join(ROOT, 'BENCHMARKS.md')),
    '',
    '## What each row measures',
    '',
    '- **Throughput**: autocannon, 32 connections. Three workloads, each against a bare Express 5 server in its own process (bench/baseline-server.js) answering with the reply the emulator gave to the same request, captured at the start (status, the API\'s headers, the same body), so both send the same bytes: zero-config synthesis (`POST /v1/responses`, the same small body, the emulator started in an empty folder); fixture replay (the emulator started with a folder holding one fixture, the prompt matching it); and the floor, `GET /v1/models/gpt-4o`, which reads no body and generates and stores nothing, so its ratio is what the emulator\'s arrival, admission, journal and reply cost on their own. The emulator runs with the CLI\'s defaults (journal on, validation on, logging at its default level: a line per request on stderr, which the benchmark reads and drops) except rate limits, raised. After a warm-up, rounds alternate baseline and emulator per workload, then the emulator with a different prompt per request; a ratio is the median of the rounds\' ratios, the other figures are from the median round. CPU per request is the server process\'s user + system time (all its threads, from /proc) divided by the requests it answered.',
    '- **Replicas**: 1, 2 and 4 emulator processes (the throughput row\'s options) behind a round-robin node:http proxy with keep-alive connections (bench/balancer.js, its own process), autocannon sending the throughput row\'s request to the proxy, after a 1 s warm-up; first each replica with its own memory store, then all with `--store redis://…` on one Redis (started by the benchmark, emptied before each fleet; `--redis <url>` to use another). Scaling is req/s with N replicas ÷ req/s with 1; the Redis rows compare latencies with the memory store\'s at the same N. Everything — replicas, proxy, Redis, load generator — shares the machine\'s cores, so few cores show little scaling.',
    '- **Stream**: a fixture answering ~1,000 tokens, streamed at the default (zero-delay) timing; the baseline replays the very same SSE bytes, one write per event.',
    '- **1,000 concurrent streams**: all started at once at `ttft=200,tps=100`; afterwards the health endpoint must report no generation still running. The server\'s event-loop delay is sampled inside it while the streams run (bench/event-loop-probe.js, preloaded with `node --require`, 5 ms resolution).',
    '- **Cold start**: `node bin/responses-emulator.js --port 0` spawned in an empty folder (zero configuration), then `POST /v1/responses` until it succeeds; the same for the baseline server, spawns alternating; medians, and the median of the pairs\' ratios. CPU time is the process\'s user + system time at its first answer (/proc). The tokenizer row times, in a fresh process, the first count with the compact table the build writes (`dist/tokenizer/`) against loading gpt-tokenizer\'s own `o200k_base` module.',
    '- **Jest**: 20 generated test files, each requiring the package (dist/, untransformed, as from node_modules), calling `startEmulator({ port: 0 })`, sending one request and closing — Jest gives each file a fresh module registry, so each pays the whole start; against 20 files each starting a bare Express 5 server. `jest --runInBand`, after one unmeasured run of each (Jest\'s own caches); each file times its first line to its server closed; the totals are compared.',
    '- **Profile**: the emulator (same options as the throughput row) runs with `node --cpu-prof` while autocannon sends the throughput request; self time summed per function and per area (the emulator\'s folders in dist/, npm packages, Node.js internals, GC), as shares of the busy samples.',
    '- **Memory**: 100,000 responses created in a `--expose-gc` child process (heap growth per stored response, resident size); then 200,000 more with the store bounded, heap sampled after each quarter (per-request seeds, so every request is new content).',
    '- **Fixture lookup**: the time to answer one request in process, with 10,000 fixtures loaded vs 10.',
    '- **Timing accuracy**: configured vs measured time to first token and tokens per second of a streamed answer, one stream at a time (jitter 0).',
    '',
    '## Reproduce',
    '',
    '```sh',
    'npm ci',
    'npm run bench            # a few minutes; writes BENCHMARKS.md',
    'npm run bench -- --quick # shorter runs',
    'npx tsx bench/replicas.ts --quick   # the replica rows alone (--redis <url>: an existing Redis)',
    '```',
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), markdown);
  log('wrote BENCHMARKS.md');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
