/**
 * Streaming: (1) a 1,000-token answer at zero delay — time to last byte and events per second —
 * against the bare Express baseline writing the very same SSE bytes; (2) 1,000 concurrent streams
 * at a realistic pace: no errors, every stream complete, nothing left running afterwards, and the
 * server's event loop never held up (its delay sampled inside the server by bench/event-loop-probe.js).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, ROOT, spawnBaseline, spawnEmulator, type ServerProcess } from './servers';
import { tokenizerFor } from '../src/tokenizer';

const PROMPT = 'Tell me the long story of the lighthouse keeper.';

/** A ~1,000-token text (o200k_base), deterministic. */
function longText(): string {
  const o200k = tokenizerFor('o200k_base');
  const sentences = ['The keeper climbed the stairs at dusk.', 'Waves broke against the rocks below.', 'Ships passed in the dark, guided by the lamp.', 'Every night the log was written in the same careful hand.'];
  let text = '';
  for (let i = 0; o200k.count(text) < 1000; i++) text += (text ? ' ' : '') + sentences[i % sentences.length];
  return text;
}

async function timeStream(url: string, body: object): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  const res = await fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`stream failed: ${res.status}`);
  return { ms: performance.now() - started, text };
}

export interface StreamResult {
  tokens: number;
  events: number;
  emulatorMs: number;
  baselineMs: number;
}

export interface ConcurrencyResult {
  streams: number;
  errors: number;
  incomplete: number;
  wallMs: number;
  activeAfter: number;
  storedAfter: number;
  /** The server's event-loop delay while the streams ran (ms), from the first request to the last byte. */
  eventLoopDelay: EventLoopDelay;
  /**
   * The same in two phases: until every stream's headers had come back (the burst of 1,000 requests
   * arriving), then until the last byte (the streams playing out). Tells which one holds the loop up.
   */
  arrival: EventLoopDelay;
  streaming: EventLoopDelay;
}

export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/**
 * Asks the probe in `server` for the event-loop delay since its previous report, and (`total`) since
 * its first one (see bench/event-loop-probe.js).
 */
async function eventLoopDelay(server: ServerProcess, file: string): Promise<EventLoopDelay & { total: EventLoopDelay }> {
  rmSync(file, { force: true });
  server.child.kill('SIGUSR2');
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 10));
  // Written in one call; wait until it parses (a read may race the write).
  for (;;) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as EventLoopDelay & { total: EventLoopDelay };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export async function runStreamBench(runs = 30): Promise<StreamResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fixtures-'));
  const text = longText();
  writeFileSync(join(dir, 'long.json'), JSON.stringify({ match: { input: PROMPT }, reply: { text } }));
  const body = { model: 'gpt-4o', input: PROMPT, stream: true, stream_options: { include_obfuscation: false } };
  const emulator = await spawnEmulator(['--fixtures', dir]);
  let transcript = '';
  const emulatorMs: number[] = [];
  try {
    for (let i = 0; i < 5; i++) transcript = (await timeStream(emulator.url, body)).text; // warm-up
    for (let i = 0; i < runs; i++) emulatorMs.push((await timeStream(emulator.url, body)).ms);
  } finally {
    await emulator.stop();
  }
  const file = join(dir, 'transcript.sse');
  writeFileSync(file, transcript);
  const baseline = await spawnBaseline({ BENCH_SSE_FILE: file });
  const baselineMs: number[] = [];
  try {
    for (let i = 0; i < 5; i++) await timeStream(baseline.url, body);
    for (let i = 0; i < runs; i++) baselineMs.push((await timeStream(baseline.url, body)).ms);
  } finally {
    await baseline.stop();
  }
  return { tokens: tokenizerFor('o200k_base').count(text), events: transcript.split('\n\n').filter(Boolean).length, emulatorMs: median(emulatorMs), baselineMs: median(baselineMs) };
}

async function health(server: ServerProcess): Promise<{ active_generations: number; stored_responses: number }> {
  return (await (await fetch(`${server.url}/__emulator/health`)).json()) as { active_generations: number; stored_responses: number };
}

export async function runConcurrencyBench(streams = 1000): Promise<ConcurrencyResult> {
  const eldFile = join(mkdtempSync(join(tmpdir(), 'bench-eld-')), 'eld.json');
  const probe = ['--require', join(ROOT, 'bench/event-loop-probe.js')];
  const server = await spawnEmulator(['--timing', 'ttft=200,tps=100', '--rpm', '100000000', '--max-stored-responses', String(streams * 2)], { BENCH_ELD_FILE: eldFile }, probe);
  try {
    await eventLoopDelay(server, eldFile); // from here on: the streams only, not the start-up
    const started = performance.now();
    const responses = Array.from({ length: streams }, (_, i) =>
      fetch(`${server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: `Stream number ${i}: describe the sea.`, stream: true }) }),
    );
    await Promise.allSettled(responses); // every stream's headers are back (or it failed)
    const arrival = await eventLoopDelay(server, eldFile);
    const results = await Promise.allSettled(
      responses.map(async (pending) => {
        const res = await pending;
        const text = await res.text();
        if (!res.ok) throw new Error(`stream failed: ${res.status}`);
        return text.includes('event: response.completed');
      }),
    );
    const wallMs = performance.now() - started;
    const streaming = await eventLoopDelay(server, eldFile);
    const after = await health(server);
    return {
      streams,
      errors: results.filter((r) => r.status === 'rejected').length,
      incomplete: results.filter((r) => r.status === 'fulfilled' && !r.value).length,
      wallMs,
      activeAfter: after.active_generations,
      storedAfter: after.stored_responses,
      eventLoopDelay: streaming.total,
      arrival: { p50: arrival.p50, p99: arrival.p99, max: arrival.max },
      streaming: { p50: streaming.p50, p99: streaming.p99, max: streaming.max },
    };
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  (async () => {
    console.log(JSON.stringify(await runStreamBench(10)));
    console.log(JSON.stringify(await runConcurrencyBench()));
  })();
}
