/**
 * Non-streaming POST /v1/responses under concurrent load (autocannon), against the bare Express
 * baseline answering a fixed Response JSON. Both servers run in their own process; the load
 * generator in this one.
 */
import autocannon from 'autocannon';
import { spawnBaseline, spawnEmulator, type ServerProcess } from './servers';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

const BODY = JSON.stringify({ model: 'gpt-4o', input: 'How do tides work?' });

export async function load(server: ServerProcess, name: string, seconds: number, connections: number): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url: `${server.url}/v1/responses`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: BODY,
      connections,
      duration,
    });
  await run(1); // warm-up: JIT, schema compilation, tokenizer
  const result = await run(seconds);
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export async function runThroughputBench(seconds = 8, connections = 32): Promise<{ baseline: LoadResult; emulator: LoadResult }> {
  const bare = await spawnBaseline();
  const baseline = await load(bare, 'bare Express 5 (fixed JSON)', seconds, connections).finally(() => bare.stop());
  // Rate limits raised: the default 10,000 requests a minute would answer 429s within seconds.
  const server = await spawnEmulator(['--rpm', '100000000', '--tpm', '10000000000']);
  const emulator = await load(server, 'responses-emulator', seconds, connections).finally(() => server.stop());
  return { baseline, emulator };
}
