import { eventDelays, isInstant, parseTiming, TOOL_STAGE_TOKENS } from '../../src/engine/timing';
import type { EventWeight } from '../../src/render/events';
import { Rng } from '../../src/random';

const weights: EventWeight[] = [
  { kind: 'none', tokens: 0 }, // created
  { kind: 'none', tokens: 0 }, // in_progress
  { kind: 'first', tokens: 0 }, // output_item.added
  { kind: 'delta', tokens: 3 },
  { kind: 'delta', tokens: 2 },
  { kind: 'think', tokens: 100 },
  { kind: 'tool', tokens: 0 },
];

describe('timing model', () => {
  test('ttft before the first item; the first token arrives with it; later tokens at 1/tps each', () => {
    const delays = eventDelays(weights, parseTiming('ttft=200,tps=50'), new Rng(1));
    expect(delays).toEqual([0, 0, 200, 2 * 20, 2 * 20, 100 * 20, TOOL_STAGE_TOKENS * 20]);
  });

  test('instant means no delay at all', () => {
    expect(isInstant(parseTiming('instant'))).toBe(true);
    expect(eventDelays(weights, parseTiming('instant'), new Rng(1)).every((d) => d === 0)).toBe(true);
  });

  test('jitter keeps every delay within [1 − j, 1 + j] of nominal, seeded', () => {
    const model = parseTiming('ttft=1000,tps=10,jitter=0.3');
    const nominal = eventDelays(weights, parseTiming('ttft=1000,tps=10'), new Rng(1));
    for (let seed = 0; seed < 50; seed++) {
      const delays = eventDelays(weights, model, new Rng(seed));
      delays.forEach((d, i) => {
        expect(d).toBeGreaterThanOrEqual(nominal[i] * 0.7);
        expect(d).toBeLessThanOrEqual(nominal[i] * 1.3);
      });
      expect(eventDelays(weights, model, new Rng(seed))).toEqual(delays);
    }
  });
});
