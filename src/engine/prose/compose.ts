/**
 * Seeded English prose: the zero-configuration answer. The reply's kind follows the prompt
 * (greeting, story, list, question, explanation), its words echo the prompt's topic, and its length
 * follows `text.verbosity`. Every choice is drawn from the given Rng, so the same seed and prompt
 * always produce the same text.
 */
import type { Rng } from '../../random';
import { analyzePrompt, type PromptAnalysis } from './prompt-analysis';
import * as P from './phrases';

export type Verbosity = 'low' | 'medium' | 'high';

export function composeReply(prompt: string, verbosity: Verbosity, rng: Rng): string {
  const analysis = analyzePrompt(prompt);
  const fill = slotFiller(analysis, rng);
  switch (analysis.intent) {
    case 'greeting':
      return composeGreeting(verbosity, rng);
    case 'story':
      return composeStory(analysis, verbosity, rng, fill);
    case 'list':
      return composeList(analysis, verbosity, rng, fill);
    case 'question':
      return composeProse(P.ANSWER_OPENERS, analysis, verbosity, rng, fill);
    default:
      return composeProse(P.EXPLAIN_OPENERS, analysis, verbosity, rng, fill);
  }
}

function sentenceBudget(verbosity: Verbosity, rng: Rng): number {
  if (verbosity === 'low') return rng.int(1, 2);
  if (verbosity === 'high') return rng.int(6, 9);
  return rng.int(3, 5);
}

function composeGreeting(verbosity: Verbosity, rng: Rng): string {
  const greeting = rng.pick(P.GREETINGS);
  return verbosity === 'low' ? greeting : `${greeting} ${rng.pick(P.GREETING_FOLLOW_UPS)}`;
}

function composeProse(openers: readonly string[], a: PromptAnalysis, verbosity: Verbosity, rng: Rng, fill: Fill): string {
  const total = a.requestedCount ?? sentenceBudget(verbosity, rng);
  const sentences = [fill(rng.pick(openers))];
  const body = drawDistinct(P.BODY_SENTENCES, Math.max(0, total - 2), rng);
  for (const s of body) sentences.push(fill(s));
  if (total >= 2) sentences.push(fill(rng.pick(P.CLOSERS)));
  return paragraphs(sentences.slice(0, total), rng);
}

function composeStory(a: PromptAnalysis, verbosity: Verbosity, rng: Rng, fill: Fill): string {
  const total = Math.max(a.requestedCount ?? (verbosity === 'low' ? 3 : verbosity === 'high' ? rng.int(7, 9) : rng.int(4, 6)), 1);
  if (total === 1) return fill(rng.pick(P.STORY_BEATS.ending));
  const middle = drawDistinct(P.STORY_BEATS.middle, Math.max(0, total - 2), rng);
  const sentences = [rng.pick(P.STORY_BEATS.opening), ...middle, rng.pick(P.STORY_BEATS.ending)].map(fill);
  return paragraphs(sentences.slice(0, total), rng);
}

function composeList(a: PromptAnalysis, verbosity: Verbosity, rng: Rng, fill: Fill): string {
  const count = a.requestedCount ?? (verbosity === 'low' ? 3 : verbosity === 'high' ? rng.int(6, 8) : rng.int(4, 5));
  const items = drawDistinct(P.LIST_ITEMS, Math.min(count, P.LIST_ITEMS.length), rng);
  const lines = items.map(([title, detail], i) => `${i + 1}. **${title}.** ${fill(detail)}`);
  const parts = [fill(rng.pick(P.LIST_INTROS)), lines.join('\n')];
  if (verbosity !== 'low') parts.push(rng.pick(P.LIST_CLOSERS));
  return parts.join('\n\n');
}

type Fill = (template: string) => string;

/** Fills a template's slots; each slot occurrence draws afresh except the story's name, creature and place. */
function slotFiller(a: PromptAnalysis, rng: Rng): Fill {
  const topic = a.topic ?? a.keywords[0] ?? 'this topic';
  const keywords = a.keywords.length > 0 ? a.keywords : ['this', 'it'];
  const name = rng.pick(P.NAMES);
  const creature = a.intent === 'story' && a.keywords.length > 0 ? singularNoun(a) : rng.pick(P.CREATURES);
  const place = rng.pick(P.PLACES);
  const keyword = (): string => (a.keywords.length > 0 ? rng.pick(keywords) : 'this topic');
  // The keywords other than each drawn one, made once per keyword (the draw only reads the list).
  const others = new Map<string, string[]>();
  const othersThan = (k: string): string[] => {
    let list = others.get(k);
    if (list === undefined) others.set(k, (list = keywords.filter((w) => w !== k)));
    return list;
  };
  const fixed: Record<FixedSlot, string> = { T: capitalize(topic), t: topic, k2: '', k: '', name, c: creature, p: place };
  return (template) => {
    const k = keyword();
    const k2 = a.keywords.length > 1 ? rng.pick(othersThan(k)) : 'the surrounding context';
    // No slot: nothing below would draw or replace anything.
    if (!template.includes('{')) return capitalize(template);
    fixed.k = k;
    fixed.k2 = k2;
    const { texts, slots } = parsedTemplate(template);
    // Adjectives, then nouns, are drawn in the order they appear; the prompt's own words go in last,
    // so braces a user typed are never read as slots (the same draws and text as replacing
    // `{a}`, then `{n}`, then the other slots, one pass each).
    const values: string[] = new Array<string>(slots.length);
    for (let i = 0; i < slots.length; i++) if (slots[i] === 'a') values[i] = rng.pick(P.ADJECTIVES);
    for (let i = 0; i < slots.length; i++) if (slots[i] === 'n') values[i] = rng.pick(P.NOUNS);
    let filled = texts[0];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      filled += (slot === 'a' || slot === 'n' ? values[i] : fixed[slot]) + texts[i + 1];
    }
    return capitalize(filled);
  };
}

type FixedSlot = 'T' | 't' | 'k2' | 'k' | 'name' | 'c' | 'p';
type Slot = 'a' | 'n' | FixedSlot;

/** A template cut at its slots: `texts[0] slots[0] texts[1] … slots[n-1] texts[n]`. */
interface ParsedTemplate {
  texts: string[];
  slots: Slot[];
}

/**
 * Templates cut once each (they are the phrase lists' constants: a few dozen), rather than scanned
 * by three regular expressions per sentence. Bounded all the same, should a caller fill other text.
 */
const PARSED = new Map<string, ParsedTemplate>();
const MAX_PARSED = 1000;
const SLOT = /\{(a|n|T|t|k2|k|name|c|p)\}/g;

function parsedTemplate(template: string): ParsedTemplate {
  let parsed = PARSED.get(template);
  if (parsed !== undefined) return parsed;
  parsed = { texts: [], slots: [] };
  let from = 0;
  for (const match of template.matchAll(SLOT)) {
    parsed.texts.push(template.slice(from, match.index));
    parsed.slots.push(match[1] as Slot);
    from = match.index + match[0].length;
  }
  parsed.texts.push(template.slice(from));
  if (PARSED.size < MAX_PARSED) PARSED.set(template, parsed);
  return parsed;
}

/** The story's hero: the prompt's creature if it names one ("a unicorn"), else its first keyword. */
function singularNoun(a: PromptAnalysis): string {
  const topic = a.topic?.replace(/^(a|an|the)\s+/i, '').split(/\s+/).pop();
  return (topic && topic.length >= 3 ? topic : a.keywords[a.keywords.length - 1]).toLowerCase();
}

function drawDistinct<T>(pool: readonly T[], count: number, rng: Rng): T[] {
  const indexes = pool.map((_, i) => i);
  const out: T[] = [];
  for (let i = 0; i < count && indexes.length > 0; i++) {
    const j = rng.int(0, indexes.length - 1);
    out.push(pool[indexes[j]]);
    indexes.splice(j, 1);
  }
  return out;
}

/** Longer answers read better in two or three paragraphs. */
function paragraphs(sentences: string[], rng: Rng): string {
  if (sentences.length < 6) return sentences.join(' ');
  const cut = rng.int(2, sentences.length - 3);
  return `${sentences.slice(0, cut).join(' ')}\n\n${sentences.slice(cut).join(' ')}`;
}

function capitalize(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}
