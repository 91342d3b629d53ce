/**
 * `--chaos rate_limit=0.05,server_error=0.01,…`: each API request draws, from a seeded stream, at
 * most one fault (kinds are tried in the order given). Reproducible for a seed and request order.
 */
import { Rng, seedOf } from '../random';
import { parseFault, type Fault } from './faults';

export interface ChaosRate {
  fault: Fault;
  probability: number;
}

export class ChaosSpecError extends Error {}

export function parseChaos(spec: string): ChaosRate[] {
  const rates: ChaosRate[] = [];
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = raw.lastIndexOf('=');
    const probability = Number(raw.slice(eq + 1));
    if (eq < 0 || raw.slice(eq + 1).trim() === '' || !Number.isFinite(probability) || probability < 0 || probability > 1) {
      throw new ChaosSpecError(`'${raw}': expected <fault>=<probability from 0 to 1>`);
    }
    try {
      rates.push({ fault: parseFault(raw.slice(0, eq)), probability });
    } catch (err) {
      throw new ChaosSpecError(`'${raw}': ${(err as Error).message}`);
    }
  }
  const total = rates.reduce((n, r) => n + r.probability, 0);
  if (total > 1) throw new ChaosSpecError(`the probabilities add up to ${total}, more than 1`);
  return rates;
}

export class Chaos {
  private rng: Rng;

  constructor(
    private readonly rates: readonly ChaosRate[],
    private readonly seed: string,
  ) {
    this.rng = new Rng(seedOf(seed, 'chaos'));
  }

  /** The fault this request gets, if any. */
  draw(): Fault | null {
    if (this.rates.length === 0) return null;
    let x = this.rng.float();
    for (const rate of this.rates) {
      if (x < rate.probability) return rate.fault;
      x -= rate.probability;
    }
    return null;
  }

  reset(): void {
    this.rng = new Rng(seedOf(this.seed, 'chaos'));
  }
}
