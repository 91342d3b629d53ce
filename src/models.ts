/**
 * What the emulator knows about model names: which tokenizer counts their tokens, which ones reason,
 * and the catalogue served by GET /models. Any model name is accepted by POST /responses; names that
 * are not listed here use o200k_base and no reasoning.
 */

export type EncodingName = 'o200k_base' | 'cl100k_base';

/** cl100k_base for the GPT-4 (non-"o") and GPT-3.5 generations; o200k_base for everything newer. */
function encodingOf(model: string): EncodingName {
  const m = model.toLowerCase().replace(/^ft:/, '');
  if (/^gpt-4o|^gpt-4\.1|^gpt-4\.5/.test(m)) return 'o200k_base';
  if (/^gpt-4|^gpt-3\.5|^text-embedding|^davinci|^babbage/.test(m)) return 'cl100k_base';
  return 'o200k_base';
}

/** Models that produce reasoning items and reasoning tokens: the o-series and the GPT-5 family (not its chat variants). */
function reasonsOf(model: string): boolean {
  const m = model.toLowerCase().replace(/^ft:/, '');
  if (/^o\d/.test(m) || /deep-research/.test(m) || /^codex/.test(m) || /^gpt-oss/.test(m)) return true;
  if (/^gpt-5/.test(m)) return !/chat/.test(m);
  return false;
}

/**
 * Models whose assistant messages carry `phase` (`commentary` before tool calls, `final_answer` for
 * the answer): gpt-5.3-codex and later codex models, gpt-5.5 and later (the spec's MessagePhase names
 * "gpt-5.3-codex and beyond"; captured traffic shows it on gpt-5.3-codex, gpt-5.5 and gpt-5.6).
 */
function messagePhaseOf(model: string): boolean {
  const v = gptVersion(model);
  if (!v || v.minor === null) return false;
  if (v.major > 5) return true;
  return v.major === 5 && (v.codex ? v.minor >= 3 : v.minor >= 5);
}

/** `gpt-<major>[.<minor>][-codex…]` read from a model name (fine-tuned `ft:` names by their base); null for other families. */
function gptVersion(model: string): { major: number; minor: number | null; codex: boolean } | null {
  const m = /^gpt-(\d+)(?:\.(\d+))?(-codex)?/.exec(model.toLowerCase().replace(/^ft:/, ''));
  return m ? { major: Number(m[1]), minor: m[2] === undefined ? null : Number(m[2]), codex: m[3] !== undefined } : null;
}

export interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** Served by GET /models. `created` values are fixed so the list is byte-stable. */
export const MODEL_CATALOG: readonly ModelObject[] = [
  ['gpt-5.6', 1782345600],
  ['gpt-5.5', 1776902400],
  ['gpt-5.5-pro', 1776902400],
  ['gpt-5.4', 1772064000],
  ['gpt-5.4-mini', 1773705600],
  ['gpt-5.4-nano', 1773705600],
  ['gpt-5.3-codex', 1770249600],
  ['gpt-5.2-codex', 1766016000],
  ['gpt-5.2', 1765411200],
  ['gpt-5.1-codex-max', 1763510400],
  ['gpt-5.1-codex', 1762992000],
  ['gpt-5.1-codex-mini', 1762992000],
  ['gpt-5.1', 1762992000],
  ['gpt-5-codex', 1757894400],
  ['gpt-5', 1754524800],
  ['gpt-5-mini', 1754524800],
  ['gpt-5-nano', 1754524800],
  ['gpt-5-chat-latest', 1754524800],
  ['gpt-4.1', 1744588800],
  ['gpt-4.1-mini', 1744588800],
  ['gpt-4.1-nano', 1744588800],
  ['gpt-4o', 1715367049],
  ['gpt-4o-mini', 1721172741],
  ['o4-mini', 1744761600],
  ['o3', 1744761600],
  ['o3-mini', 1738281600],
  ['o1', 1734393600],
  ['computer-use-preview', 1741651200],
  ['gpt-4-turbo', 1712361441],
  ['gpt-4', 1687882411],
  ['gpt-3.5-turbo', 1677610602],
].map(([id, created]) => ({ id: id as string, object: 'model' as const, created: created as number, owned_by: 'system' }));

export function findModel(id: string): ModelObject | undefined {
  return MODEL_CATALOG.find((m) => m.id === id);
}

/**
 * The dated snapshot the live API names in `model` when a request gives the alias, as recorded in
 * real traffic (test/traffic/corpus and the recordings it was built from). Echoed only with the
 * `modelSnapshots` option; names not listed here are echoed as given.
 */
export const MODEL_SNAPSHOTS: Readonly<Record<string, string>> = {
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'gpt-5-nano': 'gpt-5-nano-2025-08-07',
  'gpt-5-pro': 'gpt-5-pro-2025-10-06',
  'gpt-5.1': 'gpt-5.1-2025-11-13',
  'gpt-5.2': 'gpt-5.2-2025-12-11',
  'gpt-5.4': 'gpt-5.4-2026-03-05',
  'gpt-5.5': 'gpt-5.5-2026-04-23',
  'gpt-5.6': 'gpt-5.6-sol',
  o3: 'o3-2025-04-16',
  'o3-mini': 'o3-mini-2025-01-31',
  'o4-mini': 'o4-mini-2025-04-16',
  'computer-use-preview': 'computer-use-preview-2025-03-11',
};

export function snapshotName(model: string): string {
  return MODEL_SNAPSHOTS[model] ?? model;
}

/** gpt-5.5 and later: newer defaults for reasoning context and prompt caching. */
function isGpt55OrLater(model: string): boolean {
  const v = gptVersion(model);
  return v !== null && (v.major > 5 || (v.major === 5 && (v.minor ?? 0) >= 5));
}

/**
 * The effort a reasoning model uses when the request names none: `none` for gpt-5.1, gpt-5.2 and
 * gpt-5.4 (their chat-first defaults, as their echoes in real traffic show), `medium` for the others.
 */
function defaultEffortOf(model: string): string | null {
  if (!reasonsOf(model)) return null;
  return /^gpt-5\.[124](-mini|-nano)?(-\d{4}-\d{2}-\d{2})?$/i.test(model) ? 'none' : 'medium';
}

/** `reasoning.context` when not given (or `auto`): gpt-5.5 and later keep all turns' reasoning, older models the current turn's. */
export function defaultReasoningContext(model: string): string {
  return factsOf(model).gpt55OrLater ? 'all_turns' : 'current_turn';
}

/** `prompt_cache_retention` when not given: `24h` for gpt-5.5 and later, `in_memory` for older models. */
export function defaultPromptCacheRetention(model: string): string {
  return factsOf(model).gpt55OrLater ? '24h' : 'in_memory';
}

/**
 * Context windows (input + output tokens) as OpenAI's model pages state them; a request whose input
 * alone is larger gets the API's 400 `context_length_exceeded`, or with `truncation: "auto"` loses its
 * oldest items. Models not listed (custom and fine-tuned names aside from their base) are not limited.
 */
const CONTEXT_WINDOWS: readonly [RegExp, number][] = [
  [/^gpt-5\.4(-\d{4}-\d{2}-\d{2})?$/, 1_050_000],
  [/^gpt-5(\.\d+)?-chat/, 128_000],
  [/^gpt-5/, 400_000],
  [/^gpt-4\.1/, 1_047_576],
  [/^gpt-4o/, 128_000],
  [/^gpt-4-turbo/, 128_000],
  [/^gpt-4(-\d{4})?$/, 8_192],
  [/^gpt-3\.5-turbo/, 16_385],
  [/^o1-mini/, 128_000],
  [/^(o1|o3|o4-mini|o3-mini)/, 200_000],
  [/^computer-use-preview/, 8_192],
];

/** The model's context window in tokens, or null when the emulator does not know it. */
function contextWindowOf(model: string): number | null {
  const m = model.toLowerCase().replace(/^ft:/, '').replace(/:.*$/, '');
  for (const [pattern, tokens] of CONTEXT_WINDOWS) if (pattern.test(m)) return tokens;
  return null;
}

/**
 * What the emulator reads from a model name, worked out once per name. Each fact is a few regular
 * expressions over a lower-cased copy of the name, and a request asks for them a dozen times
 * (tokenizer, reasoning, phases, context window, the echoed defaults): a load test sending one model
 * paid ~2 KB of garbage and ~1% of its CPU time per request re-reading the same name.
 */
interface ModelFacts {
  encoding: EncodingName;
  reasoning: boolean;
  messagePhase: boolean;
  gpt55OrLater: boolean;
  defaultEffort: string | null;
  contextWindow: number | null;
}

/** Model names are the client's: the memory holds this many, of at most this length (longer ones are read each time). */
const MAX_REMEMBERED_MODELS = 1000;
const MAX_REMEMBERED_NAME = 200;
const FACTS = new Map<string, ModelFacts>();

function factsOf(model: string): ModelFacts {
  let facts = FACTS.get(model);
  if (facts !== undefined) return facts;
  facts = {
    encoding: encodingOf(model),
    reasoning: reasonsOf(model),
    messagePhase: messagePhaseOf(model),
    gpt55OrLater: isGpt55OrLater(model),
    defaultEffort: defaultEffortOf(model),
    contextWindow: contextWindowOf(model),
  };
  if (model.length <= MAX_REMEMBERED_NAME) {
    if (FACTS.size >= MAX_REMEMBERED_MODELS) FACTS.clear();
    FACTS.set(model, facts);
  }
  return facts;
}

/** cl100k_base for the GPT-4 (non-"o") and GPT-3.5 generations; o200k_base for everything newer. */
export function encodingForModel(model: string): EncodingName {
  return factsOf(model).encoding;
}

/** Models that produce reasoning items and reasoning tokens: the o-series and the GPT-5 family (not its chat variants). */
export function isReasoningModel(model: string): boolean {
  return factsOf(model).reasoning;
}

/** Models whose assistant messages carry `phase` (see messagePhaseOf). */
export function hasMessagePhase(model: string): boolean {
  return factsOf(model).messagePhase;
}

/** The effort a reasoning model uses when the request names none (see defaultEffortOf); null for other models. */
export function defaultReasoningEffort(model: string): string | null {
  return factsOf(model).defaultEffort;
}

/** The model's context window in tokens, or null when the emulator does not know it (see CONTEXT_WINDOWS). */
export function contextWindow(model: string): number | null {
  return factsOf(model).contextWindow;
}
