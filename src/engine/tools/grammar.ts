/**
 * Inputs for custom tools with a grammar (`format: {type: "grammar", syntax, definition}`): a random
 * but deterministic sentence of the grammar. `regex` definitions go to randexp; `lark` definitions
 * are read by ./lark (standard Lark syntax: aliases, modifiers, priorities, templates, imports from
 * `common`, %ignore…) and expanded with bounds, so a hostile grammar is a 400 `invalid_grammar`,
 * never a hang.
 */
import type { Rng } from '../../random';
import { GrammarError } from './lark/errors';
import type { GrammarHints } from './lark/generate';
import type { Measures } from './lark/measure';
import type { Grammar } from './lark/syntax';

/**
 * The grammar engine (parser, measures, generator: six modules) is loaded with the first grammar a
 * request carries, not at start: most requests have none.
 */
const lark = {
  generate: () => require('./lark/generate') as typeof import('./lark/generate'),
  measure: () => require('./lark/measure') as typeof import('./lark/measure'),
  syntax: () => require('./lark/syntax') as typeof import('./lark/syntax'),
  tokens: () => require('./lark/tokens') as typeof import('./lark/tokens'),
};

export { GrammarError, type GrammarHints };

interface ReadGrammar {
  grammar: Grammar;
  measures: Measures;
}

/** Grammars read recently, by definition: clients such as Codex send the same one on every request. */
const cache = new Map<string, ReadGrammar>();
const CACHE_SIZE = 32;

/** Reads and checks a Lark grammar; throws GrammarError with a precise reason when it cannot be used. */
export function readLark(definition: string): ReadGrammar {
  const hit = cache.get(definition);
  if (hit) return hit;
  const grammar = lark.syntax().parseLark(definition);
  const measures = new (lark.measure().Measures)(grammar);
  measures.checkStart();
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  const read = { grammar, measures };
  cache.set(definition, read);
  return read;
}

export function generateFromLark(definition: string, rng: Rng, hints?: GrammarHints): string {
  const { grammar, measures } = readLark(definition);
  return lark.generate().generateSentence(grammar, measures, rng, hints);
}

export function generateFromRegex(source: string, rng: Rng): string {
  try {
    new RegExp(source);
  } catch (err) {
    throw new GrammarError(`invalid regular expression: ${(err as Error).message}`);
  }
  lark.tokens().checkRepeats(source, source);
  return lark.generate().randomMatch(source, '', rng);
}
