/**
 * The words of a prompt and how strongly a function or custom tool is about them: by its name (named
 * outright, or a topical word of it) and by the first sentence of its description (what the tool
 * is; the rest of a long description is usage notes whose words say nothing about the prompt).
 * Built-in tools are chosen by their trigger words instead (src/engine/tools/kinds/).
 */
import type { Tool } from '../../canonical/request';

/** Score of a tool the prompt names outright. */
export const NAMED = 10;

/** A prompt, lower-cased and as a set of stemmed words. */
export interface PromptWords {
  lower: string;
  words: Set<string>;
}

/** Generic verbs in function names that say nothing about the topic ("get_weather" is about "weather"). */
const GENERIC_NAME_WORDS = new Set(['get', 'set', 'list', 'fetch', 'create', 'update', 'delete', 'find', 'make', 'do', 'run', 'call', 'tool', 'function', 'the', 'a', 'an', 'of', 'for', 'to', 'by', 'current', 'new', 'info', 'data']);
const DESCRIPTION_STOPWORDS = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'by', 'from', 'given', 'get', 'gets', 'returns', 'return', 'current', 'specified', 'provided', 'this', 'that', 'is', 'are', 'be', 'it', 'use', 'used', 'when', 'user', 'e.g.', 'eg', 'such', 'as', 'any', 'all']);

export function promptWords(prompt: string): PromptWords {
  return { lower: prompt.toLowerCase(), words: new Set(tokenize(prompt)) };
}

/** Relevance of a function or custom tool: NAMED when named outright, else name words (3 each) plus description words. */
export function nameRelevance(tool: Tool, { lower, words }: PromptWords): number {
  const name = String(tool.name ?? '');
  if (name && namesOutright(lower, name.toLowerCase())) return NAMED;
  const nameWords = splitName(name).filter((w) => !GENERIC_NAME_WORDS.has(w));
  const nameHits = nameWords.filter((w) => words.has(w)).length;
  const description = firstSentence(typeof tool.description === 'string' ? tool.description : '');
  const descWords = new Set(tokenize(description).filter((w) => !DESCRIPTION_STOPWORDS.has(w) && w.length > 2));
  const descHits = [...descWords].filter((w) => words.has(w)).length;
  if (nameHits > 0) return 3 * nameHits + descHits;
  return descHits >= 2 ? descHits : 0;
}

/**
 * Does `lower` contain `name` as a whole word (neither side touching a letter, digit or underscore)?
 * Every occurrence is tried, as a regular expression would; no RegExp is built per tool and request.
 */
function namesOutright(lower: string, name: string): boolean {
  for (let at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
    if (!isNameChar(lower.charCodeAt(at - 1)) && !isNameChar(lower.charCodeAt(at + name.length))) return true;
  }
  return false;
}

/** a–z, 0–9 or `_` (NaN, past either end of the text, is not). */
function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95;
}

/** Relevance by trigger words: how many appear (phrases as written, words by stem). */
export function triggerRelevance(triggers: readonly string[], { lower, words }: PromptWords): number {
  return triggers.filter((t) => (t.includes(' ') ? lower.includes(t) : words.has(stem(t)))).length;
}

/** What a tool is, from its description: the first sentence (or line), at most 200 characters. */
function firstSentence(description: string): string {
  const head = description.trim().slice(0, 200);
  return head.split(/(?<=[.!?])\s|\n/)[0];
}


function splitName(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(stem);
}

function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9'-]*/g) ?? []).map(stem);
}

/** A light plural/verb-form folding, so "files" meets "file" and "searching" meets "search". */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 3 && word.endsWith('es') && /(sh|ch|x|s)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
