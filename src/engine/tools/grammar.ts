/**
 * Inputs for custom tools with a grammar (`format: {type: "grammar", syntax, definition}`): a random
 * but deterministic sentence of the grammar. `regex` definitions go to randexp; `lark` definitions
 * are parsed (rules and terminals, "literals", /regexes/, ( ), [ ], ?, *, +, ~ n, "a".."z" ranges,
 * %import common.X) and expanded, preferring short alternatives as depth grows so expansion ends.
 */
import type RandExpClass from 'randexp';
import type { Rng } from '../../random';

export class GrammarError extends Error {}

type Node =
  | { kind: 'alt'; options: Node[] }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number }
  | { kind: 'literal'; text: string }
  | { kind: 'regex'; source: string; flags: string }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'ref'; name: string };

/** Lark's `common` terminals, as regexes. */
const COMMON: Record<string, string> = {
  DIGIT: '[0-9]',
  HEXDIGIT: '[0-9a-f]',
  INT: '[0-9]{1,4}',
  SIGNED_INT: '-?[0-9]{1,4}',
  DECIMAL: '[0-9]{1,3}\\.[0-9]{1,3}',
  FLOAT: '[0-9]{1,3}\\.[0-9]{1,3}',
  NUMBER: '[0-9]{1,3}(\\.[0-9]{1,2})?',
  SIGNED_NUMBER: '-?[0-9]{1,3}(\\.[0-9]{1,2})?',
  LETTER: '[a-zA-Z]',
  LCASE_LETTER: '[a-z]',
  UCASE_LETTER: '[A-Z]',
  WORD: '[a-zA-Z]{2,8}',
  CNAME: '[a-z_][a-z0-9_]{1,8}',
  ESCAPED_STRING: '"[a-z ]{1,12}"',
  WS: ' ',
  WS_INLINE: ' ',
  NEWLINE: '\\n',
  CR: '\\r',
  LF: '\\n',
};

export function generateFromRegex(source: string, rng: Rng): string {
  const pattern = source.replace(/^\^/, '').replace(/\$$/, '');
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (err) {
    throw new GrammarError(`invalid regular expression: ${(err as Error).message}`);
  }
  const RandExp = require('randexp') as typeof RandExpClass; // loaded on first use
  const randexp = new RandExp(re);
  randexp.max = 4;
  randexp.randInt = (a: number, b: number) => rng.int(a, b);
  return randexp.gen();
}

export function generateFromLark(definition: string, rng: Rng): string {
  const rules = parseLark(definition);
  const start = rules.has('start') ? 'start' : rules.keys().next().value;
  if (start === undefined) throw new GrammarError('the grammar defines no rules');
  const out: string[] = [];
  expand({ kind: 'ref', name: start }, rules, rng, 0, out);
  return out.join('');
}

const MAX_OUTPUT = 2000;

function expand(node: Node, rules: Map<string, Node>, rng: Rng, depth: number, out: string[]): void {
  if (out.length > MAX_OUTPUT) return;
  switch (node.kind) {
    case 'literal':
      out.push(node.text);
      return;
    case 'regex':
      out.push(generateFromRegex(node.source, rng));
      return;
    case 'range':
      out.push(String.fromCodePoint(rng.int(node.from.codePointAt(0)!, node.to.codePointAt(0)!)));
      return;
    case 'seq':
      for (const item of node.items) expand(item, rules, rng, depth, out);
      return;
    case 'repeat': {
      const max = depth > 8 ? node.min : Math.min(node.max, node.min + 2);
      const n = rng.int(node.min, max);
      for (let i = 0; i < n; i++) expand(node.node, rules, rng, depth, out);
      return;
    }
    case 'alt': {
      const options = depth > 8 ? [...node.options].sort((a, b) => weight(a) - weight(b)).slice(0, 1) : node.options;
      expand(rng.pick(options), rules, rng, depth, out);
      return;
    }
    case 'ref': {
      const rule = rules.get(node.name) ?? (COMMON[node.name] !== undefined ? ({ kind: 'regex', source: COMMON[node.name], flags: '' } as Node) : undefined);
      if (!rule) throw new GrammarError(`undefined rule or terminal '${node.name}'`);
      if (depth > 40) throw new GrammarError('the grammar does not terminate');
      expand(rule, rules, rng, depth + 1, out);
    }
  }
}

/** How much an alternative expands into (references count most), to pick short ones when deep. */
function weight(node: Node): number {
  switch (node.kind) {
    case 'ref':
      return 10;
    case 'seq':
      return node.items.reduce((n, i) => n + weight(i), 0);
    case 'alt':
      return Math.min(...node.options.map(weight));
    case 'repeat':
      return node.min * weight(node.node);
    default:
      return 1;
  }
}

function parseLark(definition: string): Map<string, Node> {
  const rules = new Map<string, Node>();
  const lines = definition.replace(/\r/g, '').split('\n');
  let current: { name: string; body: string } | null = null;
  const flush = (): void => {
    if (current) rules.set(current.name, parseExpression(current.body, current.name));
    current = null;
  };
  for (const raw of lines) {
    const line = raw.replace(/(^|\s)\/\/.*$/, '');
    if (line.trim() === '') continue;
    const directive = line.trim().match(/^%(import|ignore|declare)\s+(.*)$/);
    if (directive) {
      flush();
      if (directive[1] === 'import') {
        const m = directive[2].match(/^common\.(\w+)(?:\s*->\s*(\w+))?/);
        if (m && COMMON[m[1]] !== undefined) rules.set(m[2] ?? m[1], { kind: 'regex', source: COMMON[m[1]], flags: '' });
      }
      continue;
    }
    const def = line.match(/^\s*[?!]?([A-Za-z_][A-Za-z0-9_]*)(?:\.-?\d+)?\s*:(.*)$/);
    if (def && !/^\s/.test(line)) {
      flush();
      current = { name: def[1], body: def[2] };
    } else if (current) {
      current.body += ` ${line.trim()}`;
    } else {
      throw new GrammarError(`cannot parse line: ${line.trim()}`);
    }
  }
  flush();
  return rules;
}

function parseExpression(body: string, rule: string): Node {
  const tokens = tokenizeRule(body, rule);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const alt = (): Node => {
    const options = [seq()];
    while (peek() === '|') {
      pos++;
      options.push(seq());
    }
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  };
  const seq = (): Node => {
    const items: Node[] = [];
    while (pos < tokens.length && peek() !== '|' && peek() !== ')' && peek() !== ']') items.push(postfix());
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  };
  const postfix = (): Node => {
    let node = atom();
    for (;;) {
      const t = peek();
      if (t === '?') node = { kind: 'repeat', node, min: 0, max: 1 };
      else if (t === '*') node = { kind: 'repeat', node, min: 0, max: 3 };
      else if (t === '+') node = { kind: 'repeat', node, min: 1, max: 3 };
      else if (t === '~') {
        pos++;
        const [min, max] = String(tokens[pos]).split('..').map(Number);
        node = { kind: 'repeat', node, min, max: Number.isFinite(max) ? max : min };
      } else break;
      pos++;
    }
    return node;
  };
  const atom = (): Node => {
    const t = tokens[pos++];
    if (t === undefined) throw new GrammarError(`rule '${rule}' ends unexpectedly`);
    if (t === '(' || t === '[') {
      const inner = alt();
      const close = tokens[pos++];
      if (close !== (t === '(' ? ')' : ']')) throw new GrammarError(`rule '${rule}': unbalanced '${t}'`);
      return t === '[' ? { kind: 'repeat', node: inner, min: 0, max: 1 } : inner;
    }
    if (t.startsWith('"')) {
      const text = JSON.parse(t.replace(/"i$/, '"')) as string;
      if (peek() === '..') {
        pos++;
        const to = JSON.parse(String(tokens[pos++])) as string;
        return { kind: 'range', from: text, to };
      }
      return { kind: 'literal', text };
    }
    if (t.startsWith('/')) {
      const end = t.lastIndexOf('/');
      return { kind: 'regex', source: t.slice(1, end), flags: t.slice(end + 1) };
    }
    if (/^[A-Za-z_]\w*$/.test(t)) return { kind: 'ref', name: t };
    throw new GrammarError(`rule '${rule}': unexpected '${t}'`);
  };
  const node = alt();
  if (pos < tokens.length) throw new GrammarError(`rule '${rule}': unexpected '${tokens[pos]}'`);
  return node;
}

function tokenizeRule(body: string, rule: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"i?|\/(?:[^/\\]|\\.)+\/[a-z]*|\.\.|\d+(?:\.\.\d+)?|[A-Za-z_]\w*|[|()[\]?*+~])/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(body)) !== null) {
    tokens.push(m[1]);
    last = re.lastIndex;
  }
  if (body.slice(last).trim() !== '') throw new GrammarError(`rule '${rule}': cannot read '${body.slice(last).trim()}'`);
  return tokens;
}
