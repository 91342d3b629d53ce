import { createHash } from 'node:crypto';
import { composeReply, type Verbosity } from '../../src/engine/prose/compose';
import { analyzePrompt } from '../../src/engine/prose/prompt-analysis';
import { Rng } from '../../src/random';

const PROMPTS = [
  'Tell me a three sentence bedtime story about a unicorn.',
  'Hello!',
  'What is the weather like in Boston today?',
  'Give me 5 tips for learning TypeScript',
  'Explain how photosynthesis works',
  'How much wood would a woodchuck chuck?',
  'Summarize the history of the printing press',
  '',
];

describe('prompt analysis', () => {
  test.each([
    ['Hello!', 'greeting'],
    ['Tell me a bedtime story about a dragon', 'story'],
    ['List five ideas for a birthday party', 'list'],
    ['Why is the sky blue?', 'question'],
    ['Describe the water cycle.', 'explain'],
  ])('%s → %s', (prompt, intent) => expect(analyzePrompt(prompt).intent).toBe(intent));

  test('topics, keywords and requested counts come from the prompt', () => {
    expect(analyzePrompt('Tell me a three sentence bedtime story about a unicorn.')).toMatchObject({ topic: 'a unicorn', requestedCount: 3 });
    expect(analyzePrompt('What is the weather like in Boston today?').topic).toBe('the weather in Boston');
    expect(analyzePrompt('Give me 5 tips for learning TypeScript')).toMatchObject({ topic: 'learning TypeScript', requestedCount: 5 });
    expect(analyzePrompt('Compare Paris and Berlin').keywords).toEqual(['compare', 'Paris', 'Berlin']);
  });
});

describe('synthesised prose', () => {
  test('is deterministic for a seed and prompt', () => {
    for (const p of PROMPTS) expect(composeReply(p, 'medium', new Rng(11))).toBe(composeReply(p, 'medium', new Rng(11)));
  });

  test('different prompts and different seeds give different answers', () => {
    const answers = new Set(PROMPTS.map((p) => composeReply(p, 'medium', new Rng(11))));
    expect(answers.size).toBe(PROMPTS.length);
    const bySeed = new Set(Array.from({ length: 20 }, (_, s) => composeReply('Explain how photosynthesis works', 'medium', new Rng(s))));
    expect(bySeed.size).toBeGreaterThanOrEqual(15);
  });

  test('reads as English prose about the prompt: no placeholders, no lorem ipsum, topic words echoed', () => {
    for (let seed = 0; seed < 50; seed++) {
      for (const p of PROMPTS) {
        const text = composeReply(p, 'high', new Rng(seed));
        expect(text).not.toMatch(/\{|\}|lorem|ipsum|undefined|null/i);
        expect(text).toMatch(/^[A-Z0-9"*]/);
        expect(text).toMatch(/[.!?:]$/);
      }
      expect(composeReply('Explain how photosynthesis works', 'medium', new Rng(seed))).toContain('photosynthesis');
      expect(composeReply('Tell me a story about a dragon', 'medium', new Rng(seed))).toContain('dragon');
    }
  });

  test('honours requested counts: a three-sentence story has three sentences, five tips have five items', () => {
    const story = composeReply('Tell me a three sentence bedtime story about a unicorn.', 'high', new Rng(3));
    expect(story.split(/(?<=[.!?])\s+/)).toHaveLength(3);
    const tips = composeReply('Give me 5 tips for learning TypeScript', 'medium', new Rng(3));
    expect(tips.match(/^\d+\. /gm)).toHaveLength(5);
  });

  test('verbosity scales length', () => {
    const avg = (v: 'low' | 'medium' | 'high') =>
      Array.from({ length: 30 }, (_, s) => composeReply('Explain how photosynthesis works', v, new Rng(s)).length).reduce((a, b) => a + b) / 30;
    expect(avg('low')).toBeLessThan(avg('medium'));
    expect(avg('medium')).toBeLessThan(avg('high'));
  });
});

describe('synthesised prose, pinned', () => {
  // Every reply byte is a function of seed and prompt: the texts of many prompts (slots, braces typed
  // by the user, several keywords, every intent), verbosities and seeds, pinned by their digest as
  // the regex-replacing filler wrote them.
  const PINNED = ['How do tides work?', 'Hello!', 'Tell me a story about a dragon', 'Tell me a three sentence bedtime story about a unicorn.', 'Give me 5 tips for learning TypeScript', 'List ideas for a birthday party', 'Explain how photosynthesis works', 'Why is the sky blue?', 'Compare Paris and Berlin and Rome', 'Describe the water cycle.', 'What is {t} {a} {k} in braces?', '', 'x', 'Résumé naïve café', 'Write a story about {name} and {n}', 'List 7 reasons {a} matters', 'Tell me a story about the {T} of {p}'];

  test('the same texts as before, byte for byte', () => {
    const digest = createHash('sha256');
    for (const p of PINNED) for (const v of ['low', 'medium', 'high'] as Verbosity[]) for (let s = 0; s < 40; s++) digest.update(`${composeReply(p, v, new Rng(s))}\u0000`);
    expect(digest.digest('hex')).toBe('581bb7b23e011f9cc27e6f9b291849d726c9d85f9ca90fc26bd41dd56c1b131d');
  });
});
