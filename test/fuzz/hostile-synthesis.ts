/**
 * Request bodies that attack value synthesis (issue 16 §1–2): unsatisfiable and oversized JSON
 * Schemas, catastrophic and oversized regexes, Lark grammars that never end or ask for too much.
 * Each is under a few hundred bytes (or merely deep) and used to crash or freeze the emulator. Used
 * by the e2e test (each expected answer asserted), the fixed fuzz corpus and `npm run fuzz`.
 */
export interface HostileCase {
  name: string;
  /** The `POST /v1/responses` body, as text (some are too deep for JSON.stringify). */
  body(): string;
  /** The 400 the case must get, when it is a refusal (otherwise any non-5xx answer). */
  expect?: { param: string; code: string; message: string };
}

const prompt = 'Answer in JSON, please.';
const schemaCase = (name: string, schema: unknown, message: string): HostileCase => ({
  name,
  body: () => JSON.stringify({ model: 'gpt-4o', input: prompt, text: { format: { type: 'json_schema', name: 'out', schema } } }),
  expect: { param: 'text.format.schema', code: 'invalid_json_schema', message },
});
const functionCase = (name: string, parameters: unknown, message: string): HostileCase => ({
  name,
  body: () => JSON.stringify({ model: 'gpt-4o', input: prompt, tool_choice: 'required', tools: [{ type: 'function', name: 'f', parameters }] }),
  expect: { param: 'tools[0].parameters', code: 'invalid_function_parameters', message },
});
const grammarCase = (name: string, syntax: 'lark' | 'regex', definition: string, message?: string): HostileCase => ({
  name,
  body: () => JSON.stringify({ model: 'gpt-4o', input: prompt, tool_choice: 'required', tools: [{ type: 'custom', name: 'g', format: { type: 'grammar', syntax, definition } }] }),
  ...(message ? { expect: { param: 'tools[0].format.definition', code: 'invalid_grammar', message } } : {}),
});
const prop = (schema: unknown) => ({ type: 'object', properties: { x: schema }, required: ['x'] });

export const HOSTILE_SYNTHESIS: HostileCase[] = [
  schemaCase('not {}', { not: {} }, "'not': {} rejects every value"),
  schemaCase('minLength > maxLength', prop({ type: 'string', minLength: 5, maxLength: 2 }), "'minLength' (5) is greater than 'maxLength' (2)"),
  schemaCase('minItems 1e8', prop({ type: 'array', items: { type: 'string' }, minItems: 1e8 }), "'minItems' is 100000000"),
  schemaCase('minProperties 1e7', { type: 'object', minProperties: 1e7 }, "'minProperties' is 10000000"),
  schemaCase('minLength 2e8', prop({ type: 'string', minLength: 200_000_000 }), "'minLength' is 200000000"),
  schemaCase('pattern a{100000000}', prop({ type: 'string', pattern: 'a{100000000}' }), "'pattern' \"a{100000000}\" cannot be used"),
  schemaCase('pattern with a backreference', prop({ type: 'string', pattern: '^(a+)\\1$' }), 'backreferences are not supported'),
  schemaCase('pattern with a lookahead (the API refuses it too)', prop({ type: 'string', pattern: '^(?!/).+$' }), 'Invalid JSON schema: regex lookaround is not supported.\nFound at $.properties.x.pattern.'),
  schemaCase(
    'recursive required $ref',
    { $ref: '#/$defs/a', $defs: { a: { type: 'object', properties: { a: { $ref: '#/$defs/a' } }, required: ['a'] } } },
    'requires itself at every level',
  ),
  schemaCase('nested minimums', prop({ type: 'array', minItems: 1000, items: { type: 'array', minItems: 1000 } }), 'the smallest value the schema allows is larger'),
  schemaCase('unsatisfiable anyOf of nothing', prop({ anyOf: [{ not: {} }, false] }), 'no value satisfies it'),
  functionCase('function parameters: not {}', { type: 'object', properties: { x: { not: {} } }, required: ['x'] }, "'not': {} rejects every value"),
  functionCase('function parameters: minItems 1e8', prop({ type: 'array', minItems: 1e8 }), "'minItems' is 100000000"),
  {
    name: 'function parameters nested 5,000 deep',
    body: () =>
      `{"model":"gpt-4o","input":"hi","tool_choice":"required","tools":[{"type":"function","name":"f","parameters":${'{"type":"object","properties":{"a":'.repeat(5000)}{"type":"string"}${'}}'.repeat(5000)}}]}`,
    expect: { param: 'tools[0].parameters.properties.a', code: 'invalid_value', message: 'nested more than' },
  },
  grammarCase('lark "a" ~ 1000000000000', 'lark', 'start: "a" ~ 1000000000000', 'repeat count'),
  grammarCase('lark "".."z"', 'lark', 'start: "".."z"', 'range ends must be single characters'),
  grammarCase('lark 20k nested parentheses', 'lark', `start: ${'('.repeat(20_000)}"a"${')'.repeat(20_000)}`, 'groups nest deeper'),
  grammarCase('lark that never ends', 'lark', 'start: start "a"', 'never finishes'),
  grammarCase('lark regex a{100000000}', 'lark', 'start: /a{100000000}/', 'repeats more than'),
  grammarCase('lark start: "\\q"', 'lark', 'start: "\\q"'),
  grammarCase('lark catastrophic regex', 'lark', 'start: NAME\nNAME: /(a+)+$/'),
  grammarCase('regex grammar (a+)+b', 'regex', '(a+)+b'),
  grammarCase('regex grammar a{100000000}', 'regex', 'a{100000000}', 'repeats more than'),
  {
    name: 'catastrophic pattern, the prompt offering a long near-match',
    body: () =>
      JSON.stringify({
        model: 'gpt-4o',
        input: `Use "${'a'.repeat(40)}!" in JSON.`,
        text: { format: { type: 'json_schema', name: 'out', schema: prop({ type: 'string', pattern: '^(a+)+$' }) } },
      }),
  },
];
