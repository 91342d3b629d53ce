/**
 * The timing model: when each stream event goes out. A background response first waits in the
 * queue (`queue`), then the time to first token (TTFT) passes before the first
 * output item, then each delta takes its tokens ÷ tokens-per-second, hidden reasoning takes its
 * reasoning tokens at the same rate, and built-in tool stages take a short pause; every delay is
 * scaled by a seeded jitter factor in [1 − jitter, 1 + jitter].
 *
 * Specs (CLI `--timing`, env, header `x-emulator-timing`): a preset name, `key=value` pairs, or both,
 * comma-separated: `realistic`, `ttft=300,tps=40`, `realistic,jitter=0`.
 */
import type { EventWeight } from '../model/stream-events';
import type { Rng } from '../random';

export interface TimingModel {
  /** Milliseconds a background response stays `queued` before it starts. */
  queueMs: number;
  /** Milliseconds before the first output item. */
  ttftMs: number;
  /** Output speed; 0 means no delay at all. */
  tokensPerSecond: number;
  /** Relative spread of every delay, 0–1. */
  jitter: number;
}

export const TIMING_PRESETS: Readonly<Record<string, TimingModel>> = {
  instant: { queueMs: 0, ttftMs: 0, tokensPerSecond: 0, jitter: 0 },
  realistic: { queueMs: 800, ttftMs: 450, tokensPerSecond: 60, jitter: 0.25 },
  slow: { queueMs: 3000, ttftMs: 2000, tokensPerSecond: 12, jitter: 0.3 },
};

/** Background responses, unless told otherwise: long enough to watch and cancel, short enough for CI. */
export const DEFAULT_BACKGROUND_TIMING = 'queue=100,ttft=150,tps=400';

/** A built-in tool stage (searching, generating…) lasts as long as this many tokens. */
export const TOOL_STAGE_TOKENS = 20;

export class TimingSpecError extends Error {}

export function parseTiming(spec: string, base: TimingModel = TIMING_PRESETS.instant): TimingModel {
  let model = { ...base };
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      const preset = TIMING_PRESETS[part];
      if (!preset) throw new TimingSpecError(`unknown timing preset '${part}' (known: ${Object.keys(TIMING_PRESETS).join(', ')})`);
      model = { ...preset };
      continue;
    }
    const key = part.slice(0, eq).trim();
    const value = Number(part.slice(eq + 1).trim());
    if (part.slice(eq + 1).trim() === '' || !Number.isFinite(value) || value < 0) {
      throw new TimingSpecError(`'${key}' must be a non-negative number, got '${part.slice(eq + 1)}'`);
    }
    switch (key) {
      case 'queue':
        if (value > 600_000) throw new TimingSpecError('queue must be at most 600000 ms');
        model.queueMs = value;
        break;
      case 'ttft':
        if (value > 600_000) throw new TimingSpecError('ttft must be at most 600000 ms');
        model.ttftMs = value;
        break;
      case 'tps':
        if (value > 1_000_000) throw new TimingSpecError('tps must be at most 1000000');
        model.tokensPerSecond = value;
        break;
      case 'jitter':
        if (value > 1) throw new TimingSpecError('jitter must be between 0 and 1');
        model.jitter = value;
        break;
      default:
        throw new TimingSpecError(`unknown timing key '${key}' (known: queue, ttft, tps, jitter)`);
    }
  }
  return model;
}

export function isInstant(model: TimingModel): boolean {
  return model.queueMs === 0 && model.ttftMs === 0 && model.tokensPerSecond === 0;
}

/** Milliseconds to wait before each event. */
export function eventDelays(weights: readonly EventWeight[], model: TimingModel, rng: Rng): number[] {
  const perToken = model.tokensPerSecond > 0 ? 1000 / model.tokensPerSecond : 0;
  const jittered = (ms: number): number => (ms <= 0 || model.jitter === 0 ? ms : ms * (1 + model.jitter * (2 * rng.float() - 1)));
  let firstTokenSent = false;
  return weights.map((w) => {
    switch (w.kind) {
      case 'queue':
        return jittered(model.queueMs);
      case 'first':
        return jittered(model.ttftMs);
      case 'delta': {
        // The first token arrives at TTFT: only the tokens after it take generation time.
        const tokens = firstTokenSent ? w.tokens : w.tokens - 1;
        firstTokenSent = true;
        return jittered(tokens * perToken);
      }
      case 'think':
        return jittered(w.tokens * perToken);
      case 'tool':
        return jittered(TOOL_STAGE_TOKENS * perToken);
      default:
        return 0;
    }
  });
}

/** Delays between recorded events, scaled: speed 2 halves them, speed 0 removes them. */
export function recordedDelays(events: readonly { t?: number }[], speed: number): number[] {
  let previous = 0;
  return events.map((e) => {
    const t = e.t ?? previous;
    const delay = speed > 0 ? Math.max(0, t - previous) / speed : 0;
    previous = t;
    return delay;
  });
}
