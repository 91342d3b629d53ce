/**
 * `npm run fuzz`: the long fuzzing run. Seeded cases against every endpoint of every dialect, through
 * the in-process transport and (a share of them) over real HTTP, with small store and journal
 * bounds; with `--expose-gc`, the heap is sampled after each batch and must stay flat once the
 * bounds are reached. Then the stall check (test/fuzz/stall-probe.ts): hostile synthesis inputs over
 * HTTP beside a health probe, none taking over a second. Exits 1 on any violation (or growth, or
 * stall), printing each with its seed to replay.
 *
 *   npm run fuzz                      # 20,000 cases, seed from the clock (printed)
 *   npm run fuzz -- --runs 5000 --seed 42
 */
import { createInProcessEmulator, startEmulator } from '../src/index';
import { runFuzz, type FuzzReport } from '../test/fuzz/fuzz-core';
import { stallCheck } from '../test/fuzz/stall-probe';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function heapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function main(): Promise<void> {
  const runs = arg('runs', 20_000);
  // The one place a clock picks a value: which seed this run explores (printed, so it replays).
  const seed = arg('seed', Date.now() % 2 ** 31);
  const batches = 10;
  // Small bounds, reached within the first batch.
  const bounds = { maxStoredResponses: 50, maxConversations: 50, journalSize: 50 };
  const inProcess = createInProcessEmulator({ logLevel: 'silent', ...bounds });
  const http = await startEmulator({ port: 0, logLevel: 'silent', ...bounds });
  const reports: FuzzReport[] = [];
  const heap: number[] = [];
  try {
    for (let b = 0; b < batches; b++) {
      // Every third batch goes over HTTP, so the real socket path is fuzzed too.
      const overHttp = b % 3 === 2;
      const target = overHttp ? { fetch: fetch as never, base: http.url } : { fetch: inProcess.fetch as never, base: inProcess.url };
      reports.push(await runFuzz(target.fetch, target.base, { seed: seed + b, runs: Math.ceil(runs / batches) }));
      heap.push(heapMiB());
      process.stderr.write(`batch ${b + 1}/${batches} (${overHttp ? 'HTTP' : 'in-process'}, seed ${seed + b}): ${reports[b].violations.length} violations, heap ${heap[b].toFixed(1)} MiB\n`);
    }
    // Hostile synthesis inputs over HTTP with a health probe beside them: no stall over a second.
    const stall = await stallCheck(http.url, seed, Math.max(200, Math.ceil(runs / 20)));
    process.stderr.write(`stall check: ${stall.cases} hostile synthesis cases, slowest ${stall.slowestCaseMs.toFixed(0)} ms; ${stall.probes} health probes, slowest ${stall.slowestProbeMs.toFixed(0)} ms\n`);
    // The emulators are still healthy.
    const ok = await inProcess.fetch(`${inProcess.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'still there?' }) });
    const violations = [...reports.flatMap((r) => r.violations), ...stall.violations.map((v) => ({ ...v, target: 'stall check' }))];
    const statuses: Record<string, number> = {};
    for (const r of reports) for (const [s, n] of Object.entries(r.byStatus)) statuses[s] = (statuses[s] ?? 0) + n;
    const precision = reports.reduce((n, r) => n + r.paramPrecision, 0) / reports.length;
    // Flat: the heap grows while the bounded stores and caches fill (the store, conversations, the
    // journal, remembered token counts), then holds: the run's second half adds less than 10%.
    const growth = heap[heap.length - 1] / heap[Math.floor((heap.length - 1) / 2)];
    const flat = growth <= 1.1;
    console.log(
      JSON.stringify(
        {
          seed,
          cases: reports.reduce((n, r) => n + r.cases, 0),
          statuses,
          violations: violations.length,
          paramPrecision: Number(precision.toFixed(4)),
          polluted: reports.some((r) => r.polluted),
          healthyAfter: ok.status === 200,
          heapMiB: heap.map((h) => Number(h.toFixed(1))),
          heapGrowthSecondHalf: Number(growth.toFixed(3)),
          heapFlat: flat,
          stallCheck: { cases: stall.cases, slowestCaseMs: Math.round(stall.slowestCaseMs), probes: stall.probes, slowestProbeMs: Math.round(stall.slowestProbeMs) },
        },
        null,
        2,
      ),
    );
    for (const v of violations.slice(0, 50)) console.log(JSON.stringify(v));
    if (violations.length > 0 || reports.some((r) => r.polluted) || ok.status !== 200 || !flat) process.exitCode = 1;
  } finally {
    await inProcess.close();
    await http.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
