import fc from 'fast-check';
import { extractPromptValues } from '../../src/engine/prompt-values';
import { fakeValue, UnsatisfiableSchema } from '../../src/engine/schema-faker';
import { compileUserSchema, InvalidUserSchema, strictModeViolation } from '../../src/engine/user-schemas';
import { Rng } from '../../src/random';
import { objectSchema, strictObjectSchema } from '../helpers/arbitrary-schemas';

const PROMPTS = ['What is the weather like in Boston today?', 'Email ada@example.com about the launch on 2025-06-01', 'List 3 books by Ursula K. Le Guin', ''];

describe('generated values are always valid for the schema', () => {
  test('hundreds of varied schemas (seeded property test)', () => {
    fc.assert(
      fc.property(objectSchema, fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(...PROMPTS), (schema, seed, prompt) => {
        const validate = compileUserSchema(schema);
        const value = fakeValue(schema, new Rng(seed), extractPromptValues(prompt));
        expect(validate(value)).toBe(true);
        expect(fakeValue(schema, new Rng(seed), extractPromptValues(prompt))).toEqual(value);
      }),
      { numRuns: 400, seed: 20261121 },
    );
  });

  test('strict-mode schemas (every property required) get every property', () => {
    fc.assert(
      fc.property(strictObjectSchema, fc.integer({ min: 0, max: 1e6 }), (schema, seed) => {
        expect(strictModeViolation(schema)).toBeNull();
        const value = fakeValue(schema, new Rng(seed), extractPromptValues(PROMPTS[0])) as Record<string, unknown>;
        expect(Object.keys(value).sort()).toEqual(Object.keys(schema.properties as object).sort());
        expect(compileUserSchema(schema)(value)).toBe(true);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('values come from the prompt where they fit', () => {
  const weather = {
    type: 'object',
    properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['location', 'unit'],
  };

  test('"weather in Boston" → location Boston', () => {
    for (let seed = 0; seed < 20; seed++) {
      const value = fakeValue(weather, new Rng(seed), extractPromptValues('What is the weather like in Boston today?')) as Record<string, string>;
      expect(value.location).toBe('Boston');
      expect(['celsius', 'fahrenheit']).toContain(value.unit);
    }
  });

  test('names, dates, emails, numbers and cities', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      required: ['recipient', 'email', 'date', 'guests', 'city'],
      properties: { recipient: { type: 'string' }, email: { type: 'string', format: 'email' }, date: { type: 'string', format: 'date' }, guests: { type: 'integer', minimum: 1 }, city: { type: 'string' } },
    };
    const values = extractPromptValues('Invite Grace Hopper (grace@example.com) to dinner in Lisbon on 2025-07-04 for 6 guests');
    expect(fakeValue(schema, new Rng(1), values)).toEqual({ recipient: 'Grace Hopper', email: 'grace@example.com', date: '2025-07-04', guests: 6, city: 'Lisbon' });
  });

  test('a prompt value that breaks a constraint is not used', () => {
    const schema = { type: 'object', required: ['location'], properties: { location: { type: 'string', maxLength: 3 } } };
    const value = fakeValue(schema, new Rng(2), extractPromptValues('weather in Boston')) as { location: string };
    expect(value.location.length).toBeLessThanOrEqual(3);
  });

  test('values from earlier tool outputs are reused by field name', () => {
    const values = extractPromptValues('Summarize it', ['{"temperature": 22, "conditions": "sunny"}']);
    const schema = { type: 'object', required: ['temperature', 'conditions'], additionalProperties: false, properties: { temperature: { type: 'number' }, conditions: { type: 'string' } } };
    expect(fakeValue(schema, new Rng(3), values)).toEqual({ temperature: 22, conditions: 'sunny' });
  });

  test('plain strings read as words, not lorem ipsum', () => {
    const schema = { type: 'object', required: ['a', 'b', 'c'], properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } } };
    for (let seed = 0; seed < 30; seed++) {
      expect(JSON.stringify(fakeValue(schema, new Rng(seed), extractPromptValues('')))).not.toMatch(/lorem|ipsum|dolor|consectetur|adipisicing|\b(sed|eiusmod|tempor)\b/i);
    }
  });

  test('an unsatisfiable schema is reported, not answered with an invalid value', () => {
    // A plain contradiction is caught when the schema is compiled; one only generation reveals, after the drafts.
    expect(() => fakeValue({ type: 'object', required: ['a'], properties: { a: { type: 'integer', minimum: 5, maximum: 1 } } }, new Rng(1), extractPromptValues(''))).toThrow(/'minimum' \(5\) is greater than 'maximum' \(1\)/);
    expect(() => fakeValue({ type: 'object', required: ['a'], properties: { a: { type: 'integer', multipleOf: 2, minimum: 3, maximum: 3 } } }, new Rng(1), extractPromptValues(''))).toThrow(UnsatisfiableSchema);
  });
});

describe('user schemas', () => {
  test('invalid schemas are refused with the reason', () => {
    expect(() => compileUserSchema({ type: 'object', properties: { a: { type: 'strng' } } })).toThrow(InvalidUserSchema);
    expect(() => compileUserSchema({ type: 'object', properties: { a: { type: 'strng' } } })).toThrow("'properties.a.type' must be equal to one of the allowed values");
    expect(() => compileUserSchema({ type: 'object', properties: { a: { $ref: '#/$defs/missing' } } })).toThrow(/can't resolve reference/);
  });

  test('strict-mode violations in the API’s words', () => {
    expect(strictModeViolation({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] })).toBe(
      "In context=(), 'additionalProperties' is required to be supplied and to be false.",
    );
    expect(strictModeViolation({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a'], additionalProperties: false })).toBe(
      "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'b'.",
    );
    expect(
      strictModeViolation({
        type: 'object',
        additionalProperties: false,
        required: ['inner'],
        properties: { inner: { type: 'object', properties: { x: { type: 'string' } }, required: ['x'] } },
      }),
    ).toBe("In context=('properties', 'inner'), 'additionalProperties' is required to be supplied and to be false.");
  });
});
