/**
 * `npm run fuzz`'s stall check (never run under jest: it measures time). Hostile synthesis cases go
 * to a real HTTP server while a probe keeps asking it for `/__emulator/health`, one request after
 * another; a case that takes over a second, or a probe answer that waits over a second (the event
 * loop was blocked), is a stall.
 */
import fc from 'fast-check';
import { fuzzCases, send, violations, type FuzzCase } from './fuzz-core';
import { HOSTILE_SYNTHESIS } from './hostile-synthesis';

export const STALL_MS = 1000;

export interface StallReport {
  cases: number;
  /** The slowest hostile case, and the probe's slowest answer while they ran. */
  slowestCaseMs: number;
  slowestProbeMs: number;
  probes: number;
  violations: { kind: string; problems: string[]; body: string }[];
}

export async function stallCheck(base: string, seed: number, runs: number): Promise<StallReport> {
  const fixed: FuzzCase[] = HOSTILE_SYNTHESIS.map((h) => ({
    target: { name: 'openai create', dialect: 'openai', method: 'POST', path: '/v1/responses' },
    kind: `synthesis (fixed): ${h.name}`,
    body: h.body(),
    headers: { 'content-type': 'application/json' },
    query: '',
    mutatedPath: null,
  }));
  const generated = fc.sample(fuzzCases().filter((c) => c.kind.startsWith('synthesis')), { seed, numRuns: runs });
  // One request first, so loading the tokenizer and the faker is not counted as a stall.
  await send(fetch as never, base, fixed[0], 60_000);
  const report: StallReport = { cases: 0, slowestCaseMs: 0, slowestProbeMs: 0, probes: 0, violations: [] };
  let running = true;
  const probe = (async () => {
    while (running) {
      const started = performance.now();
      await fetch(`${base}/__emulator/health`);
      report.slowestProbeMs = Math.max(report.slowestProbeMs, performance.now() - started);
      report.probes++;
    }
  })();
  for (const c of [...fixed, ...generated]) {
    const outcome = await send(fetch as never, base, c, 60_000);
    report.cases++;
    report.slowestCaseMs = Math.max(report.slowestCaseMs, outcome.ms);
    const problems = violations(c, outcome, STALL_MS);
    if (problems.length > 0) report.violations.push({ kind: c.kind, problems, body: (c.body ?? '').slice(0, 300) });
  }
  running = false;
  await probe;
  if (report.slowestProbeMs > STALL_MS) report.violations.push({ kind: 'health probe', problems: [`a health check waited ${Math.round(report.slowestProbeMs)} ms`], body: '' });
  return report;
}
