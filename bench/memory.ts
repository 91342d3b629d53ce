/**
 * Memory: (1) the store full of 100,000 responses — resident size and heap per stored response, the
 * process's own size before them as the baseline; (2) sustained load with the store bounded — heap
 * sampled as requests go on, which must stay flat. Runs in a child process with `--expose-gc` so
 * the numbers are not the harness's.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseCreateResponse } from '../src/dialects/openai/parse-request';
import { createEmulator } from '../src/index';

export interface StoreMemory {
  responses: number;
  heapBytesPerResponse: number;
  rssMiB: number;
  baselineRssMiB: number;
}

export interface SustainedMemory {
  requests: number;
  storeBound: number;
  /** Heap (MiB) after each quarter of the requests. */
  heapMiB: number[];
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
}

const QUESTIONS = Array.from({ length: 50 }, (_, i) => ({ model: 'gpt-4o', input: `Question number ${i}: how do tides work?` }));

export function measureStoreMemory(count: number): StoreMemory {
  const emulator = createEmulator({ maxStoredResponses: count, seed: 'memory', logLevel: 'silent', journalSize: 0 });
  emulator.warmUp();
  // Requests are parsed up front so only what the store keeps is measured.
  const requests = QUESTIONS.map((q) => parseCreateResponse(emulator.schemas, q));
  collect();
  const baseHeap = process.memoryUsage().heapUsed;
  const baselineRss = process.memoryUsage().rss;
  for (let i = 0; i < count; i++) emulator.createResponse(requests[i % requests.length], { seed: String(i) });
  collect();
  const usage = process.memoryUsage();
  return {
    responses: emulator.store.size,
    heapBytesPerResponse: (usage.heapUsed - baseHeap) / emulator.store.size,
    rssMiB: usage.rss / 2 ** 20,
    baselineRssMiB: baselineRss / 2 ** 20,
  };
}

export function measureSustainedMemory(requests: number, storeBound: number): SustainedMemory {
  const emulator = createEmulator({ maxStoredResponses: storeBound, seed: 'sustained', logLevel: 'silent' });
  emulator.warmUp();
  const parsed = QUESTIONS.map((q) => parseCreateResponse(emulator.schemas, q));
  const heapMiB: number[] = [];
  for (let i = 0; i < requests; i++) {
    emulator.createResponse(parsed[i % parsed.length], { seed: String(i) });
    if ((i + 1) % (requests / 4) === 0) {
      collect();
      heapMiB.push(process.memoryUsage().heapUsed / 2 ** 20);
    }
  }
  return { requests, storeBound, heapMiB };
}

/** Runs both measurements in a fresh `node --expose-gc` process. */
export function runMemoryBench(stored = 100_000, sustained = 200_000): { store: StoreMemory; sustained: SustainedMemory } {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'memory.ts'), String(stored), String(sustained)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as { store: StoreMemory; sustained: SustainedMemory };
}

if (require.main === module) {
  const store = measureStoreMemory(Number(process.argv[2] ?? 100_000));
  const sustained = measureSustainedMemory(Number(process.argv[3] ?? 200_000), 1000);
  console.log(JSON.stringify({ store, sustained }));
}
