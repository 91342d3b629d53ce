/**
 * Values a request "talks about", for filling generated arguments and structured outputs with what
 * the user asked for: "weather in Boston" → `{"location": "Boston"}`. Collected from the latest user
 * message (places, names, dates, numbers, emails, URLs, quoted text, topic words) and from tool
 * outputs already in the conversation (their JSON fields).
 */
import { analyzePrompt, endsSentence, MAX_ANALYZED_CHARS } from './prose/prompt-analysis';

export interface PromptValues {
  /** The whole prompt, trimmed. */
  text: string;
  topic: string | null;
  keywords: string[];
  /** Capitalised phrases after "in/at/to/from/near…" first, then any other capitalised phrase. */
  places: string[];
  /** Capitalised phrases that are not places named after a preposition: likely people or things. */
  names: string[];
  properNouns: string[];
  dates: string[];
  numbers: number[];
  emails: string[];
  urls: string[];
  quoted: string[];
  /** Flattened fields of JSON tool outputs, by lower-cased key. */
  fields: Map<string, unknown>;
  /** The clock's year (UTC): generated dates and years are near it. */
  year: number;
}

/** The year used when no clock is given (unit tests, tools that fake values outside a request). */
export const DEFAULT_YEAR = 2026;

const WEEKDAYS_AND_MONTHS = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|I|I'm|I'd|I'll|What|How|Why|When|Where|Who|Which|Can|Could|Should|Would|Please|Tell|Give|Show|Find|Get|List|Write|Make|Explain|Describe|Invite|Send|Book|Schedule|Email|Call|Create|Add|Remind|Plan|Order|Buy|Search|Look|Check|Compare|Summarize|Summarise|Translate|Draft|Set|Cancel|Update|Delete|Move|Meet|Let|Ask|Use|Run|Draw|Calculate|Compute|Extract|Open|Help|Please|Is|Are|Do|Does|The|A|An|And|Or|But|If|In|On|At|To|From|For|With|Hi|Hello|Hey|Thanks|Also|Then|Now|Today|Tomorrow|Yesterday|My|Our|Your|Their|This|That|These|Those)$/;

/** An e-mail address, with bounded parts so a long run of word characters cannot make it backtrack for ever. */
const EMAIL = /[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/g;
/** Addresses and URLs, whose parts ("joe", "com") would otherwise leak into the topic words. */
const ADDRESS = new RegExp(`${EMAIL.source}|https?:\\/\\/\\S+`, 'g');

export function extractPromptValues(prompt: string, toolOutputs: readonly unknown[] = [], year = DEFAULT_YEAR): PromptValues {
  const text = prompt.slice(0, MAX_ANALYZED_CHARS).trim();
  const analysis = analyzePrompt(text.replace(ADDRESS, ' '));
  const values: PromptValues = {
    text,
    topic: analysis.topic,
    keywords: analysis.keywords,
    places: [],
    names: [],
    properNouns: [],
    dates: text.match(/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g) ?? [],
    numbers: (text.match(/(?<![\w.-])-?\d+(?:\.\d+)?(?![\w-])/g) ?? []).map(Number).filter(Number.isFinite),
    emails: text.match(EMAIL) ?? [],
    urls: text.match(/https?:\/\/[^\s"'<>)]+/g) ?? [],
    quoted: [...text.matchAll(/["“']([^"”']{1,200})["”']/g)].map((m) => m[1]),
    fields: new Map(),
    year,
  };

  // Capitalised phrases ("San Francisco", "Boston, MA"), not counting ordinary sentence-starting words.
  // Capitalised phrases, with the word before them: "in Boston" is a place, "to Ada Lovelace" may be
  // a person or a place, "San Francisco, CA" is a place.
  const found: { phrase: string; marker: string }[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(/\b(in|at|to|from|near|for|of|about|around|visit|visiting|with|by)?\s{0,8}((?:[A-Z][\p{L}'’.-]*)(?:\s+(?:[A-Z][\p{L}'’.-]*))*(?:,\s*[A-Z]{2}\b)?)/gu)) {
    const words = m[2].replace(/[.'’]+$/, '').split(/\s+/).filter((w) => !WEEKDAYS_AND_MONTHS.test(w.replace(/,$/, '')));
    if (words.length === 0) continue;
    // A lone capitalised word opening a sentence is just a sentence start ("Email me…").
    const start = (m.index ?? 0) + m[0].indexOf(m[2]);
    if (words.length === 1 && !m[1] && endsSentence(text.slice(0, start))) continue;
    const phrase = words.join(' ');
    if (!seen.has(phrase)) {
      seen.add(phrase);
      found.push({ phrase, marker: (m[1] ?? '').toLowerCase() });
    }
  }
  const isPlace = (f: { phrase: string; marker: string }): boolean => /^(in|at|near|around|visit|visiting)$/.test(f.marker) || /,\s*[A-Z]{2}$/.test(f.phrase);
  const maybePlace = (f: { phrase: string; marker: string }): boolean => f.marker === 'to' || f.marker === 'from';
  const maybePerson = (f: { phrase: string; marker: string }): boolean => /^(to|for|with|by|from)$/.test(f.marker);
  values.properNouns = found.map((f) => f.phrase);
  values.places = [...found.filter(isPlace), ...found.filter((f) => !isPlace(f) && maybePlace(f)), ...found.filter((f) => !isPlace(f) && !maybePlace(f))].map((f) => f.phrase);
  values.names = [...found.filter((f) => !isPlace(f) && maybePerson(f)), ...found.filter((f) => !isPlace(f) && !maybePerson(f) && !f.marker)].map((f) => f.phrase);

  for (const output of toolOutputs) collectFields(parseMaybeJson(output), values.fields);
  return values;
}

/** Tool outputs are usually JSON strings; anything else is kept as it is. */
export function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function collectFields(value: unknown, into: Map<string, unknown>, depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== null && typeof v === 'object') collectFields(v, into, depth + 1);
    else if (!into.has(k.toLowerCase())) into.set(k.toLowerCase(), v);
  }
}
