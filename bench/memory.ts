/**
 * Memory of the response store: heap growth per stored response (typical short chat turns), and the
 * resident size once the store holds N responses. Needs `--expose-gc` for a clean measurement.
 */
import { parseCreateResponse } from '../src/dialects/openai/parse-request';
import { createEmulator } from '../src/index';

export interface MemoryResult {
  responses: number;
  heapBytesPerResponse: number;
  rssMiB: number;
  baselineRssMiB: number;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
}

export function measureStoreMemory(count: number): MemoryResult {
  const emulator = createEmulator({ maxStoredResponses: count, seed: 'memory' });
  emulator.warmUp();
  // Requests are parsed up front so only what the store keeps is measured.
  const requests = Array.from({ length: 50 }, (_, i) => parseCreateResponse(emulator.schemas, { model: 'gpt-4o', input: `Question number ${i}: how do tides work?` }));
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

if (require.main === module) {
  const r = measureStoreMemory(Number(process.argv[2] ?? 20000));
  console.log(`${r.responses} stored responses: ${(r.heapBytesPerResponse / 1024).toFixed(2)} KiB of heap each; RSS ${r.rssMiB.toFixed(0)} MiB (baseline ${r.baselineRssMiB.toFixed(0)} MiB)`);
}
