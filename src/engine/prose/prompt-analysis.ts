/**
 * Reads the latest user message the way a reply needs it: what kind of answer is asked for, what the
 * topic is, and which words of the prompt are worth echoing (so different prompts read differently).
 */
import { escapeRegExp } from '../../model/reg-exp';

export type Intent = 'greeting' | 'story' | 'list' | 'question' | 'explain';

export interface PromptAnalysis {
  intent: Intent;
  /** Content words in prompt order, proper nouns keeping their case. */
  keywords: string[];
  /** A noun phrase for the topic ("a unicorn", "the weather in Boston"), or null. */
  topic: string | null;
  /** A number the prompt asks for ("three sentences", "5 tips"), if any. */
  requestedCount: number | null;
}

const STOPWORDS = new Set(
  (
    'a an the and or but if then so of to in on at by for with about from into over under as is are was were be been being ' +
    'am do does did doing have has had having i me my we our you your he she it its they them their this that these those ' +
    'what which who whom whose when where why how can could should would will shall may might must please tell give show ' +
    'write make explain describe list let lets us some any all each every more most very just also not no yes there here ' +
    'hi hello hey thanks thank like get got know want need sentence sentences short long brief quick one two three four ' +
    'five six seven eight nine ten few several many much today now up out than too via per its whether story stories ' +
    'poem tips ideas steps ways reasons examples summary summarize summarise work works worked working use used using ' +
    'mean means happen happens happened go goes going think find help look looks say says'
  ).split(' '),
);

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/**
 * How much of a prompt the engine reads to shape its answer. A prompt of megabytes (pasted logs,
 * base64) is answered from its opening, so the work per request stays bounded whatever is sent.
 */
export const MAX_ANALYZED_CHARS = 20_000;

/** Does this text end a sentence (or is it empty)? — the start of what follows is a sentence start. */
export function endsSentence(prefix: string): boolean {
  if (prefix === '') return true;
  const trimmed = prefix.trimEnd();
  return trimmed !== '' && /[.!?]/.test(trimmed[trimmed.length - 1]);
}

/**
 * Analyses are remembered by prompt: the same prompt is analysed for the answer, the reasoning
 * summary and the tool values, and clients repeat prompts (a test suite re-running a scenario, a load
 * test). Bounded: prompts up to MAX_REMEMBERED_PROMPT characters, MAX_REMEMBERED_ANALYSES of them,
 * then the memory starts over. An analysis is frozen, as it is shared by everyone who asks.
 */
const MAX_REMEMBERED_PROMPT = 4_000;
const MAX_REMEMBERED_ANALYSES = 1_000;
const analyses = new Map<string, PromptAnalysis>();

export function analyzePrompt(prompt: string): PromptAnalysis {
  if (prompt.length > MAX_REMEMBERED_PROMPT) return analysed(prompt);
  let analysis = analyses.get(prompt);
  if (analysis === undefined) {
    if (analyses.size >= MAX_REMEMBERED_ANALYSES) analyses.clear();
    analysis = analysed(prompt);
    Object.freeze(analysis.keywords);
    // The key kept is a flat copy: a short prompt may be a slice of a request's megabytes of input,
    // and a sliced string keeps its whole parent alive.
    analyses.set(Buffer.from(prompt, 'utf16le').toString('utf16le'), Object.freeze(analysis));
  }
  return analysis;
}

function analysed(prompt: string): PromptAnalysis {
  const text = prompt.slice(0, MAX_ANALYZED_CHARS).trim();
  const lower = text.toLowerCase();
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];

  const keywords: string[] = [];
  for (const w of words) {
    const bare = w.replace(/['’]s$/i, '');
    const key = bare.toLowerCase();
    if (key.length < 3 || STOPWORDS.has(key) || /^\d+$/.test(key)) continue;
    if (!keywords.some((k) => k.toLowerCase() === key)) keywords.push(/^\p{Lu}/u.test(bare) && !isSentenceStart(text, w) ? bare : key);
    if (keywords.length === 6) break;
  }

  const countMatch = lower.match(/\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)[ -](?:sentence|line|tip|idea|step|way|reason|example|point|item|thing|bullet)s?\b/);
  const requestedCount = countMatch ? (NUMBER_WORDS[countMatch[1]] ?? Number(countMatch[1])) : null;

  return { intent: intentOf(lower, words.length), keywords, topic: topicOf(text, keywords), requestedCount };
}

function isSentenceStart(text: string, word: string): boolean {
  const i = text.indexOf(word);
  return i === 0 || endsSentence(text.slice(0, i));
}

function intentOf(lower: string, wordCount: number): Intent {
  if (wordCount <= 5 && /^(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening)|greetings)\b/.test(lower)) return 'greeting';
  if (/\b(story|tale|fable|bedtime|once upon)\b/.test(lower)) return 'story';
  if (/\b(list|tips|ideas|steps|ways|reasons|examples|bullet)\b/.test(lower)) return 'list';
  if (/\?\s*$/.test(lower) || /^(what|how|why|when|where|who|which|can|could|should|would|is|are|do|does|did|will)\b/.test(lower)) return 'question';
  return 'explain';
}

/** "…about X" / "…of X" / "…in X" phrases make the best topics; otherwise the first keyword. */
function topicOf(text: string, keywords: string[]): string | null {
  const about = text.match(/\b(?:about|regarding|on the topic of)\s+([^.?!,;:]{2,60})/i);
  if (about) return trimPhrase(about[1]);
  const like = text.match(/\b(?:is|are)\s+(the\s+[^.?!,;:]{2,50})/i);
  if (like) return trimPhrase(like[1]);
  if (keywords.length === 0) return null;
  // Two keywords written next to each other ("learning TypeScript") read as one phrase.
  const pair = keywords.length > 1 ? new RegExp(`\\b${escapeRegExp(keywords[0])}\\s+${escapeRegExp(keywords[1])}\\b`, 'i') : null;
  return pair?.test(text) ? `${keywords[0]} ${keywords[1]}` : keywords[0];
}


function trimPhrase(phrase: string): string {
  return phrase
    .replace(/\s+(today|now|please|right now|for me)$/i, '')
    .replace(/\s+like\b/i, '')
    .trim();
}
