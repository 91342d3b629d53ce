/**
 * Replicas behind a load balancer (issue 20): 1, 2 and 4 emulator processes behind a round-robin
 * node:http proxy (bench/balancer.js, keep-alive), loaded with the throughput benchmark's request
 * (autocannon, bench/throughput.ts's `load`), first with each replica's own memory store, then with
 * `--store redis://…` (one shared Redis). Printed as ratios: throughput scaling (req/s with N
 * replicas ÷ req/s with 1, per store) and the latency the Redis store adds (p50 and p99, Redis ÷
 * memory, per N). A machine with few cores shows little scaling: the replicas, the balancer, Redis
 * and the load generator share them; it measures what it measures.
 *
 * Redis: `--redis redis://host:port/db` uses that server; otherwise one is started here (the tests'
 * helper, test/helpers/redis-server.ts). The Redis rows run only when the emulator has the `--store`
 * option and a redis-server is at hand; otherwise they say why not.
 *
 *   npx tsx bench/replicas.ts [--quick] [--redis redis://127.0.0.1:6379/0]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Redis from 'ioredis';
import { REDIS_SERVER, startRedis, type RedisServer } from '../test/helpers/redis-server';
import { EMULATOR_BIN, RAISED_LIMITS, ROOT, spawnEmulator, spawnServer, type ServerProcess } from './servers';
import { BODY, load, type LoadResult } from './throughput';

export const REPLICA_COUNTS = [1, 2, 4] as const;
const BALANCER_BIN = join(ROOT, 'bench/balancer.js');

export type StoreKind = 'memory' | 'redis';

export interface ReplicaRun {
  replicas: number;
  result: LoadResult;
}

export interface ReplicaBenchResult {
  seconds: number;
  connections: number;
  memory: ReplicaRun[];
  /** Null when the Redis store could not run; `redisSkipped` says why. */
  redis: ReplicaRun[] | null;
  redisSkipped: string | null;
}

/** Whether this build of the emulator has `--store` (issue 20's option; the benchmark runs before and after it lands). */
export function emulatorHasStoreOption(): boolean {
  const help = spawnSync(process.execPath, [EMULATOR_BIN, '--help'], { encoding: 'utf8' });
  return /--store\b/.test(help.stdout);
}

/** `replicas` emulator processes on `store`, behind a fresh balancer; `loadFor` runs against the balancer. */
async function withFleet<T>(store: string, replicas: number, loadFor: (balancer: ServerProcess) => Promise<T>): Promise<T> {
  // Rate limits raised as in the throughput benchmark (shared or not, 10,000 a minute would answer 429s).
  const args = [...RAISED_LIMITS, ...(store === 'memory' ? [] : ['--store', store])];
  const emulators = await Promise.all(Array.from({ length: replicas }, () => spawnEmulator(args)));
  let balancer: ServerProcess | null = null;
  try {
    balancer = await spawnServer(BALANCER_BIN, [], { BALANCER_UPSTREAMS: emulators.map((e) => e.url).join(',') });
    return await loadFor(balancer);
  } finally {
    await Promise.all([balancer?.stop(), ...emulators.map((e) => e.stop())]);
  }
}

async function runStore(store: string, seconds: number, connections: number, between: () => Promise<void>): Promise<ReplicaRun[]> {
  const work = { body: JSON.stringify(BODY) };
  const runs: ReplicaRun[] = [];
  for (const replicas of REPLICA_COUNTS) {
    await between();
    const result = await withFleet(store, replicas, async (balancer) => {
      // Warm-up: every replica's JIT, lazily loaded modules and tokenizer (round robin reaches them all).
      await load(balancer, 1, connections, work);
      return load(balancer, seconds, connections, work);
    });
    runs.push({ replicas, result });
  }
  return runs;
}

export async function runReplicaBench(seconds = 5, connections = 32, redisUrl: string | null = null): Promise<ReplicaBenchResult> {
  const memory = await runStore('memory', seconds, connections, async () => undefined);
  let redisSkipped: string | null = null;
  if (!emulatorHasStoreOption()) redisSkipped = 'this build of the emulator has no --store option yet';
  else if (!redisUrl && !REDIS_SERVER) redisSkipped = 'no redis-server installed (apt-get install redis-server), and no --redis URL given';
  if (redisSkipped) return { seconds, connections, memory, redis: null, redisSkipped };

  let server: RedisServer | null = null;
  const url = redisUrl ?? (server = await startRedis()).url();
  const client = new Redis(url, { lazyConnect: true });
  try {
    await client.connect();
    // Each fleet starts on an empty database, so a run does not pay for the previous one's responses.
    const redis = await runStore(url, seconds, connections, async () => void (await client.flushdb()));
    return { seconds, connections, memory, redis, redisSkipped: null };
  } finally {
    client.disconnect();
    await server?.close();
  }
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const times = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/** Rows for BENCHMARKS.md's table (bench/run.ts): measurement | emulator | baseline | ratio | target. */
export function replicaRows(r: ReplicaBenchResult): string[] {
  const counts = REPLICA_COUNTS.join(' / ');
  const rps = (runs: ReplicaRun[]): string => runs.map((x) => fmt(x.result.requestsPerSecond)).join(' / ');
  const scaling = (runs: ReplicaRun[]): string => runs.map((x) => times(x.result.requestsPerSecond, runs[0].result.requestsPerSecond)).join(' / ');
  const errors = (runs: ReplicaRun[]): string => runs.map((x) => `${x.result.errors} / ${x.result.non2xx}`).join('; ');
  const rows = [
    `| ${counts} replicas behind a round-robin balancer, each its own memory store: req/s (${r.connections} connections, ${r.seconds} s each) | ${rps(r.memory)} | ${fmt(r.memory[0].result.requestsPerSecond)} (1 replica) | ${scaling(r.memory)} | |`,
  ];
  if (!r.redis) return [...rows, `| the same with \`--store redis://…\` (one shared Redis) | not run: ${r.redisSkipped} | | | |`];
  const latency = REPLICA_COUNTS.map((_, i) => `${times(r.redis![i].result.p50, r.memory[i].result.p50)} / ${times(r.redis![i].result.p99, r.memory[i].result.p99)}`).join('; ');
  return [
    ...rows,
    `| the same with \`--store redis://…\` (one shared Redis): req/s | ${rps(r.redis)} | ${fmt(r.redis[0].result.requestsPerSecond)} (1 replica) | ${scaling(r.redis)} | |`,
    `| Redis store against memory store, latency p50 / p99 (ms) with ${counts} replicas | ${r.redis.map((x) => `${x.result.p50} / ${x.result.p99}`).join('; ')} | ${r.memory.map((x) => `${x.result.p50} / ${x.result.p99}`).join('; ')} (memory) | ${latency} | |`,
    `| errors / non-2xx with ${counts} replicas (memory; Redis) | ${errors(r.memory)}; ${errors(r.redis)} | | | 0 |`,
  ];
}

/** What the run printed on its own: the scaling and latency ratios. */
export function replicaSummary(r: ReplicaBenchResult): string {
  const lines = [`replicas ${REPLICA_COUNTS.join(', ')} behind a round-robin balancer, ${r.connections} connections, ${r.seconds} s each`];
  for (const [store, runs] of [['memory', r.memory], ['redis', r.redis]] as const) {
    if (!runs) {
      lines.push(`${store}: not run (${r.redisSkipped})`);
      continue;
    }
    for (const x of runs) {
      const res = x.result;
      lines.push(`${store} ×${x.replicas}: ${fmt(res.requestsPerSecond)} req/s (scaling ${times(res.requestsPerSecond, runs[0].result.requestsPerSecond)}), p50 ${res.p50} ms, p99 ${res.p99} ms, errors ${res.errors}, non-2xx ${res.non2xx}`);
    }
  }
  if (r.redis) {
    REPLICA_COUNTS.forEach((n, i) => lines.push(`redis ÷ memory ×${n}: p50 ${times(r.redis![i].result.p50, r.memory[i].result.p50)}, p99 ${times(r.redis![i].result.p99, r.memory[i].result.p99)}, req/s ${times(r.redis![i].result.requestsPerSecond, r.memory[i].result.requestsPerSecond)}`));
  }
  return lines.join('\n');
}

/** `--redis <url>` from the command line, if given. */
export function redisUrlArgument(argv: readonly string[]): string | null {
  const i = argv.indexOf('--redis');
  return i >= 0 && argv[i + 1] ? argv[i + 1] : null;
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  runReplicaBench(quick ? 2 : 8, 32, redisUrlArgument(process.argv)).then((r) => {
    console.log(replicaSummary(r));
    console.log(`\n${replicaRows(r).join('\n')}`);
  });
}
