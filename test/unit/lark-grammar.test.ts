/**
 * Lark grammars of custom tools: standard syntax is read, every generated input is a sentence of
 * the grammar (checked by an Earley recognizer and, when installed, by the real Lark), Codex's own
 * apply_patch grammar gives patches Codex can apply, and hostile grammars are precise errors.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractPromptValues } from '../../src/engine/prompt-values';
import { generateFromLark, GrammarError, readLark } from '../../src/engine/tools/grammar';
import { grammarHints } from '../../src/engine/tools/grammar-hints';
import { Rng } from '../../src/random';
import { larkAccepts } from '../helpers/lark-recognizer';
import { describeWithRealLark, realLarkParse } from '../helpers/real-lark';

const CODEX_APPLY_PATCH = readFileSync(resolve(__dirname, '../data/codex/tool_apply_patch.lark'), 'utf8');

/** Grammars in standard Lark syntax, each exercising some of it. */
const GRAMMARS: Record<string, string> = {
  'aliases, ?rule and !rule, terminal priorities, %ignore': [
    'start: greeting+',
    '?greeting: "hello" NAME -> hello',
    '    | "bye"i NAME -> bye',
    '!punct: "!" | "?"',
    'NAME.2: /[a-z]+/i',
    '%import common.WS',
    '%ignore WS',
  ].join('\n'),
  'regex flags, ~ repeats and ranges, "a".."z", [x], * + ?': [
    'start: code "-" digits ("," word)* [suffix] tail? more+',
    'code: ("a".."f")~3',
    'digits: DIGIT~2..4',
    'word: /[A-Z]+/i',
    'suffix: "!"',
    'tail: "."',
    'more: ";" | "."',
    '%import common.DIGIT',
  ].join('\n'),
  'templates, priorities on rules, several imports, comments': [
    '// a list of key=value pairs, separated by commas',
    'start: _separated{pair, ","}',
    '# a template',
    '_separated{x, sep}: x (sep x)*   // its parameters are rules or terminals',
    'pair.1: CNAME "=" value',
    'value: SIGNED_NUMBER | ESCAPED_STRING | "true" | "false"',
    '%import common (CNAME, SIGNED_NUMBER, ESCAPED_STRING)',
  ].join('\n'),
  'import with rename, %declare-free terminals made of terminals, %extend, %override': [
    'start: item (NL item)* NL?',
    'item: KEY ":" VAL',
    'KEY: LETTER (LETTER | DIGIT)*',
    'VAL: INT | "none"',
    '%import common.NEWLINE -> NL',
    '%import common (LETTER, DIGIT, INT)',
    '%extend VAL: "all"',
    '%override item: KEY ":" " " VAL',
  ].join('\n'),
  'arithmetic with recursion (ends by depth)': ['?start: sum', '?sum: product | sum "+" product -> add', '?product: atom | product "*" atom -> mul', '?atom: NUMBER | "(" sum ")"', '%import common.NUMBER'].join('\n'),
  "Codex's apply_patch": CODEX_APPLY_PATCH,
};

function sentences(grammar: string, n = 40, prompt = ''): string[] {
  const values = extractPromptValues(prompt);
  return Array.from({ length: n }, (_, seed) => generateFromLark(grammar, new Rng(seed), grammarHints(values, new Rng(seed))));
}

describe('Lark grammars: generated input belongs to the grammar', () => {
  test.each(Object.entries(GRAMMARS))('%s', (_name, grammar) => {
    const texts = sentences(grammar);
    for (const text of texts) expect({ text, accepted: larkAccepts(grammar, text) }).toEqual({ text, accepted: true });
    expect(new Set(texts).size).toBeGreaterThan(1); // seeded, not constant
    expect(sentences(grammar)).toEqual(texts); // and deterministic
  });

  test('the recognizer rejects what is not in the language (it can fail)', () => {
    expect(larkAccepts(GRAMMARS['regex flags, ~ repeats and ranges, "a".."z", [x], * + ?'], 'abz-12x')).toBe(false);
    expect(larkAccepts(CODEX_APPLY_PATCH, '*** Begin Patch\n*** End Patch\n')).toBe(false); // hunk+ needs one
    expect(larkAccepts(CODEX_APPLY_PATCH, '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch\n')).toBe(true);
  });

  test('aliases (the rule Codex sends that used to be refused) are read', () => {
    expect(() => readLark('start: line+\nline: "+" /(.*)/ LF -> added\n%import common.LF')).not.toThrow();
    expect(generateFromLark('start: "a" x\nx: "b" -> y | "c" -> z', new Rng(1))).toMatch(/^a[bc]$/);
  });
});

describe("Codex's apply_patch grammar (openai/codex tool_apply_patch.lark)", () => {
  test('a prompt asking to create a named file gives one Add File hunk with the quoted content', () => {
    const prompt = "Use apply_patch to create a file named hello.txt containing 'Hello from the emulator'";
    for (const text of sentences(CODEX_APPLY_PATCH, 10, prompt)) {
      expect(text).toMatch(/^\*\*\* Begin Patch\n\*\*\* Add File: hello\.txt\n\+Hello from the emulator\n\*\*\* End Patch\n?$/);
      expect(larkAccepts(CODEX_APPLY_PATCH, text)).toBe(true);
    }
  });

  test('other prompts still give patches the grammar accepts', () => {
    for (const prompt of ['apply_patch: add a README', 'Please fix the bug in src/app.ts with apply_patch', 'delete the old notes']) {
      for (const text of sentences(CODEX_APPLY_PATCH, 15, prompt)) expect(larkAccepts(CODEX_APPLY_PATCH, text)).toBe(true);
    }
    expect(sentences(CODEX_APPLY_PATCH, 5, 'Please fix the bug in src/app.ts')[0]).toContain('*** Update File: src/app.ts');
  });
});

describeWithRealLark('the real Lark parses every generated input', () => {
  test('all grammars, 40 inputs each, and the Codex prompt', () => {
    const jobs = Object.values(GRAMMARS).map((grammar) => ({ grammar, texts: sentences(grammar) }));
    jobs.push({ grammar: CODEX_APPLY_PATCH, texts: sentences(CODEX_APPLY_PATCH, 10, 'create hello.txt containing "hi there"') });
    const results = realLarkParse(jobs);
    results.forEach((res, i) => res.forEach((error, j) => expect({ text: jobs[i].texts[j], error }).toEqual({ text: jobs[i].texts[j], error: null })));
  });
});

describe('hostile or broken grammars are precise errors, never a hang', () => {
  const chain = (n: number) => ['start: a0', ...Array.from({ length: n }, (_, i) => `a${i}: a${i + 1} a${i + 1}`), `a${n}: ""`].join('\n');
  test.each([
    ['start: start "a"', /'start' never finishes/],
    ['start: a\na: b\nb: a', /never finishes/],
    ['start: "a"~100000', /more than 10000/],
    ['start: "a"~5000 "b"~5000 x\nx: "c"~9000 "d"~9000 "e"~9000 "f"~9000 "g"~9000 "h"~9000 "i"~9000 "j"~9000 "k"~9000 "l"~9000 "m"~9000 "n"~9000', /longer than 100000 characters/],
    [chain(40), /more than 200000 expansion steps/],
    ['t{x}: x t{(x x)}\nstart: t{"a"}', /expands without end/],
    [`start: ${'('.repeat(500)}"a"${')'.repeat(500)}`, /nest deeper than 100/],
    ['start: /a{100000}/', /repeats more than 10000 times/],
    ['start: /(/', /invalid regular expression/],
    ['start: X\n%import other.X', /only Lark's 'common'/],
    ['%import common.NOPE\nstart: "a"', /'common.NOPE' does not exist/],
    ['greeting: "hi"', /no 'start' rule/],
    ['start: missing_rule', /undefined rule or terminal 'missing_rule'/],
    ['start: A\nA: b\nb: "x"', /terminals can only contain terminals/],
    ['start: ("a"', /unbalanced/],
    ['start: "a" -> ', /alias/],
    ['start: "z".."a"', /empty range/],
    ['start: pair{"a"}\npair{x, y}: x y', /takes 2 arguments/],
  ])('%s', (grammar, message) => {
    expect(() => readLark(grammar)).toThrow(GrammarError);
    expect(() => readLark(grammar)).toThrow(message);
  });

  test('a recursive grammar with a way out always ends, however deep it would go', () => {
    const deep = 'start: x\nx: "(" x ")" | "(" x x ")" | "."';
    for (const text of sentences(deep, 30)) expect(larkAccepts(deep, text)).toBe(true);
  });
});
