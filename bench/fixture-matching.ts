/**
 * Fixture matching: the cost of answering one request with 10,000 fixtures loaded, against the same
 * request with 10 fixtures loaded (the baseline) — a hit on the last-loaded fixture and a miss
 * (synthesised). Lookup must not grow with the fixture count.
 */
import { parseCreateResponse } from '../src/dialects/openai/parse-request';
import { createEmulator } from '../src/index';

export interface MatchingRow {
  fixtures: number;
  hitMicros: number;
  missMicros: number;
}

function perRequestMicros(run: () => void, iterations: number): number {
  for (let i = 0; i < 2000; i++) run(); // warm-up: the JIT, so the first row measured is not the slowest
  const started = performance.now();
  for (let i = 0; i < iterations; i++) run();
  return ((performance.now() - started) / iterations) * 1000;
}

export function measureMatching(count: number, iterations = 3000): MatchingRow {
  const emulator = createEmulator({ logLevel: 'silent', journalSize: 0, maxStoredResponses: 100 });
  emulator.warmUp();
  emulator.addFixtures(
    Array.from({ length: count }, (_, i) => ({
      name: `fixture-${i}`,
      // Varied shapes: exact inputs, some with a model, some with tools, like a recorded suite.
      match: { input: `Recorded question number ${i} about the weather?`, ...(i % 3 === 0 ? { model: 'gpt-4o' } : {}) },
      reply: { text: `Answer ${i}.` },
    })),
  );
  const hit = parseCreateResponse(emulator.schemas, { model: 'gpt-4o', input: `Recorded question number ${count - 1} about the weather?` });
  const miss = parseCreateResponse(emulator.schemas, { model: 'gpt-4o', input: 'A question no fixture has.' });
  return {
    fixtures: count,
    hitMicros: perRequestMicros(() => emulator.createResponse(hit), iterations),
    missMicros: perRequestMicros(() => emulator.createResponse(miss), iterations),
  };
}

export function runMatchingBench(): { baseline: MatchingRow; large: MatchingRow } {
  measureMatching(10, 1000); // warms the engine's code paths for both measurements
  return { baseline: measureMatching(10), large: measureMatching(10_000) };
}

if (require.main === module) console.log(JSON.stringify(runMatchingBench()));
