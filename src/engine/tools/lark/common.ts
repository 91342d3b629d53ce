/**
 * Lark's `common` library (lark/grammars/common.lark), as regexes with the same language. Each also
 * says what to generate: a tidy subset ("42", "3.14", "hello"), not every form the terminal allows.
 */
import type { Expr } from './expr';

const term = (source: string, generate?: string): Expr => ({ kind: 'regex', source, flags: '', ...(generate ? { generate } : {}) });

const INT = '[0-9]+';
const DECIMAL = '(?:[0-9]+\\.[0-9]*|\\.[0-9]+)';
const EXP = '[eE][+-]?[0-9]+';
const FLOAT = `(?:[0-9]+${EXP}|${DECIMAL}(?:${EXP})?)`;

export const COMMON_TERMINALS: Readonly<Record<string, Expr>> = {
  DIGIT: term('[0-9]'),
  HEXDIGIT: term('[a-fA-F0-9]'),
  INT: term(INT, '[1-9][0-9]{0,3}'),
  SIGNED_INT: term(`[+-]?${INT}`, '-?[1-9][0-9]{0,3}'),
  DECIMAL: term(DECIMAL, '[0-9]{1,3}\\.[0-9]{1,3}'),
  FLOAT: term(FLOAT, '[0-9]{1,3}\\.[0-9]{1,3}'),
  SIGNED_FLOAT: term(`[+-]?${FLOAT}`, '-?[0-9]{1,3}\\.[0-9]{1,3}'),
  NUMBER: term(`(?:${FLOAT}|${INT})`, '[1-9][0-9]{0,2}(\\.[0-9]{1,2})?'),
  SIGNED_NUMBER: term(`[+-]?(?:${FLOAT}|${INT})`, '-?[1-9][0-9]{0,2}(\\.[0-9]{1,2})?'),
  ESCAPED_STRING: term('"(?:[^"\\\\\\n]|\\\\[^\\n])*"', '"[a-z]{1,8}( [a-z]{1,8}){0,2}"'),
  LCASE_LETTER: term('[a-z]'),
  UCASE_LETTER: term('[A-Z]'),
  LETTER: term('[A-Za-z]'),
  WORD: term('[A-Za-z]+', '[a-z]{2,8}'),
  CNAME: term('[_A-Za-z][_A-Za-z0-9]*', '[a-z][a-z0-9_]{1,8}'),
  WS_INLINE: term('[ \\t]+', ' '),
  WS: term('[ \\t\\f\\r\\n]+', ' '),
  CR: term('\\r'),
  LF: term('\\n'),
  NEWLINE: term('(?:\\r?\\n)+', '\\n'),
  SH_COMMENT: term('#[^\\n]*', '# [a-z]{2,8}'),
  CPP_COMMENT: term('\\/\\/[^\\n]*', '\\/\\/ [a-z]{2,8}'),
  C_COMMENT: term('\\/\\*[\\s\\S]*?\\*\\/', '\\/\\* [a-z]{2,8} \\*\\/'),
  SQL_COMMENT: term('--[^\\n]*', '-- [a-z]{2,8}'),
};
