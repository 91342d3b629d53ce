/**
 * A cut inside a character leaves nothing behind: gpt-tokenizer decodes through one streaming
 * TextDecoder shared by the process, so the bytes of a character that a `max_output_tokens` cut split
 * used to begin the next decode anywhere (another request's deltas started with U+FFFD).
 */
import { OutputBudget } from '../../src/engine/output-budget';
import { tokenizerFor } from '../../src/tokenizer';

test.each(['o200k_base', 'cl100k_base'] as const)('%s: a prefix ending inside an emoji is decoded without it, and the next decode is clean', (encoding) => {
  const tokenizer = tokenizerFor(encoding);
  const unicorn = tokenizer.encode('🦄');
  expect(unicorn.length).toBeGreaterThan(1); // the emoji is split over tokens, so a cut can fall inside it
  expect(tokenizer.decodePrefix(unicorn.slice(0, 1))).toBe('');
  expect(tokenizer.decode(tokenizer.encode('🐙 octopus'))).toBe('🐙 octopus');
});

test('a budget cut inside a character does not change what the next request decodes', () => {
  const tokenizer = tokenizerFor('o200k_base');
  const text = 'ok 🦄';
  const tokens = tokenizer.encode(text);
  // The emoji spans the last tokens: a budget one token short cuts inside it.
  const budget = new OutputBudget(tokenizer, tokens.length - 1);
  const taken = budget.take(text);
  expect(taken).toEqual({ text: tokenizer.decode(tokenizer.encode('ok ')).slice(0, taken.text.length), cut: true });
  expect(text.startsWith(taken.text) && !taken.text.includes('\uFFFD')).toBe(true);
  expect(tokenizer.decode(tokenizer.encode('🐙'))).toBe('🐙');
});
