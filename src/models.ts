/**
 * What the emulator knows about model names: which tokenizer counts their tokens, which ones reason,
 * and the catalogue served by GET /models. Any model name is accepted by POST /responses; names that
 * are not listed here use o200k_base and no reasoning.
 */

export type EncodingName = 'o200k_base' | 'cl100k_base';

/** cl100k_base for the GPT-4 (non-"o") and GPT-3.5 generations; o200k_base for everything newer. */
export function encodingForModel(model: string): EncodingName {
  const m = model.toLowerCase().replace(/^ft:/, '');
  if (/^gpt-4o|^gpt-4\.1|^gpt-4\.5/.test(m)) return 'o200k_base';
  if (/^gpt-4|^gpt-3\.5|^text-embedding|^davinci|^babbage/.test(m)) return 'cl100k_base';
  return 'o200k_base';
}

/** Models that produce reasoning items and reasoning tokens: the o-series and the GPT-5 family (not its chat variants). */
export function isReasoningModel(model: string): boolean {
  const m = model.toLowerCase().replace(/^ft:/, '');
  if (/^o\d/.test(m) || /deep-research/.test(m) || /^codex/.test(m) || /^gpt-oss/.test(m)) return true;
  if (/^gpt-5/.test(m)) return !/chat/.test(m);
  return false;
}

export interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** Served by GET /models. `created` values are fixed so the list is byte-stable. */
export const MODEL_CATALOG: readonly ModelObject[] = [
  ['gpt-5.4', 1772064000],
  ['gpt-5.4-mini', 1773705600],
  ['gpt-5.4-nano', 1773705600],
  ['gpt-5.2', 1765411200],
  ['gpt-5.1', 1762992000],
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
export function contextWindow(model: string): number | null {
  const m = model.toLowerCase().replace(/^ft:/, '').replace(/:.*$/, '');
  for (const [pattern, tokens] of CONTEXT_WINDOWS) if (pattern.test(m)) return tokens;
  return null;
}
