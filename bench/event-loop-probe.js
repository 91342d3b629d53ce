/**
 * Preloaded into a server process by the benchmark (`node --require bench/event-loop-probe.js …`), so
 * the server runs exactly as users start it: samples the event loop's delay, and on SIGUSR2 writes
 * what it saw since the previous SIGUSR2 (p50, p99, max in ms) to BENCH_ELD_FILE, then starts over.
 */
'use strict';
const { writeFileSync } = require('node:fs');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const histogram = monitorEventLoopDelay({ resolution: 5 });
histogram.enable();
process.on('SIGUSR2', () => {
  const ms = (ns) => ns / 1e6;
  const report = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
  histogram.reset();
  if (process.env.BENCH_ELD_FILE) writeFileSync(process.env.BENCH_ELD_FILE, JSON.stringify(report));
});
