/**
 * What the shortest derivation of each rule costs: how deep it nests, how many characters it makes
 * and how many expansion steps it takes. Generation falls back on these choices when it runs deep or
 * long, so a sentence always ends; a grammar whose shortest sentence is still too big (or that never
 * ends) is rejected up front.
 */
import { GrammarError } from './errors';
import type { Expr, Grammar } from './syntax';

export interface Cost {
  depth: number;
  length: number;
  steps: number;
}

/** Past this, a cost counts as "too big" (values saturate here, so nothing overflows). */
const SATURATE = 1e12;

export const BOUNDS = {
  /** Nesting of the shortest derivation of `start`. */
  depth: 200,
  /** Characters of the shortest sentence. */
  length: 100_000,
  /** Expansion steps of the shortest derivation. */
  steps: 200_000,
};

export class Measures {
  private readonly rules = new Map<string, Cost>();
  /** Filled once the rule costs are settled (during generation). */
  private readonly cache = new WeakMap<Expr, Cost>();
  private settled = false;

  constructor(grammar: Grammar) {
    const infinite: Cost = { depth: Infinity, length: Infinity, steps: Infinity };
    // Which rules use each rule: when a rule's cost drops, only they need another look.
    const users = new Map<string, Set<string>>();
    for (const [name, body] of grammar.rules) {
      this.rules.set(name, infinite);
      for (const used of references(body)) {
        if (!users.has(used)) users.set(used, new Set());
        users.get(used)!.add(name);
      }
    }
    // A worklist, newest definitions first (grammars tend to define the parts after the whole).
    const queue = [...grammar.rules.keys()];
    const queued = new Set(queue);
    let work = 0;
    while (queue.length > 0) {
      if (++work > MAX_WORK) throw new GrammarError('the grammar is too intricate to measure');
      const name = queue.pop()!;
      queued.delete(name);
      const old = this.rules.get(name)!;
      const c = this.of(grammar.rules.get(name)!);
      const next = { depth: Math.min(old.depth, c.depth + 1), length: Math.min(old.length, c.length), steps: Math.min(old.steps, sat(c.steps + 1)) };
      if (next.depth < old.depth || next.length < old.length || next.steps < old.steps) {
        this.rules.set(name, next);
        for (const user of users.get(name) ?? []) if (!queued.has(user)) (queued.add(user), queue.push(user));
      }
    }
    this.settled = true;
  }

  rule(name: string): Cost {
    return this.rules.get(name) ?? { depth: Infinity, length: Infinity, steps: Infinity };
  }

  /** The cost of the cheapest way through an expression. */
  of(expr: Expr): Cost {
    if (!this.settled) return this.compute(expr);
    let cost = this.cache.get(expr);
    if (!cost) this.cache.set(expr, (cost = this.compute(expr)));
    return cost;
  }

  private compute(expr: Expr): Cost {
    switch (expr.kind) {
      case 'literal':
        return { depth: 0, length: expr.text.length, steps: 1 };
      case 'regex':
      case 'range':
        return { depth: 0, length: 1, steps: 1 };
      case 'ref':
        return this.rule(expr.name);
      case 'seq':
        return expr.items.reduce<Cost>((acc, item) => {
          const c = this.of(item);
          return { depth: Math.max(acc.depth, c.depth), length: sat(acc.length + c.length), steps: sat(acc.steps + c.steps) };
        }, { depth: 0, length: 0, steps: 1 });
      case 'alt':
        return expr.options.reduce<Cost>((best, option) => {
          const c = this.of(option);
          return { depth: Math.min(best.depth, c.depth), length: Math.min(best.length, c.length), steps: Math.min(best.steps, c.steps) };
        }, { depth: Infinity, length: Infinity, steps: Infinity });
      case 'repeat': {
        if (expr.min === 0) return { depth: 0, length: 0, steps: 1 };
        const c = this.of(expr.node);
        return { depth: c.depth, length: sat(c.length * expr.min), steps: sat(c.steps * expr.min + 1) };
      }
    }
  }

  /** Throws unless `start` has a sentence of bounded size. */
  checkStart(): void {
    const start = this.rule('start');
    if (!Number.isFinite(start.depth)) throw new GrammarError("rule 'start' never finishes: every expansion refers back to an unfinished rule");
    if (start.depth > BOUNDS.depth) throw new GrammarError(`the shortest sentence nests deeper than ${BOUNDS.depth} rules`);
    if (start.length > BOUNDS.length) throw new GrammarError(`the shortest sentence is longer than ${BOUNDS.length} characters`);
    if (start.steps > BOUNDS.steps) throw new GrammarError(`the shortest sentence takes more than ${BOUNDS.steps} expansion steps`);
  }
}

/** Rule re-evaluations allowed while measuring (each rule's costs only go down). */
const MAX_WORK = 200_000;

function references(expr: Expr, out = new Set<string>()): Set<string> {
  switch (expr.kind) {
    case 'ref':
      out.add(expr.name);
      break;
    case 'seq':
      expr.items.forEach((i) => references(i, out));
      break;
    case 'alt':
      expr.options.forEach((o) => references(o, out));
      break;
    case 'repeat':
      references(expr.node, out);
      break;
  }
  return out;
}

function sat(n: number): number {
  return n > SATURATE ? (Number.isFinite(n) ? SATURATE : n) : n;
}
