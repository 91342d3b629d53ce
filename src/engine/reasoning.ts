/**
 * Reasoning: for reasoning models (o-series, GPT-5 family) or when a `reasoning` parameter asks for
 * it, a `reasoning` item comes before the answer. Its hidden reasoning tokens are drawn, seeded, from
 * a range that grows with `effort`, and count in `output_tokens`. With `reasoning.summary` set it
 * carries summary parts; with `include: ["reasoning.encrypted_content"]` an opaque encrypted_content
 * (which later turns accept back as input).
 */
import type { ReasoningItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';
import type { IdFactory } from '../ids';
import { defaultReasoningEffort } from '../models';
import type { Rng } from '../random';
import { analyzePrompt } from './prose/prompt-analysis';

/** Hidden reasoning tokens per effort level: [min, max]. */
export const REASONING_TOKENS: Readonly<Record<string, readonly [number, number]>> = {
  minimal: [16, 96],
  low: [64, 384],
  medium: [256, 1536],
  high: [1024, 4096],
  xhigh: [2048, 8192],
  max: [4096, 16384],
};

export interface ReasoningPlan {
  item: ReasoningItem;
  tokens: number;
}

export function effortFor(request: CanonicalRequest): string | null {
  const given = request.reasoning?.effort ?? null;
  if (given) return given === 'none' ? null : given;
  if (request.reasoning && (request.reasoning.summary ?? null) !== null) return 'medium';
  const fallback = defaultReasoningEffort(request.model);
  return fallback === 'none' ? null : fallback;
}

export function planReasoning(request: CanonicalRequest, prompt: string, rng: Rng, ids: IdFactory): ReasoningPlan | null {
  if (!effortFor(request)) return null;
  return reasoningFor(request, prompt, rng, ids);
}

/**
 * A reasoning item as the model writes it for this request, whatever the model (a fixture may pin
 * reasoning on any model). What is given — a fixture's hidden token count or summary — replaces what
 * would be drawn; the draws happen all the same, so everything else matches what synthesis says.
 */
export function reasoningFor(request: CanonicalRequest, prompt: string, rng: Rng, ids: IdFactory, given: { tokens?: number; summary?: readonly string[] } = {}): ReasoningPlan {
  const [min, max] = REASONING_TOKENS[effortFor(request) ?? 'medium'] ?? REASONING_TOKENS.medium;
  const drawn = rng.int(min, max);
  const tokens = given.tokens ?? drawn;
  // Field order as in 2026 traffic: id, type, content (empty unless the model shows its raw reasoning), encrypted_content, summary.
  const item = { id: ids.next('reasoning'), type: 'reasoning', content: [] } as unknown as ReasoningItem;
  // A summary only when one is asked for, as the API answers (a fixture's summary is what is shown then).
  const mode = request.reasoning?.summary ?? null;
  const summary = given.summary && mode !== null ? given.summary.map((text) => ({ type: 'summary_text' as const, text })) : summaryParts(mode, prompt, rng);
  if (request.include.includes('reasoning.encrypted_content')) item.encrypted_content = encryptedReasoning(rng, tokens);
  item.summary = summary;
  // Drawn last, so other models' answers are unchanged by it.
  if (exposesRawReasoning(request.model)) item.content = [{ type: 'reasoning_text', text: rawReasoning(prompt, rng) }];
  return { item, tokens };
}

/** What `include: ["reasoning.encrypted_content"]` adds: a blob that grows with the hidden tokens. */
export function encryptedReasoning(rng: Rng, tokens: number): string {
  return opaqueBlob(rng, 96 + Math.min(tokens, 4000) / 8);
}

const TITLES = ['Considering {t}', 'Analyzing {t}', 'Thinking through {t}', 'Breaking down {t}', 'Clarifying {t}'];
const SUMMARIES = [
  "I'm working out what the user really wants to know about {t} and which details matter most.",
  'I should start from the basics of {t}, then check the edge cases before answering.',
  "I'm weighing a couple of ways to explain {t} and choosing the clearest one.",
  'Before answering, I want to make sure the key facts about {t} line up.',
  "I'm organizing the answer about {t} into a short, logical sequence.",
];

function summaryParts(mode: string | null, prompt: string, rng: Rng): { type: 'summary_text'; text: string }[] {
  if (mode === null) return [];
  const a = analyzePrompt(prompt);
  const topic = a.topic ?? a.keywords[0] ?? 'the request';
  const count = mode === 'concise' ? 1 : mode === 'detailed' ? rng.int(2, 4) : rng.int(1, 2);
  const parts: { type: 'summary_text'; text: string }[] = [];
  for (let i = 0; i < count; i++) {
    const title = rng.pick(TITLES).replace('{t}', topic);
    const body = rng.pick(SUMMARIES).replace('{t}', topic);
    parts.push({ type: 'summary_text', text: `**${title[0].toUpperCase()}${title.slice(1)}**\n\n${body}` });
  }
  return parts;
}

/** Open-weight models (gpt-oss) show their raw chain of thought as `reasoning_text` content. */
export function exposesRawReasoning(model: string): boolean {
  return /^gpt-oss/i.test(model);
}

/** A few plain thoughts about the prompt's topic (what `reasoning_text` streams). */
function rawReasoning(prompt: string, rng: Rng): string {
  const a = analyzePrompt(prompt);
  const topic = a.topic ?? a.keywords[0] ?? 'the request';
  const count = rng.int(2, 3);
  const thoughts: string[] = [];
  for (let i = 0; i < count; i++) thoughts.push(rng.pick(SUMMARIES).replace('{t}', topic));
  return thoughts.join(' ');
}

/** Looks like the API's encrypted reasoning (a Fernet-style token); carries nothing. */
export function opaqueBlob(rng: Rng, bytes: number): string {
  const buf = Buffer.alloc(Math.round(bytes));
  for (let i = 0; i < buf.length; i++) buf[i] = rng.int(0, 255);
  return 'gAAAAA' + buf.toString('base64url');
}
