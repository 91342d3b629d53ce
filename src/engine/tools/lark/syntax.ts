/**
 * Lark grammar text → a Grammar: every rule and terminal as an expression tree. Covers the Lark
 * syntax clients send (Codex's apply_patch grammar among them): `rule:` / `TERMINAL:` definitions,
 * `?rule` and `!rule` modifiers, priorities (`rule.2`, `TERM.-1`), alternatives on continuation lines
 * (`| …`), aliases (`… -> name`), "literals" with the `i` flag, /regexes/ with flags, "a".."z" ranges,
 * ( ) groups, [ ] optionals, `? * +`, `~ n` and `~ n..m` repeats, templates (`pair{a, b}: a b`),
 * `%import common.X` (also `-> Y` and `common (A, B)`), `%ignore`, `%declare`, `%override`, `%extend`,
 * and `//` or `#` comments.
 *
 * Aliases, modifiers and priorities shape the parse tree, not the language, so they are read and
 * dropped. Templates are instantiated here, each distinct use once, with a bound on how many and how
 * deep, so a grammar whose templates grow without end is an error rather than a hang.
 */
import { COMMON_TERMINALS } from './common';
import { GrammarError } from './errors';
import { tokenize, type Token } from './tokens';
import type { Expr } from './expr';

export { GrammarError };
export type { Expr };

export interface Grammar {
  /** Rules and terminals (templates already instantiated) by name. */
  rules: Map<string, Expr>;
  /** Names of terminals (UPPER-case definitions and imports). */
  terminals: Set<string>;
  /** Terminals or patterns that may appear between any two tokens (`%ignore`). */
  ignore: Expr[];
}

/** Bounds on what a grammar may ask for (a request is answered in bounded time and memory). */
export const LIMITS = {
  definitions: 2000,
  /** `~ n..m` counts; larger repeats are rejected rather than attempted. */
  repeat: 10000,
  templateInstances: 500,
  templateDepth: 16,
  /** ( [ nesting inside one rule. */
  nesting: 100,
};

interface Template {
  params: string[];
  body: Expr;
}

export function parseLark(definition: string): Grammar {
  const statements = splitStatements(tokenize(definition));
  const rules = new Map<string, Expr>();
  const templates = new Map<string, Template>();
  const terminals = new Set<string>();
  const ignore: Expr[] = [];
  const declared = new Set<string>();
  for (const statement of statements) {
    const first = statement[0];
    if (first.type === 'directive') {
      directive(statement, { rules, terminals, ignore, declared, templates });
      continue;
    }
    const def = readDefinition(statement);
    if (rules.size + templates.size >= LIMITS.definitions) throw new GrammarError(`the grammar has more than ${LIMITS.definitions} definitions`);
    if (def.params.length > 0) templates.set(def.name, { params: def.params, body: def.body });
    else if (rules.has(def.name)) throw new GrammarError(`rule '${def.name}' is defined more than once`);
    else rules.set(def.name, def.body);
    if (isTerminalName(def.name)) terminals.add(def.name);
  }
  for (const name of declared) if (!rules.has(name)) rules.set(name, { kind: 'alt', options: [] });
  const grammar: Grammar = { rules, terminals, ignore };
  instantiateTemplates(grammar, templates);
  checkReferences(grammar);
  if (!rules.has('start')) throw new GrammarError("the grammar has no 'start' rule");
  return grammar;
}

export function isTerminalName(name: string): boolean {
  return /^_?[A-Z][A-Z0-9_]*$/.test(name);
}

/** Statements end at a newline, unless the next line continues the expansion (it starts with `|`, or is not a new definition). */
function splitStatements(tokens: Token[]): Token[][] {
  const lines: Token[][] = [[]];
  for (const t of tokens) {
    if (t.type === 'newline') lines.push([]);
    else lines[lines.length - 1].push(t);
  }
  const statements: Token[][] = [];
  for (const line of lines) {
    if (line.length === 0) continue;
    if (startsStatement(line) || statements.length === 0) statements.push([...line]);
    else statements[statements.length - 1].push(...line);
  }
  return statements;
}

function startsStatement(line: Token[]): boolean {
  if (line[0].type === 'directive') return true;
  let i = line[0].value === '?' || line[0].value === '!' ? 1 : 0;
  if (line[i]?.type !== 'name') return false;
  i++;
  if (line[i]?.value === '{') {
    while (i < line.length && line[i].value !== '}') i++;
    i++;
  }
  if (line[i]?.value === '.') i += line[i + 1]?.value === '-' ? 3 : 2;
  return line[i]?.value === ':';
}

function readDefinition(statement: Token[]): { name: string; params: string[]; body: Expr } {
  const stream = new TokenStream(statement);
  if (stream.peek()?.value === '?' || stream.peek()?.value === '!') stream.next();
  const nameToken = stream.next();
  if (nameToken?.type !== 'name') throw new GrammarError(`cannot parse line: ${lineText(statement)}`);
  const name = nameToken.value;
  const params: string[] = [];
  if (stream.peek()?.value === '{') {
    stream.next();
    for (;;) {
      const p = stream.next();
      if (p?.type !== 'name') throw new GrammarError(`template '${name}': expected a parameter name`);
      params.push(p.value);
      const sep = stream.next();
      if (sep?.value === '}') break;
      if (sep?.value !== ',') throw new GrammarError(`template '${name}': expected ',' or '}'`);
    }
  }
  if (stream.peek()?.value === '.') {
    stream.next();
    if (stream.peek()?.value === '-') stream.next();
    if (stream.next()?.type !== 'number') throw new GrammarError(`'${name}': a priority must be a number`);
  }
  if (stream.next()?.value !== ':') throw new GrammarError(`cannot parse line: ${lineText(statement)}`);
  const body = new ExpressionParser(stream, name).parse();
  return { name, params, body };
}

interface DirectiveTarget {
  rules: Map<string, Expr>;
  terminals: Set<string>;
  ignore: Expr[];
  declared: Set<string>;
  templates: Map<string, Template>;
}

function directive(statement: Token[], target: DirectiveTarget): void {
  const name = statement[0].value;
  const rest = statement.slice(1);
  switch (name) {
    case '%import':
      return importTerminals(rest, target);
    case '%ignore': {
      const expr = new ExpressionParser(new TokenStream(rest), '%ignore').parse();
      target.ignore.push(expr);
      return;
    }
    case '%declare':
      for (const t of rest) {
        if (t.type !== 'name') throw new GrammarError(`%declare: unexpected '${t.value}'`);
        target.declared.add(t.value);
        if (isTerminalName(t.value)) target.terminals.add(t.value);
      }
      return;
    case '%override':
    case '%extend': {
      const def = readDefinition(rest);
      const existing = target.rules.get(def.name);
      if (!existing) throw new GrammarError(`${name}: '${def.name}' is not defined yet`);
      target.rules.set(def.name, name === '%override' ? def.body : { kind: 'alt', options: [existing, def.body] });
      return;
    }
    default:
      throw new GrammarError(`unknown directive '${name}'`);
  }
}

/** `%import common.X`, `%import common.X -> Y`, `%import common (A, B)`; only Lark's `common` library is available. */
function importTerminals(tokens: Token[], target: DirectiveTarget): void {
  const text = tokens.map((t) => t.value).join(' ');
  const single = text.match(/^common \. (\w+)(?: -> (\w+))?$/);
  const several = text.match(/^common \( ([\w ,]+) \)$/);
  const pairs: [string, string][] = single ? [[single[1], single[2] ?? single[1]]] : several ? several[1].split(/\s*,\s*/).map((n) => [n.trim(), n.trim()]) : [];
  if (pairs.length === 0) throw new GrammarError(`%import: only Lark's 'common' terminals can be imported (got '${text.replace(/ \. /g, '.')}')`);
  for (const [from, as] of pairs) {
    const source = COMMON_TERMINALS[from];
    if (source === undefined) throw new GrammarError(`%import: 'common.${from}' does not exist`);
    target.rules.set(as, source);
    target.terminals.add(as);
  }
}

class TokenStream {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}
  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  next(): Token | undefined {
    return this.tokens[this.pos++];
  }
  get done(): boolean {
    return this.pos >= this.tokens.length;
  }
}

/** expansions: alias ('|' alias)*; alias: item* ('->' NAME)?; item: atom (op | '~' n ('..' m)?)* */
class ExpressionParser {
  private nesting = 0;

  constructor(
    private readonly s: TokenStream,
    private readonly rule: string,
  ) {}

  parse(): Expr {
    const expr = this.expansions();
    if (!this.s.done) throw new GrammarError(`rule '${this.rule}': unexpected '${this.s.peek()!.value}'`);
    return expr;
  }

  private expansions(): Expr {
    const options = [this.alias()];
    while (this.s.peek()?.value === '|') {
      this.s.next();
      options.push(this.alias());
    }
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  }

  private alias(): Expr {
    const items: Expr[] = [];
    for (;;) {
      const t = this.s.peek();
      if (!t || t.value === '|' || t.value === ')' || t.value === ']' || t.value === ',' || t.value === '}') break;
      if (t.value === '->') {
        this.s.next();
        if (this.s.next()?.type !== 'name') throw new GrammarError(`rule '${this.rule}': an alias ('->') needs a name`);
        const after = this.s.peek();
        if (after && !['|', ')', ']', ',', '}'].includes(after.value)) throw new GrammarError(`rule '${this.rule}': unexpected '${after.value}' after an alias`);
        break;
      }
      items.push(this.item());
    }
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  }

  private item(): Expr {
    let node = this.atom();
    for (;;) {
      const t = this.s.peek()?.value;
      if (t === '?') node = { kind: 'repeat', node, min: 0, max: 1 };
      else if (t === '*') node = { kind: 'repeat', node, min: 0, max: Infinity };
      else if (t === '+') node = { kind: 'repeat', node, min: 1, max: Infinity };
      else if (t === '~') {
        this.s.next();
        const min = this.count();
        let max = min;
        if (this.s.peek()?.value === '..') {
          this.s.next();
          max = this.count();
        }
        if (max < min) throw new GrammarError(`rule '${this.rule}': empty repeat range ~ ${min}..${max}`);
        node = { kind: 'repeat', node, min, max };
        continue;
      } else break;
      this.s.next();
    }
    return node;
  }

  private count(): number {
    const t = this.s.next();
    if (t?.type !== 'number') throw new GrammarError(`rule '${this.rule}': '~' needs a number`);
    const n = Number(t.value);
    if (n > LIMITS.repeat) throw new GrammarError(`rule '${this.rule}': repeat count ${n} is more than ${LIMITS.repeat}`);
    return n;
  }

  private atom(): Expr {
    const t = this.s.next();
    if (!t) throw new GrammarError(`rule '${this.rule}' ends unexpectedly`);
    if (t.value === '(' || t.value === '[') {
      if (++this.nesting > LIMITS.nesting) throw new GrammarError(`rule '${this.rule}': groups nest deeper than ${LIMITS.nesting}`);
      const inner = this.expansions();
      this.nesting--;
      const close = this.s.next()?.value;
      if (close !== (t.value === '(' ? ')' : ']')) throw new GrammarError(`rule '${this.rule}': unbalanced '${t.value}'`);
      return t.value === '[' ? { kind: 'repeat', node: inner, min: 0, max: 1 } : inner;
    }
    if (t.type === 'string') {
      if (this.s.peek()?.value === '..') {
        this.s.next();
        const to = this.s.next();
        if (to?.type !== 'string') throw new GrammarError(`rule '${this.rule}': a range needs two "literals"`);
        const from = t.text!;
        const end = to.text!;
        if ([...from].length !== 1 || [...end].length !== 1) throw new GrammarError(`rule '${this.rule}': range ends must be single characters`);
        if (from.codePointAt(0)! > end.codePointAt(0)!) throw new GrammarError(`rule '${this.rule}': empty range "${from}".."${end}"`);
        return { kind: 'range', from, to: end };
      }
      return { kind: 'literal', text: t.text!, insensitive: t.flags === 'i' };
    }
    if (t.type === 'regex') return { kind: 'regex', source: t.text!, flags: t.flags ?? '' };
    if (t.type === 'name') {
      if (this.s.peek()?.value !== '{') return { kind: 'ref', name: t.value };
      this.s.next();
      if (++this.nesting > LIMITS.nesting) throw new GrammarError(`rule '${this.rule}': template arguments nest deeper than ${LIMITS.nesting}`);
      const args = [this.expansions()];
      while (this.s.peek()?.value === ',') {
        this.s.next();
        args.push(this.expansions());
      }
      if (this.s.next()?.value !== '}') throw new GrammarError(`rule '${this.rule}': unbalanced '{'`);
      this.nesting--;
      return { kind: 'ref', name: t.value, args };
    }
    throw new GrammarError(`rule '${this.rule}': unexpected '${t.value}'`);
  }
}

/** Replaces each template use with a reference to one concrete rule per distinct argument list. */
function instantiateTemplates(grammar: Grammar, templates: Map<string, Template>): void {
  if (templates.size === 0) return;
  const instances = new Map<string, string>();
  const rewrite = (expr: Expr, depth: number, scope: Map<string, Expr>): Expr => {
    switch (expr.kind) {
      case 'alt':
        return { kind: 'alt', options: expr.options.map((o) => rewrite(o, depth, scope)) };
      case 'seq':
        return { kind: 'seq', items: expr.items.map((i) => rewrite(i, depth, scope)) };
      case 'repeat':
        return { ...expr, node: rewrite(expr.node, depth, scope) };
      case 'ref': {
        if (!expr.args) return scope.get(expr.name) ?? expr;
        const template = templates.get(expr.name);
        if (!template) throw new GrammarError(`'${expr.name}' is used as a template but is not one`);
        if (template.params.length !== expr.args.length) throw new GrammarError(`template '${expr.name}' takes ${template.params.length} arguments, got ${expr.args.length}`);
        const args = expr.args.map((a) => rewrite(a, depth, scope));
        const key = `${expr.name}{${JSON.stringify(args)}}`;
        let name = instances.get(key);
        if (name) return { kind: 'ref', name };
        if (instances.size >= LIMITS.templateInstances || depth >= LIMITS.templateDepth) throw new GrammarError(`template '${expr.name}' expands without end`);
        name = `${expr.name}{#${instances.size}}`;
        instances.set(key, name);
        const inner = new Map(template.params.map((p, i) => [p, args[i]] as const));
        grammar.rules.set(name, rewrite(template.body, depth + 1, inner));
        return { kind: 'ref', name };
      }
      default:
        return expr;
    }
  };
  for (const [name, body] of [...grammar.rules]) grammar.rules.set(name, rewrite(body, 0, new Map()));
  grammar.ignore = grammar.ignore.map((e) => rewrite(e, 0, new Map()));
}

/** Every name used is defined, and terminals are made of terminals only (as Lark requires). */
function checkReferences(grammar: Grammar): void {
  const visit = (expr: Expr, owner: string): void => {
    switch (expr.kind) {
      case 'alt':
        return expr.options.forEach((o) => visit(o, owner));
      case 'seq':
        return expr.items.forEach((i) => visit(i, owner));
      case 'repeat':
        return visit(expr.node, owner);
      case 'ref':
        if (!grammar.rules.has(expr.name)) throw new GrammarError(`undefined rule or terminal '${expr.name}'${owner ? ` (used in '${owner}')` : ''}`);
        if (owner && isTerminalName(owner) && !isTerminalName(expr.name)) throw new GrammarError(`terminal '${owner}' uses rule '${expr.name}': terminals can only contain terminals`);
        return;
      default:
        return;
    }
  };
  for (const [name, body] of grammar.rules) visit(body, name.includes('{#') ? '' : name);
  grammar.ignore.forEach((e) => visit(e, ''));
}

function lineText(statement: Token[]): string {
  return statement.map((t) => t.value).join(' ');
}
