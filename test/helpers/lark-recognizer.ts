/**
 * A test oracle for Lark grammars: does a text belong to the grammar's language? An Earley
 * recognizer over characters, with Lark's default ("dynamic") lexing: each terminal (a literal, a
 * regex, or an UPPER-case terminal compiled into one regex) matches greedily where the parser expects
 * it, and `%ignore`d terminals may sit between any two terminals.
 *
 * It reads grammars with the emulator's own reader (src/engine/tools/lark); the real Lark (Python)
 * checks the same texts in test/unit/lark-grammar.test.ts when it is installed.
 */
import { parseLark, isTerminalName, type Expr, type Grammar } from '../../src/engine/tools/lark/syntax';

type Terminal = { re: RegExp };
type Symbol = string | Terminal;

interface Production {
  head: string;
  body: Symbol[];
}

export function larkAccepts(definition: string, text: string): boolean {
  return new Recognizer(parseLark(definition)).accepts(text);
}

class Recognizer {
  private readonly productions: Production[] = [];
  private readonly byHead = new Map<string, Production[]>();
  private readonly ignore: Terminal[];
  private fresh = 0;

  constructor(private readonly grammar: Grammar) {
    for (const [name, body] of grammar.rules) if (!isTerminalName(name)) this.define(name, body);
    this.ignore = grammar.ignore.map((e) => this.terminal(e));
  }

  private add(head: string, body: Symbol[]): void {
    const p = { head, body };
    this.productions.push(p);
    if (!this.byHead.has(head)) this.byHead.set(head, []);
    this.byHead.get(head)!.push(p);
  }

  private define(head: string, expr: Expr): void {
    if (expr.kind === 'alt') for (const o of expr.options) this.add(head, this.sequence(o));
    else this.add(head, this.sequence(expr));
  }

  private sequence(expr: Expr): Symbol[] {
    return expr.kind === 'seq' ? expr.items.map((i) => this.symbol(i)) : [this.symbol(expr)];
  }

  private symbol(expr: Expr): Symbol {
    switch (expr.kind) {
      case 'literal':
      case 'regex':
      case 'range':
        return this.terminal(expr);
      case 'ref':
        return isTerminalName(expr.name) ? this.terminal(expr) : expr.name;
      case 'seq':
      case 'alt': {
        const head = `#${this.fresh++}`;
        this.define(head, expr);
        return head;
      }
      case 'repeat': {
        const head = `#${this.fresh++}`;
        const item = this.symbol(expr.node);
        if (Number.isFinite(expr.max) && expr.max <= 50) {
          for (let k = expr.min; k <= expr.max; k++) this.add(head, Array(k).fill(item));
        } else {
          const rest = `#${this.fresh++}`;
          this.add(head, [...Array(expr.min).fill(item), rest]);
          this.add(rest, []);
          this.add(rest, [item, rest]);
        }
        return head;
      }
    }
  }

  private terminal(expr: Expr): Terminal {
    let inner = expr;
    for (let i = 0; inner.kind === 'ref' && i < 20; i++) inner = this.grammar.rules.get(inner.name)!;
    const flags = inner.kind === 'regex' ? inner.flags.replace('m', '') : '';
    return { re: new RegExp(this.regex(expr, 0), `${flags}y`) };
  }

  /** A terminal's expression as one regex source (terminals may only contain terminals). */
  private regex(expr: Expr, depth: number): string {
    if (depth > 50) throw new Error('terminal nests too deep');
    switch (expr.kind) {
      case 'literal': {
        const escaped = [...expr.text].map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
        return expr.insensitive ? escaped.map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('') : escaped.join('');
      }
      case 'regex':
        return `(?:${expr.source})`;
      case 'range':
        return `[${classChar(expr.from)}-${classChar(expr.to)}]`;
      case 'ref':
        return `(?:${this.regex(this.grammar.rules.get(expr.name)!, depth + 1)})`;
      case 'seq':
        return expr.items.map((i) => this.regex(i, depth + 1)).join('');
      case 'alt':
        return `(?:${expr.options.map((o) => this.regex(o, depth + 1)).join('|')})`;
      case 'repeat':
        return `(?:${this.regex(expr.node, depth + 1)}){${expr.min},${Number.isFinite(expr.max) ? expr.max : ''}}`;
    }
  }

  /** Where a terminal ends when it starts at `at` (greedy, as Lark's dynamic lexer), or -1. */
  private match(t: Terminal, text: string, at: number): number {
    t.re.lastIndex = at;
    return t.re.exec(text) ? t.re.lastIndex : -1;
  }

  /** Positions reachable from `at` by skipping ignored terminals. */
  private skip(text: string, at: number): number[] {
    const seen = new Set([at]);
    const todo = [at];
    while (todo.length > 0) {
      const p = todo.pop()!;
      for (const t of this.ignore) {
        const end = this.match(t, text, p);
        if (end > p && !seen.has(end)) {
          seen.add(end);
          todo.push(end);
        }
      }
    }
    return [...seen];
  }

  accepts(text: string): boolean {
    type Item = { p: Production; dot: number; origin: number };
    const sets: Map<string, Item>[] = Array.from({ length: text.length + 1 }, () => new Map());
    const key = (it: Item): string => `${this.productions.indexOf(it.p)}:${it.dot}:${it.origin}`;
    const put = (i: number, it: Item): boolean => {
      const k = key(it);
      if (sets[i].has(k)) return false;
      sets[i].set(k, it);
      return true;
    };
    for (const p of this.byHead.get('start') ?? []) put(0, { p, dot: 0, origin: 0 });
    for (let i = 0; i <= text.length; i++) {
      // Predict and complete until nothing changes (handles empty rules and empty terminal matches).
      let changed = true;
      while (changed) {
        changed = false;
        for (const it of [...sets[i].values()]) {
          const next = it.p.body[it.dot];
          if (next === undefined) {
            for (const parent of [...sets[it.origin].values()]) {
              if (parent.p.body[parent.dot] === it.p.head) changed = put(i, { ...parent, dot: parent.dot + 1 }) || changed;
            }
          } else if (typeof next === 'string') {
            for (const p of this.byHead.get(next) ?? []) changed = put(i, { p, dot: 0, origin: i }) || changed;
          } else {
            for (const from of this.skip(text, i)) {
              const end = this.match(next, text, from);
              if (end === i) changed = put(i, { ...it, dot: it.dot + 1 }) || changed;
              else if (end > i) put(end, { ...it, dot: it.dot + 1 });
            }
          }
        }
      }
    }
    for (let i = 0; i <= text.length; i++) {
      if (!this.skip(text, i).includes(text.length)) continue;
      for (const it of sets[i].values()) if (it.p.head === 'start' && it.origin === 0 && it.dot === it.p.body.length) return true;
    }
    return false;
  }
}

function classChar(c: string): string {
  return /[\]\\^-]/.test(c) ? `\\${c}` : c;
}
