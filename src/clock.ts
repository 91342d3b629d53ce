/**
 * Wall-clock time for timestamps (`created_at`, `completed_at`). Injectable so tests and users can
 * pin it: a fixed clock makes whole responses byte-identical across runs. Timers (stream pacing,
 * background jobs) use real time regardless; only what is written into objects comes from here.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

export function fixedClock(epochMs: number): Clock {
  return { nowMs: () => epochMs };
}

/** Epoch milliseconds as the whole seconds the API writes in `created_at` / `completed_at`. */
export function unixSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}
