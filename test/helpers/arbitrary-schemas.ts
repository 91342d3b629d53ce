/** fast-check arbitraries of varied JSON Schemas, the kind users send as tool parameters or structured outputs. */
import fc from 'fast-check';

type Schema = Record<string, unknown>;

const stringSchema: fc.Arbitrary<Schema> = fc.oneof(
  fc.constant({ type: 'string' }),
  fc.record({ type: fc.constant('string'), minLength: fc.integer({ min: 0, max: 5 }), maxLength: fc.integer({ min: 6, max: 40 }) }),
  fc.record({ type: fc.constant('string'), enum: fc.uniqueArray(fc.constantFrom('red', 'green', 'blue', 'celsius', 'fahrenheit', 'low', 'high'), { minLength: 1, maxLength: 4 }) }),
  fc.constantFrom(
    { type: 'string', format: 'email' },
    { type: 'string', format: 'date' },
    { type: 'string', format: 'date-time' },
    { type: 'string', format: 'uri' },
    { type: 'string', format: 'uuid' },
    { type: 'string', format: 'time' },
    { type: 'string', format: 'hostname' },
    { type: 'string', format: 'ipv4' },
    { type: 'string', format: 'ipv6' },
    { type: 'string', format: 'duration' },
    { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    { type: 'string', pattern: '^[0-9]{4}$' },
    { type: 'string', minLength: 3, maxLength: 6 },
    { type: 'string', pattern: '^[A-Z]{2}-[0-9]{3}$' },
    { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
  ),
);

const numberSchema: fc.Arbitrary<Schema> = fc.oneof(
  fc.constant({ type: 'integer' }),
  fc.constant({ type: 'number' }),
  fc.integer({ min: -50, max: 50 }).chain((min) => fc.record({ type: fc.constantFrom('integer', 'number'), minimum: fc.constant(min), maximum: fc.integer({ min: min + 1, max: min + 100 }) })),
  fc.integer({ min: -5000, max: 5000 }).chain((min) => fc.record({ type: fc.constantFrom('integer', 'number'), exclusiveMinimum: fc.constant(min), exclusiveMaximum: fc.integer({ min: min + 2, max: min + 3000 }) })),
  fc.record({ type: fc.constantFrom('integer', 'number'), minimum: fc.integer({ min: 0, max: 10 }), multipleOf: fc.constantFrom(0.5, 0.01, 5, 3) }),
  fc.record({ type: fc.constant('integer'), maximum: fc.integer({ min: -100, max: 0 }) }),
);

const leafSchema: fc.Arbitrary<Schema> = fc.oneof(stringSchema, numberSchema, fc.constant({ type: 'boolean' }), fc.constant({ const: 'fixed' }));

const NAMES = [
  'location', 'city', 'name', 'query', 'date', 'count', 'unit', 'title', 'email', 'tags', 'items', 'user', 'notes', 'days', 'address', 'id', 'price', 'status',
  'age', 'year', 'created_at', 'birthday', 'start_time', 'phone', 'zip', 'website', 'first_name', 'last_name', 'company', 'country', 'user_id', 'quantity', 'rating', 'latitude', 'timeout_ms',
];

/** Objects nest objects, arrays and nullable unions, with required subsets and additionalProperties: false. */
export const objectSchema: fc.Arbitrary<Schema> = fc.letrec<{ node: Schema; object: Schema }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafSchema,
    tie('object'),
    fc.record({ type: fc.constant('array'), items: tie('node'), minItems: fc.integer({ min: 0, max: 2 }), maxItems: fc.integer({ min: 2, max: 4 }) }),
    tie('node').map((inner) => ({ anyOf: [inner, { type: 'null' }] })),
  ),
  object: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5 }).chain((keys) =>
    fc.record({
      type: fc.constant('object'),
      properties: fc.tuple(...keys.map(() => tie('node'))).map((schemas) => Object.fromEntries(keys.map((k, i) => [k, schemas[i]]))),
      required: fc.subarray(keys),
      additionalProperties: fc.constant(false),
    }),
  ),
})).object;

/** Strict-mode shaped: every property required (as the SDK's zod helpers produce). */
export const strictObjectSchema: fc.Arbitrary<Schema> = objectSchema.map(function strictify(s: Schema): Schema {
  const out: Schema = { ...s };
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties as Record<string, Schema>).map(([k, v]) => [k, strictify(v)]));
    out.required = Object.keys(out.properties as object);
  }
  if (out.items) out.items = strictify(out.items as Schema);
  if (out.anyOf) out.anyOf = (out.anyOf as Schema[]).map(strictify);
  return out;
});
