/**
 * Timing accuracy: for several timing settings, streams a long answer and compares the configured
 * time to first token and tokens per second with what a client measures. Jitter is set to 0 so the
 * configured values are exact targets; each row is the median of several streams.
 */
import { startEmulator } from '../src/index';
import { tokenizerFor } from '../src/tokenizer';

export interface TimingRow {
  setting: string;
  ttftConfigured: number;
  ttftMeasured: number;
  /** TTFT measured with ttft=0 and the same speed: the emulator's own latency, in the same run. */
  ttftBaseline: number;
  tpsConfigured: number;
  tpsMeasured: number;
}

const SETTINGS = [
  { ttft: 100, tps: 100 },
  { ttft: 300, tps: 50 },
  { ttft: 450, tps: 60 }, // the `realistic` preset without jitter
  { ttft: 50, tps: 400 },
];

async function measureOnce(baseURL: string, timing: string): Promise<{ ttft: number; tps: number }> {
  const started = performance.now();
  const res = await fetch(`${baseURL}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-emulator-timing': timing },
    body: JSON.stringify({ model: 'gpt-4o', input: 'Explain how tides work', stream: true, text: { verbosity: 'high' }, stream_options: { include_obfuscation: false } }),
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const o200k = tokenizerFor('o200k_base');
  let buffer = '';
  let first = 0;
  let last = 0;
  let tokensAfterFirst = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (!frame.startsWith('event: response.output_text.delta')) continue;
      const now = performance.now() - started;
      const delta = JSON.parse(frame.slice(frame.indexOf('data: ') + 6)).delta as string;
      if (!first) first = now;
      else tokensAfterFirst += o200k.count(delta);
      last = now;
    }
  }
  return { ttft: first, tps: tokensAfterFirst / ((last - first) / 1000) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runTimingBench(runs = 3): Promise<TimingRow[]> {
  const emulator = await startEmulator({ port: 0, chunkTokens: 1, logLevel: 'silent' });
  try {
    await measureOnce(emulator.baseURL, 'ttft=0,tps=10000'); // warm-up
    const rows: TimingRow[] = [];
    for (const s of SETTINGS) {
      const spec = `ttft=${s.ttft},tps=${s.tps},jitter=0`;
      // One stream at a time, so requests do not queue behind each other and blur the numbers.
      const samples: { ttft: number; tps: number }[] = [];
      const baseline: { ttft: number; tps: number }[] = [];
      for (let i = 0; i < runs; i++) {
        samples.push(await measureOnce(emulator.baseURL, spec));
        baseline.push(await measureOnce(emulator.baseURL, `ttft=0,tps=${s.tps},jitter=0`));
      }
      rows.push({
        setting: spec,
        ttftConfigured: s.ttft,
        ttftMeasured: median(samples.map((x) => x.ttft)),
        ttftBaseline: median(baseline.map((x) => x.ttft)),
        tpsConfigured: s.tps,
        tpsMeasured: median(samples.map((x) => x.tps)),
      });
    }
    return rows;
  } finally {
    await emulator.close();
  }
}

export function timingTable(rows: TimingRow[]): string {
  const lines = [
    '| timing setting | TTFT configured (ms) | TTFT measured (ms) | baseline at ttft=0 (ms) | (measured − baseline) ÷ configured | tokens/s configured | tokens/s measured | ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| \`${r.setting}\` | ${r.ttftConfigured} | ${r.ttftMeasured.toFixed(1)} | ${r.ttftBaseline.toFixed(1)} | ${((r.ttftMeasured - r.ttftBaseline) / r.ttftConfigured).toFixed(3)} | ${r.tpsConfigured} | ${r.tpsMeasured.toFixed(1)} | ${(r.tpsMeasured / r.tpsConfigured).toFixed(3)} |`,
    );
  }
  return lines.join('\n');
}

if (require.main === module) {
  runTimingBench().then((rows) => console.log(timingTable(rows)));
}
