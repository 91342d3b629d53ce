/**
 * A sentence of a Lark grammar, random but deterministic (seeded). Alternatives are drawn at random,
 * except that an alternative whose words the prompt uses wins (hints.score); `x?` / `x*` / `x+` give
 * 0–1 / 0–2 / 1–3 copies, and a repeat stops after a copy that used a value from the prompt (one
 * file the user named gives one file). Free-text regexes (`/(.+)/` in a rule called `filename`) take
 * text the hints offer when the regex accepts it; other regexes go to randexp, printable ASCII only.
 *
 * Bounded: past a depth, a length or a step count, every choice becomes the cheapest one (Measures),
 * which always ends, and the cheapest sentence was checked to be small when the grammar was read.
 */
import type RandExpClass from 'randexp';
import type { Rng } from '../../../random';
import { fullMatchOrNull } from '../../../validation/linear-regex';
import { GrammarError } from './errors';
import { Measures } from './measure';
import { isTerminalName, type Expr, type Grammar } from './syntax';

export interface GrammarHints {
  /** How relevant the words of one alternative are to the prompt (0: not at all). */
  score?(words: readonly string[]): number;
  /** Text for a free-text terminal inside `rule` (its `occurrence`-th use), or null; `fromPrompt` when it is the user's own value. */
  text?(rule: string, occurrence: number): { text: string; fromPrompt: boolean } | null;
}

/** Past these, generation takes the cheapest way out. */
const DEEP = 12;
const SOFT_LENGTH = 4000;
const SOFT_STEPS = 20_000;
/** `*` and `+` add at most this many copies beyond the minimum. */
const EXTRA_COPIES = 2;
/** Prompt text is only tried on regexes without nested quantifiers, and only this long (no runaway backtracking). */
const MAX_HINT = 200;

export function generateSentence(grammar: Grammar, measures: Measures, rng: Rng, hints: GrammarHints = {}): string {
  return new Generator(grammar, measures, rng, hints).run();
}

class Generator {
  private readonly out: string[] = [];
  private length = 0;
  private steps = 0;
  private cheap = false;
  private promptUses = 0;
  private readonly occurrences = new Map<string, number>();
  private readonly ruleStack: string[] = [];
  private readonly wordCache = new WeakMap<Expr, string[]>();
  /** Inside a terminal (its parts are one token, never separated). */
  private inToken = 0;
  /** The grammar ignores spaces, so two word-like tokens get one between them (as a writer would put). */
  private readonly spaceBetween: boolean;

  constructor(
    private readonly grammar: Grammar,
    private readonly measures: Measures,
    private readonly rng: Rng,
    private readonly hints: GrammarHints,
  ) {
    this.spaceBetween = grammar.ignore.some((e) => matchesSpace(grammar, e, 0));
  }

  run(): string {
    this.expand({ kind: 'ref', name: 'start' }, 0);
    return this.out.join('');
  }

  private emit(text: string): void {
    this.out.push(text);
    this.length += text.length;
    if (this.length > SOFT_LENGTH) this.cheap = true;
  }

  private expand(node: Expr, depth: number): void {
    const token = this.inToken === 0 && (node.kind === 'literal' || node.kind === 'regex' || node.kind === 'range' || (node.kind === 'ref' && isTerminalName(node.name)));
    if (!token) return this.expandInner(node, depth);
    const at = this.out.length;
    const before = this.lastChar();
    this.inToken++;
    this.expandInner(node, depth);
    this.inToken--;
    // Two tokens that would read as one ("hello" "world" → "helloworld") are kept apart when the grammar ignores spaces.
    if (this.spaceBetween && /\w/.test(before) && /^\w/.test(this.out.slice(at).join(''))) {
      this.out.splice(at, 0, ' ');
      this.length++;
    }
  }

  private lastChar(): string {
    for (let i = this.out.length - 1; i >= 0; i--) if (this.out[i].length > 0) return this.out[i][this.out[i].length - 1];
    return '';
  }

  private expandInner(node: Expr, depth: number): void {
    if (++this.steps > SOFT_STEPS) this.cheap = true;
    const shallow = !this.cheap && depth <= DEEP;
    switch (node.kind) {
      case 'literal':
        return this.emit(node.text);
      case 'range':
        return this.emit(String.fromCodePoint(shallow ? this.rng.int(node.from.codePointAt(0)!, node.to.codePointAt(0)!) : node.from.codePointAt(0)!));
      case 'regex':
        return this.emit(this.regexText(node));
      case 'seq':
        for (const item of node.items) this.expand(item, depth);
        return;
      case 'repeat': {
        const finite = Number.isFinite(this.measures.of(node.node).depth);
        const max = shallow && finite ? Math.min(node.max, node.min + (node.max === 1 ? 1 : EXTRA_COPIES)) : node.min;
        const n = this.rng.int(node.min, max);
        for (let i = 0; i < n; i++) {
          const before = this.promptUses;
          this.expand(node.node, depth);
          if (this.promptUses > before && i + 1 >= node.min) break;
        }
        return;
      }
      case 'alt':
        return this.expand(this.choose(node.options, shallow), depth);
      case 'ref': {
        const rule = this.grammar.rules.get(node.name);
        if (!rule) throw new GrammarError(`undefined rule or terminal '${node.name}'`);
        this.ruleStack.push(node.name);
        this.expand(rule, depth + 1);
        this.ruleStack.pop();
      }
    }
  }

  private choose(options: Expr[], shallow: boolean): Expr {
    const finite = options.filter((o) => Number.isFinite(this.measures.of(o).depth));
    if (finite.length === 0) throw new GrammarError('an alternative never finishes');
    if (!shallow) {
      // The cheapest way out: least deep when merely deep, fewest steps once over budget.
      const key = (o: Expr): number => (this.cheap ? this.measures.of(o).steps : this.measures.of(o).depth);
      const best = Math.min(...finite.map(key));
      return this.cheap ? finite.find((o) => key(o) === best)! : this.rng.pick(finite.filter((o) => key(o) === best));
    }
    if (this.hints.score && finite.length > 1) {
      const scores = finite.map((o) => this.hints.score!(this.words(o)));
      const top = Math.max(...scores);
      if (top > 0 && scores.some((s) => s < top)) return this.rng.pick(finite.filter((_, i) => scores[i] === top));
    }
    return this.rng.pick(finite);
  }

  /** The words an alternative shows at its surface: its literals and the names of the rules it uses, one level down. */
  private words(expr: Expr, level = 0): string[] {
    const cached = level === 0 ? this.wordCache.get(expr) : undefined;
    if (cached) return cached;
    const words: string[] = [];
    const visit = (e: Expr, lvl: number): void => {
      if (words.length > 64) return;
      switch (e.kind) {
        case 'literal':
          words.push(...(e.text.toLowerCase().match(/[a-z]{2,}/g) ?? []));
          return;
        case 'seq':
          return e.items.forEach((i) => visit(i, lvl));
        case 'alt':
          return e.options.forEach((o) => visit(o, lvl));
        case 'repeat':
          return visit(e.node, lvl);
        case 'ref': {
          words.push(...e.name.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 1));
          const body = this.grammar.rules.get(e.name);
          if (body && lvl < 1 && !isTerminalName(e.name)) visit(body, lvl + 1);
          return;
        }
        default:
          return;
      }
    };
    visit(expr, level);
    this.wordCache.set(expr, words);
    return words;
  }

  private regexText(node: Extract<Expr, { kind: 'regex' }>): string {
    const rule = [...this.ruleStack].reverse().find((n) => !n.includes('{#')) ?? '';
    if (this.hints.text && !this.cheap && node.generate === undefined && !hasNestedQuantifier(node.source)) {
      const occurrence = this.occurrences.get(rule) ?? 0;
      this.occurrences.set(rule, occurrence + 1);
      const hint = this.hints.text(rule, occurrence);
      if (hint && hint.text.length <= MAX_HINT && fullMatch(node, hint.text)) {
        if (hint.fromPrompt) this.promptUses++;
        return hint.text;
      }
    }
    return randomMatch(node.generate ?? node.source, node.flags, this.rng, this.cheap);
  }
}

/** Does an %ignore'd pattern match a single space? */
function matchesSpace(grammar: Grammar, expr: Expr, depth: number): boolean {
  if (depth > 20) return false;
  switch (expr.kind) {
    case 'literal':
      return expr.text === ' ';
    case 'regex':
      return fullMatch(expr, ' ');
    case 'ref': {
      const body = grammar.rules.get(expr.name);
      return body !== undefined && matchesSpace(grammar, body, depth + 1);
    }
    case 'alt':
      return expr.options.some((o) => matchesSpace(grammar, o, depth + 1));
    case 'repeat':
      return expr.min <= 1 && matchesSpace(grammar, expr.node, depth + 1);
    case 'seq':
      return expr.items.length === 1 && matchesSpace(grammar, expr.items[0], depth + 1);
    default:
      return false;
  }
}

/** On the linear-time engine; a regex it cannot run (lookarounds, backreferences) matches nothing here, so no hint is offered. */
function fullMatch(node: { source: string; flags: string }, text: string): boolean {
  return fullMatchOrNull(node.source, node.flags, text) === true;
}

/** `(a+)+`, `(?:x*)*` and the like: a group with a quantifier inside, itself quantified. */
function hasNestedQuantifier(source: string): boolean {
  return /\([^()]*[*+}][^()]*\)\s*[*+{]/.test(source);
}

/** The largest count randexp uses for `*`, `+` and open `{n,}` (and the cheap mode's). */
const REGEX_MAX = 4;

export function randomMatch(source: string, flags: string, rng: Rng, cheap = false): string {
  const pattern = source.replace(/^\^/, '').replace(/(?<!\\)\$$/, '');
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags.replace(/[gy]/g, ''));
  } catch (err) {
    throw new GrammarError(`invalid regular expression: ${(err as Error).message}`);
  }
  const RandExp = require('randexp') as typeof RandExpClass; // loaded on first use
  const randexp = new RandExp(re);
  randexp.max = cheap ? 1 : REGEX_MAX;
  randexp.defaultRange.subtract(0, 31);
  randexp.defaultRange.subtract(127, 65535);
  randexp.randInt = (a: number, b: number) => rng.int(a, b);
  return randexp.gen();
}
