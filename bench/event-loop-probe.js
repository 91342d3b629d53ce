/**
 * Preloaded into a server process by the benchmark (`node --require bench/event-loop-probe.js …`), so
 * the server runs exactly as users start it: samples the event loop's delay, and on SIGUSR2 writes
 * what it saw since the previous SIGUSR2 (p50, p99, max in ms) to BENCH_ELD_FILE, then starts over;
 * `total` is the same since the first SIGUSR2, so a run measured in phases (one signal between them)
 * still gets its whole-run figures. A histogram's p99 hides one long stall (it is one sample among
 * thousands): read `max` beside it.
 */
'use strict';
const { writeFileSync } = require('node:fs');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const window = monitorEventLoopDelay({ resolution: 5 });
const total = monitorEventLoopDelay({ resolution: 5 });
window.enable();
total.enable();
let first = true;
const ms = (ns) => ns / 1e6;
const summary = (h) => ({ p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) });
process.on('SIGUSR2', () => {
  const report = { ...summary(window), total: summary(total) };
  window.reset();
  if (first) total.reset();
  first = false;
  if (process.env.BENCH_ELD_FILE) writeFileSync(process.env.BENCH_ELD_FILE, JSON.stringify(report));
});
