/**
 * Bounds on value synthesis (issue 16 §2, §4): hostile schemas are refused before anything is
 * generated, regexes run on a linear-time engine, and compiled user schemas do not pile up in Ajv.
 * No test measures time: each asserts an answer, a refusal or a counter.
 */
import { schemaBoundsViolation, SCHEMA_LIMITS } from '../../src/engine/schema-bounds';
import { fakeValue } from '../../src/engine/schema-faker';
import { extractPromptValues } from '../../src/engine/prompt-values';
import { clearUserSchemas, compileUserSchema, COMPILES_PER_COMPILER, InvalidUserSchema, MAX_CACHED_VALIDATORS, userSchemaCacheStats } from '../../src/engine/user-schemas';
import { compileTextMatcher } from '../../src/fixtures/text-matcher';
import { Rng } from '../../src/random';
import { linearRegex, UnsupportedPattern } from '../../src/validation/linear-regex';

const prop = (schema: object) => ({ type: 'object', properties: { x: schema }, required: ['x'] });

describe('schema bounds', () => {
  test.each([
    ['not {}', { not: {} }, "In context=(), 'not': {} rejects every value"],
    ['minLength > maxLength', prop({ type: 'string', minLength: 5, maxLength: 2 }), "In context=('properties', 'x'), 'minLength' (5) is greater than 'maxLength' (2)"],
    ['minimum > maximum', prop({ type: 'number', minimum: 5, maximum: 2 }), "'minimum' (5) is greater than 'maximum' (2)"],
    ['minItems 1e8', prop({ type: 'array', minItems: 1e8 }), "'minItems' is 100000000, more than the emulator generates (at most 1000)"],
    ['minProperties 1e7', { type: 'object', minProperties: 1e7 }, "'minProperties' is 10000000, more than the emulator generates"],
    ['minLength 2e8', prop({ type: 'string', minLength: 200_000_000 }), "'minLength' is 200000000, more than the emulator generates (at most 10000)"],
    ['pattern a{100000000}', prop({ type: 'string', pattern: 'a{100000000}' }), "'pattern' \"a{100000000}\" cannot be used"],
    ['pattern with a backreference', prop({ type: 'string', pattern: '^(a)\\1$' }), 'lookarounds and backreferences are not supported'],
    ['recursive required $ref', { $ref: '#/$defs/a', $defs: { a: { type: 'object', properties: { a: { $ref: '#/$defs/a' } }, required: ['a'] } } }, "'$ref' \"#/$defs/a\" requires itself at every level"],
    ['nested minimums multiply', prop({ type: 'array', minItems: 1000, items: { type: 'array', minItems: 1000, items: { type: 'string' } } }), 'the smallest value the schema allows is larger than the emulator generates'],
    ['false', prop(false as never), "the schema is 'false'"],
  ])('%s is refused with a reason', (_name, schema, reason) => {
    expect(schemaBoundsViolation(schema)).toContain(reason);
  });

  test.each([
    ['plain object', { type: 'object', properties: { city: { type: 'string', pattern: '^[A-Z][a-z]+$' } }, required: ['city'] }],
    ['optional recursion (a tree)', { $ref: '#/$defs/node', $defs: { node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } }, required: ['children'] } } }],
    ['recursion broken by anyOf', { $defs: { n: { anyOf: [{ type: 'null' }, { type: 'object', properties: { next: { $ref: '#/$defs/n' } }, required: ['next'] }] } }, $ref: '#/$defs/n' }],
    ['bounds at the limits', prop({ type: 'string', minLength: SCHEMA_LIMITS.stringLength })],
  ])('%s is accepted', (_name, schema) => {
    expect(schemaBoundsViolation(schema)).toBeNull();
  });

  test('a lookaround gets the API\'s own message, with where it was found', () => {
    const schema = { type: 'object', properties: { items: { type: 'array', items: { anyOf: [{ type: 'string', pattern: '^(?!/).+$' }] } } } };
    expect(() => schemaBoundsViolation(schema)).toThrow('Invalid JSON schema: regex lookaround is not supported.\nFound at $.properties.items.items.anyOf[0].pattern.');
    expect(() => compileUserSchema(schema)).toThrow(expect.objectContaining({ whole: true }));
  });

  test('a hostile schema reaches the generator as an InvalidUserSchema, never a hang or a stack overflow', () => {
    expect(() => fakeValue(prop({ type: 'string', minLength: 200_000_000 }), new Rng(1), extractPromptValues('hi'))).toThrow(InvalidUserSchema);
    expect(() => fakeValue(prop({ type: 'string', pattern: 'a{100000000}' }), new Rng(1), extractPromptValues('hi'))).toThrow(InvalidUserSchema);
  });

  test('a schema at the bounds still gets a valid value', () => {
    const schema = prop({ type: 'string', minLength: 5000 });
    const value = fakeValue(schema, new Rng(3), extractPromptValues('hello')) as { x: string };
    expect(value.x.length).toBeGreaterThanOrEqual(5000);
    const list = fakeValue(prop({ type: 'array', minItems: 300, items: { type: 'integer' } }), new Rng(3), extractPromptValues('hello')) as { x: number[] };
    expect(list.x.length).toBeGreaterThanOrEqual(300);
  });
});

describe('linear-time regexes', () => {
  test('a catastrophic pattern answers on a long subject (RE2 does not backtrack)', () => {
    expect(linearRegex('^(a+)+$').test(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(linearRegex('^(a+)+$').test('a'.repeat(26))).toBe(true);
    expect(linearRegex('^(a|a)*b$').test('a'.repeat(5_000))).toBe(false);
  });

  test('JavaScript syntax clients write is understood', () => {
    expect(linearRegex('^caf\\u00e9$').test('café')).toBe(true);
    expect(linearRegex('^(?<year>\\d{4})-\\d{2}$').test('2024-05')).toBe(true);
    expect(linearRegex('^ABC$', 'i').test('abc')).toBe(true);
    expect(linearRegex('^[^]$').test('\n')).toBe(true);
  });

  test('lookarounds, backreferences and huge repeats are refused with a reason', () => {
    expect(() => linearRegex('(?=a)b')).toThrow(/lookarounds and backreferences are not supported/);
    expect(() => linearRegex('(a)\\1')).toThrow(/lookarounds and backreferences are not supported/);
    expect(() => linearRegex('(a{100}){200}')).toThrow(UnsupportedPattern);
    expect(() => linearRegex('x', 'q')).toThrow(/unknown regular expression flag/);
  });

  test('fixture regexes run on the same engine', () => {
    const matcher = compileTextMatcher({ regex: '^(a+)+$' });
    expect(matcher.test(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(() => compileTextMatcher({ regex: '(a)\\1' })).toThrow(/invalid regex: .*backreferences/);
  });

  test('Ajv validates user patterns with it', () => {
    const validate = compileUserSchema(prop({ type: 'string', pattern: '^(a+)+$' }));
    expect(validate({ x: `${'a'.repeat(100_000)}!` })).toBe(false);
    expect(validate({ x: 'aaa' })).toBe(true);
  });
});

describe('compiled user schemas stay bounded', () => {
  test(`${COMPILES_PER_COMPILER * 4} distinct schemas leave at most ${MAX_CACHED_VALIDATORS} validators, and Ajv holds no more than three compilers' worth`, () => {
    clearUserSchemas();
    const n = COMPILES_PER_COMPILER * 4;
    for (let i = 0; i < n; i++) compileUserSchema({ type: 'object', properties: { [`field_${i}`]: { type: 'string', maxLength: i + 1 } } });
    const stats = userSchemaCacheStats();
    expect(stats.validators).toBe(MAX_CACHED_VALIDATORS);
    expect(stats.compilers).toBeLessThanOrEqual(3);
    // Ajv's own cache (`_cache`, which removeSchema alone would not free along with the instance's scope).
    expect(stats.ajvSchemas).toBeLessThanOrEqual(3 * (COMPILES_PER_COMPILER + 4));
    expect(stats.ajvSchemas).toBeLessThan(n / 2);
  });

  test('a schema used again is served from the cache, and reset forgets everything', () => {
    clearUserSchemas();
    const schema = { type: 'object', properties: { a: { type: 'integer' } } };
    const first = compileUserSchema(schema);
    for (let i = 0; i < MAX_CACHED_VALIDATORS - 1; i++) compileUserSchema({ type: 'object', properties: { [`k${i}`]: { type: 'string' } } });
    expect(compileUserSchema(schema)).toBe(first);
    clearUserSchemas();
    expect(userSchemaCacheStats()).toEqual({ validators: 0, compilers: 0, ajvSchemas: 0 });
  });
});
