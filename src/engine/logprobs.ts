/**
 * Deterministic log probabilities for `include: ["message.output_text.logprobs"]`: one entry per
 * token of the text (so stream deltas can carry theirs), each with `top_logprobs` alternatives —
 * the chosen token first, then other tokens with lower log probabilities.
 */
import type { Logprob, TopLogprob } from '../canonical/items';
import type { Rng } from '../random';
import type { Tokenizer } from '../tokenizer';

/** Frequent English tokens to draw alternatives from. */
const ALTERNATIVES = [' the', ' a', ' and', ' to', ' of', ' in', ' is', ' that', ' it', ',', '.', ' for', ' on', ' with', ' as', ' this', ' be', ' are', ' I', ' you'];

export function logprobsFor(tokenizer: Tokenizer, text: string, topLogprobs: number, rng: Rng): Logprob[] {
  return tokenizer.encode(text).map((id) => {
    const token = tokenizer.decode([id]);
    const logprob = -round(rng.chance(0.8) ? rng.float() * 0.4 : 0.4 + rng.float() * 2.6);
    const top: TopLogprob[] = [];
    if (topLogprobs > 0) top.push(entry(token, logprob));
    let next = logprob;
    for (const alt of shuffled(ALTERNATIVES, rng)) {
      if (top.length >= topLogprobs) break;
      if (alt === token) continue;
      next = -round(-next + 0.5 + rng.float() * 2.5);
      top.push(entry(alt, next));
    }
    return { ...entry(token, logprob), top_logprobs: top };
  });
}

function entry(token: string, logprob: number): TopLogprob {
  return { token, logprob, bytes: [...Buffer.from(token, 'utf8')] };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
