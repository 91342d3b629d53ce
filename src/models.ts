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

/**
 * Models whose assistant messages carry `phase` (`commentary` before tool calls, `final_answer` for
 * the answer): gpt-5.3-codex and later codex models, gpt-5.5 and later (the spec's MessagePhase names
 * "gpt-5.3-codex and beyond"; captured traffic shows it on gpt-5.3-codex, gpt-5.5 and gpt-5.6).
 */
export function hasMessagePhase(model: string): boolean {
  const m = /^gpt-(\d+)\.(\d+)(-codex)?/.exec(model.toLowerCase().replace(/^ft:/, ''));
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major > 5) return true;
  return major === 5 && (m[3] ? minor >= 3 : minor >= 5);
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
