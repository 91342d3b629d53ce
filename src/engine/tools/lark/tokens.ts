/**
 * The lexer of Lark's grammar language: names, "strings" (with the `i` flag), /regexes/ (with flags),
 * numbers, %directives, punctuation and newlines; `//` and `#` comments are skipped. String escapes
 * follow Python's (`\n`, `\t`, `\xNN`, `\uNNNN`, `\\`, `\"`…); regexes are turned into JavaScript's
 * dialect (`(?P<n>…)` → `(?<n>…)`, leading `(?i)` → flag, the `x` flag's whitespace and comments removed).
 */
import { GrammarError } from './errors';

export interface Token {
  type: 'name' | 'string' | 'regex' | 'number' | 'directive' | 'punct' | 'newline';
  value: string;
  /** Decoded text of a string, or the JavaScript source of a regex. */
  text?: string;
  flags?: string;
}

const LEXEME = new RegExp(
  [
    '(?<space>[ \\t\\f\\r]+|\\\\\\n)',
    '(?<comment>(?://|#)[^\\n]*)',
    '(?<newline>\\n)',
    '(?<string>"(?:[^"\\\\\\n]|\\\\.)*"i?)',
    '(?<regex>/(?!/)(?:\\\\.|[^/\\\\\\n])+/[imslux]*)',
    '(?<directive>%[a-z]+)',
    '(?<arrow>->)',
    '(?<dots>\\.\\.)',
    '(?<number>\\d+)',
    '(?<name>[A-Za-z_][A-Za-z0-9_]*)',
    '(?<punct>[:|()[\\]?*+~{},.!-])',
  ].join('|'),
  'y',
);

/** At most this many characters of grammar text are read. */
export const MAX_DEFINITION = 200_000;

export function tokenize(definition: string): Token[] {
  if (definition.length > MAX_DEFINITION) throw new GrammarError(`the grammar is longer than ${MAX_DEFINITION} characters`);
  const tokens: Token[] = [];
  LEXEME.lastIndex = 0;
  let pos = 0;
  while (pos < definition.length) {
    LEXEME.lastIndex = pos;
    const m = LEXEME.exec(definition);
    if (!m || m[0].length === 0) throw new GrammarError(`cannot read '${definition.slice(pos, pos + 20).split('\n')[0]}'`);
    pos = LEXEME.lastIndex;
    const g = m.groups!;
    if (g.space !== undefined || g.comment !== undefined) continue;
    if (g.newline !== undefined) tokens.push({ type: 'newline', value: '\n' });
    else if (g.string !== undefined) {
      const insensitive = g.string.endsWith('i');
      const body = g.string.slice(1, insensitive ? -2 : -1);
      tokens.push({ type: 'string', value: g.string, text: unescapeString(body), flags: insensitive ? 'i' : '' });
    } else if (g.regex !== undefined) {
      const end = g.regex.lastIndexOf('/');
      const { source, flags } = toJsRegex(g.regex.slice(1, end), g.regex.slice(end + 1));
      tokens.push({ type: 'regex', value: g.regex, text: source, flags });
    } else if (g.directive !== undefined) tokens.push({ type: 'directive', value: g.directive });
    else if (g.number !== undefined) tokens.push({ type: 'number', value: g.number });
    else if (g.name !== undefined) tokens.push({ type: 'name', value: g.name });
    else tokens.push({ type: 'punct', value: m[0] });
  }
  return tokens;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', b: '\b', a: '\x07', '0': '\0', '\\': '\\', '"': '"', "'": "'" };

function unescapeString(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (whole, code: string) => {
    if (code.length > 1) return String.fromCodePoint(parseInt(code.slice(1), 16));
    // Python keeps unknown escapes as written ("\d" stays backslash-d).
    return SIMPLE_ESCAPES[code] ?? whole;
  });
}

/** Python regex syntax → JavaScript's, with the flags JavaScript knows (i, m, s, u). */
function toJsRegex(source: string, flags: string): { source: string; flags: string } {
  let src = source.replace(/\\\//g, '/');
  const inline = src.match(/^\(\?([imsx]+)\)/);
  if (inline) {
    flags += inline[1];
    src = src.slice(inline[0].length);
  }
  if (flags.includes('x')) src = src.replace(/\\#/g, '\u0000').replace(/#[^\n]*/g, '').replace(/\s+/g, '').replace(/\u0000/g, '\\#');
  src = src.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  const jsFlags = [...new Set(flags.replace(/[xlu]/g, ''))].join('');
  checkRepeats(source, src);
  try {
    new RegExp(src, jsFlags);
  } catch (err) {
    throw new GrammarError(`invalid regular expression /${source}/: ${(err as Error).message}`);
  }
  return { source: src, flags: jsFlags };
}

/** Counted repeats (`{n}`, `{n,m}`) multiply; their product is capped so no regex asks for a huge sentence. */
export const MAX_REGEX_REPEAT = 10_000;

export function checkRepeats(original: string, src: string): void {
  let product = 1;
  for (const m of src.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    product *= Math.max(1, Number(m[1]), Number(m[2] || 0));
    if (product > MAX_REGEX_REPEAT) throw new GrammarError(`regular expression /${original}/ repeats more than ${MAX_REGEX_REPEAT} times`);
  }
}
