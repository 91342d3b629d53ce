/**
 * Regular expressions from outside the emulator (JSON Schema `pattern`s, fixture matchers, Lark
 * terminals) run on RE2JS, a linear-time engine: `^(a+)+$` against any text takes time in proportion
 * to its length, never the exponential backtracking of JavaScript's own RegExp. RE2 has no
 * lookarounds or backreferences (the constructs that make backtracking unavoidable); a pattern using
 * them is refused with an UnsupportedPattern naming why, as is one whose counted repeats multiply
 * past MAX_REPEAT_PRODUCT (a value generated from it would be that long).
 */
import type { RE2JS } from 're2js';

/** RE2JS (260 kB) is loaded with the first pattern: a plain request, and a start, use none. */
let re2: typeof RE2JS | null = null;
function engine(): typeof RE2JS {
  return (re2 ??= (require('re2js') as typeof import('re2js')).RE2JS);
}

export class UnsupportedPattern extends Error {}

/** The part of RegExp the emulator needs; `toString` gives `/source/flags` (Ajv keys its regex cache on it). */
export interface LinearRegex {
  readonly source: string;
  readonly flags: string;
  test(text: string): boolean;
  toString(): string;
}

/** Longest pattern accepted. */
export const MAX_PATTERN_LENGTH = 4096;
/** `{n}` / `{n,m}` counts multiply when nested or chained; their product is capped (RE2 caps each count at 1,000). */
export const MAX_REPEAT_PRODUCT = 10_000;

const compiled = new Map<string, LinearRegex>();
const MAX_COMPILED = 512;

/** Compiles `source` (JavaScript syntax) for RE2JS; throws UnsupportedPattern with a readable reason. */
export function linearRegex(source: string, flags = ''): LinearRegex {
  const key = `${flags}/${source}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  if (source.length > MAX_PATTERN_LENGTH) throw new UnsupportedPattern(`the pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  const product = repeatProduct(source);
  if (product > MAX_REPEAT_PRODUCT) throw new UnsupportedPattern(`the pattern's counted repeats ask for more than ${MAX_REPEAT_PRODUCT} repetitions`);
  let re: RE2JS;
  try {
    re = engine().compile(toRe2Syntax(source), re2Flags(flags));
  } catch (err) {
    throw new UnsupportedPattern(explain((err as Error).message));
  }
  const regex: LinearRegex = {
    source,
    flags,
    test: (text) => re.matcher(text).find(),
    toString: () => `/${source}/${flags}`,
  };
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, regex);
  return regex;
}

/** Whether `text` matches all of `source` (as `^(?:source)$`), or null when the pattern is one RE2 cannot run. */
export function fullMatchOrNull(source: string, flags: string, text: string): boolean | null {
  try {
    return linearRegex(`^(?:${source})$`, flags.replace(/m/g, '')).test(text);
  } catch (err) {
    if (err instanceof UnsupportedPattern) return null;
    throw err;
  }
}

/** The product of the counts of every `{n}` / `{n,m}` / `{n,}` in the pattern (the largest of n and m each). */
export function repeatProduct(source: string): number {
  let product = 1;
  for (const m of source.matchAll(/(?<!\\)\{(\d+)(?:,(\d*))?\}/g)) {
    product *= Math.max(1, Number(m[1]), Number(m[2] || 0));
    if (product > Number.MAX_SAFE_INTEGER) return Infinity;
  }
  return product;
}

function re2Flags(flags: string): number {
  let mask = 0;
  for (const f of flags) {
    if (f === 'i') mask |= engine().CASE_INSENSITIVE;
    else if (f === 'm') mask |= engine().MULTILINE;
    else if (f === 's') mask |= engine().DOTALL;
    else if (!'guyd'.includes(f)) throw new UnsupportedPattern(`unknown regular expression flag '${f}'`);
  }
  return mask;
}

/** JavaScript escapes RE2 spells differently: `\uXXXX` and `\u{X…}` are `\x{…}`; `[^]` (any character) is `[\s\S]`. */
function toRe2Syntax(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const rest = source.slice(i + 1);
      const braced = /^u\{([0-9a-fA-F]{1,6})\}/.exec(rest);
      const four = /^u([0-9a-fA-F]{4})/.exec(rest);
      const m = braced ?? four;
      if (m) {
        out += `\\x{${m[1]}}`;
        i += m[0].length;
      } else {
        out += source.slice(i, i + 2);
        i++;
      }
    } else if (source.startsWith('[^]', i)) {
      out += '[\\s\\S]';
      i += 2;
    } else out += c;
  }
  return out;
}

function explain(message: string): string {
  const reason = message.replace(/^error parsing regexp: /, '');
  if (/\(\?(=|!|<=|<!)/.test(reason) || /invalid escape sequence: `\\[1-9k]/.test(reason)) {
    return `${reason} (lookarounds and backreferences are not supported: patterns run on a linear-time engine)`;
  }
  return reason;
}
