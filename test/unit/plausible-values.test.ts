/**
 * Values that fit their field (issue 17 §7): a `date` is an ISO date in the clock's year, not
 * "Bob"; a `count` is a small integer, not 5002343538869299; an `email` looks like one. Read from
 * the format first and the name second, inside the schema's own constraints, seeded.
 */
import fc from 'fast-check';
import { stringKind, numberKind } from '../../src/engine/field-kinds';
import { extractPromptValues } from '../../src/engine/prompt-values';
import { fakeValue } from '../../src/engine/schema-faker';
import { compileUserSchema } from '../../src/engine/user-schemas';
import { Rng } from '../../src/random';
import { objectSchema } from '../helpers/arbitrary-schemas';

type Schema = Record<string, unknown>;

/** A strict structured-output schema of plain, unconstrained fields: only the names say what they hold. */
function strict(properties: Record<string, Schema>): Schema {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

const str = { type: 'string' };
const int = { type: 'integer' };
const num = { type: 'number' };

const PROFILE = strict({
  name: str, first_name: str, last_name: str, email: str, website: str, phone: str, zip: str, city: str, country: str, company: str,
  date: str, birthday: str, created_at: str, start_time: str, id: str, user_id: str, description: str,
  count: int, n_items: int, quantity: num, age: int, price: num, year: int, rating: int, timeout_ms: int,
});

const ISO_DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[a-z0-9._+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const NAMED_PROMPTS = ['Bob wants an event summary', 'Plan an event for Bob', 'Extract the event: Alice and Bob meet on Friday', ''];

const profiles = (prompt: string, year = 2026, runs = 40) =>
  Array.from({ length: runs }, (_, seed) => fakeValue(PROFILE, new Rng(seed), extractPromptValues(prompt, [], year)) as Record<string, unknown>);

describe('named fields get plausible values (structured outputs, no format given)', () => {
  test.each(NAMED_PROMPTS)('prompt %j', (prompt) => {
    const validate = compileUserSchema(PROFILE);
    for (const v of profiles(prompt)) {
      expect(validate(v)).toBe(true);
      expect(v.date).toMatch(ISO_DATE);
      expect(String(v.date).slice(0, 4)).toBe('2026');
      expect(v.birthday).toMatch(ISO_DATE);
      expect(2026 - Number(String(v.birthday).slice(0, 4))).toBeGreaterThanOrEqual(18);
      expect(v.created_at).toMatch(ISO_DATE_TIME);
      expect(v.start_time).toMatch(/^\d{2}:\d{2}$/);
      expect(v.email).toMatch(EMAIL);
      expect(v.website).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+\//);
      expect(v.phone).toMatch(/^\+?[\d\s()-]{7,}$/);
      expect(v.zip).toMatch(/^\d{5}$/);
      expect(v.first_name).toMatch(/^[A-Z][a-z]+$/);
      expect(v.last_name).toMatch(/^[A-Z][A-Za-z-]+$/);
      expect(v.user_id).toMatch(/^user_[0-9a-f]{8}$/);
      for (const key of ['count', 'n_items', 'quantity']) {
        expect(Number.isInteger(v[key])).toBe(true);
        expect(v[key]).toBeGreaterThanOrEqual(0);
        expect(v[key]).toBeLessThanOrEqual(20);
      }
      expect(v.age).toBeGreaterThanOrEqual(18);
      expect(v.age).toBeLessThanOrEqual(90);
      expect(Math.round(Number(v.price) * 100) / 100).toBe(v.price);
      expect(v.price).toBeGreaterThan(0);
      expect(Math.abs(Number(v.year) - 2026)).toBeLessThanOrEqual(5);
      expect(v.rating).toBeGreaterThanOrEqual(1);
      expect(v.rating).toBeLessThanOrEqual(5);
      expect(Number(v.timeout_ms) % 1000).toBe(0);
      // Nothing a name-like field would get from the prompt lands in a date or a count.
      expect(String(v.date)).not.toMatch(/bob|alice/i);
    }
  });

  test('values vary with the seed, and the same seed gives the same value', () => {
    const runs = profiles('', 2026);
    expect(new Set(runs.map((v) => v.date)).size).toBeGreaterThan(10);
    expect(new Set(runs.map((v) => v.email)).size).toBeGreaterThan(10);
    expect(new Set(runs.map((v) => v.age)).size).toBeGreaterThan(10);
    expect(profiles('', 2026)).toEqual(runs);
  });

  test("dates and years follow the clock's year", () => {
    for (const v of profiles('', 2031, 20)) {
      expect(String(v.date).slice(0, 4)).toBe('2031');
      expect(String(v.created_at).slice(0, 4)).toBe('2031');
      expect(Math.abs(Number(v.year) - 2031)).toBeLessThanOrEqual(5);
    }
  });

  test('camelCase names read like snake_case ones', () => {
    const schema = strict({ createdAt: str, firstName: str, itemCount: int, emailAddress: str });
    const v = fakeValue(schema, new Rng(4), extractPromptValues('')) as Record<string, unknown>;
    expect(v.createdAt).toMatch(ISO_DATE_TIME);
    expect(v.firstName).toMatch(/^[A-Z][a-z]+$/);
    expect(v.itemCount).toBeLessThanOrEqual(20);
    expect(v.emailAddress).toMatch(EMAIL);
  });

  test('`name` reads its parent: a company’s name is a company, a product’s a product', () => {
    const schema = strict({ company: strict({ name: str }), products: { type: 'array', minItems: 2, maxItems: 2, items: strict({ name: str, price: num }) }, author: strict({ name: str }) });
    const v = fakeValue(schema, new Rng(1), extractPromptValues('')) as { company: { name: string }; products: { name: string }[]; author: { name: string } };
    expect(['Acme Corporation', 'Globex', 'Initech', 'Northwind Traders', 'Contoso', 'Umbrella Labs']).toContain(v.company.name);
    expect(v.products[0].name).not.toBe(v.products[1].name);
    expect(v.author.name).toMatch(/^[A-Z][a-z]+ [A-Z][A-Za-z-]+$/);
  });

  test('list items differ', () => {
    const schema = strict({ attendees: { type: 'array', minItems: 3, maxItems: 3, items: str }, dates: { type: 'array', minItems: 3, maxItems: 3, items: { type: 'string', format: 'date' } } });
    for (let seed = 0; seed < 10; seed++) {
      const v = fakeValue(schema, new Rng(seed), extractPromptValues('')) as { attendees: string[]; dates: string[] };
      expect(new Set(v.attendees).size).toBe(3);
      for (const d of v.dates) expect(d).toMatch(ISO_DATE);
    }
  });

  test('the prompt still wins where it names the value', () => {
    const schema = strict({ recipient: str, email: str, date: str, guests: int, city: str });
    const values = extractPromptValues('Invite Grace Hopper (grace@example.com) to dinner in Lisbon on 2025-07-04 for 6 guests');
    expect(fakeValue(schema, new Rng(1), values)).toEqual({ recipient: 'Grace Hopper', email: 'grace@example.com', date: '2025-07-04', guests: 6, city: 'Lisbon' });
  });

  test('a number the prompt states is taken only where it can fit ("3 books" is no year)', () => {
    const schema = strict({ year: int, age: int });
    const v = fakeValue(schema, new Rng(2), extractPromptValues('List 3 books')) as { year: number; age: number };
    expect(v.year).toBeGreaterThan(2000);
    expect(fakeValue(schema, new Rng(2), extractPromptValues('I am 34, born in 1991'))).toEqual({ year: 1991, age: 34 });
  });
});

describe('formats', () => {
  const FORMATTED = strict({
    a: { type: 'string', format: 'date' }, b: { type: 'string', format: 'date-time' }, c: { type: 'string', format: 'time' }, d: { type: 'string', format: 'email' },
    e: { type: 'string', format: 'uri' }, f: { type: 'string', format: 'uuid' }, g: { type: 'string', format: 'hostname' }, h: { type: 'string', format: 'ipv4' },
    i: { type: 'string', format: 'ipv6' }, j: { type: 'string', format: 'duration' },
  });

  test('each format gets a readable value of that format', () => {
    const validate = compileUserSchema(FORMATTED);
    for (let seed = 0; seed < 20; seed++) {
      const v = fakeValue(FORMATTED, new Rng(seed), extractPromptValues('')) as Record<string, string>;
      expect(validate(v)).toBe(true);
      expect(v.a).toMatch(/^2026-/);
      expect(v.b).toMatch(/^2026-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
      expect(v.c).toMatch(/^\d{2}:\d{2}:00Z$/);
      expect(v.d).toMatch(/@example\.(com|org|net)$/);
      expect(v.e).toMatch(/^https:\/\/example\.(com|org|net)\//);
      expect(v.f).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(v.g).toMatch(/^[a-z]+\.example\.(com|org|net)$/);
      expect(v.h).toMatch(/^192\.0\.2\.\d{1,3}$/);
      expect(v.i).toMatch(/^2001:db8::[0-9a-f]+$/);
      expect(v.j).toMatch(/^PT\d+M$/);
    }
  });

  test('a declared format wins over the name', () => {
    expect(stringKind('email', 'date')).toBe('date');
    expect(stringKind('birthday', 'email')).toBe('email');
    const v = fakeValue(strict({ email: { type: 'string', format: 'date' }, created_at: { type: 'string', format: 'email' } }), new Rng(3), extractPromptValues('')) as Record<string, string>;
    expect(v.email).toMatch(ISO_DATE);
    expect(v.created_at).toMatch(EMAIL);
  });

  test('a format the emulator has no stand-in for keeps the generator’s valid draft', () => {
    expect(stringKind('email', 'json-pointer')).toBeNull();
    const schema = strict({ email: { type: 'string', format: 'json-pointer' } });
    expect(compileUserSchema(schema)(fakeValue(schema, new Rng(1), extractPromptValues('')))).toBe(true);
  });

  test('kinds by name', () => {
    expect(numberKind('count')).toBe('count');
    expect(numberKind('years_of_experience')).not.toBe('year');
    expect(stringKind('update', undefined)).not.toBe('date');
    expect(stringKind('country_code', undefined)).toBe('country-code');
    expect(stringKind('order_id', undefined)).toBe('id');
  });
});

describe("the schema's own constraints win", () => {
  test('minimum / maximum / exclusive bounds / multipleOf', () => {
    const schema = strict({
      count: { type: 'integer', minimum: 100, maximum: 120 },
      age: { type: 'integer', minimum: 21 },
      price: { type: 'number', multipleOf: 0.5 },
      year: { type: 'integer', exclusiveMaximum: 2000 },
      quantity: { type: 'integer', maximum: -3 },
      rating: { type: 'number', exclusiveMinimum: 4, maximum: 5 },
    });
    const validate = compileUserSchema(schema);
    for (let seed = 0; seed < 30; seed++) {
      const v = fakeValue(schema, new Rng(seed), extractPromptValues('')) as Record<string, number>;
      expect(validate(v)).toBe(true);
      expect(v.count).toBeGreaterThanOrEqual(100);
      expect(v.count).toBeLessThanOrEqual(120);
      expect(v.age).toBeLessThanOrEqual(90); // the realistic range where it overlaps the bound
      expect(v.price % 0.5).toBe(0);
      expect(v.price).toBeLessThanOrEqual(500);
      expect(v.year).toBeGreaterThan(1900); // near the bound, not a draft far below it
      expect(v.quantity).toBeGreaterThanOrEqual(-30);
    }
  });

  test('fields named by patternProperties, or constrained only under if/then, still get their hints', () => {
    const byPattern = { type: 'object', patternProperties: { '^count$': { type: 'integer' } }, required: ['count'] };
    const conditional = { type: 'object', properties: { count: { type: 'integer' } }, required: ['count'], if: { properties: { count: { minimum: 0 } } }, then: { properties: { count: { maximum: 1e15 } } } };
    for (const schema of [byPattern, conditional]) {
      for (let seed = 0; seed < 10; seed++) {
        const v = fakeValue(schema, new Rng(seed), extractPromptValues('')) as { count: number };
        expect(compileUserSchema(schema)(v)).toBe(true);
        expect(v.count).toBeGreaterThanOrEqual(0);
        expect(v.count).toBeLessThanOrEqual(20);
      }
    }
  });

  test('enum, pattern and lengths: a stand-in that does not fit is not used', () => {
    const schema = strict({
      status: { type: 'string', enum: ['open', 'closed'] },
      date: { type: 'string', pattern: '^Q[1-4]$' },
      email: { type: 'string', maxLength: 5 },
      city: { type: 'string', maxLength: 3 },
    });
    const validate = compileUserSchema(schema);
    for (let seed = 0; seed < 20; seed++) {
      const v = fakeValue(schema, new Rng(seed), extractPromptValues('')) as Record<string, string>;
      expect(validate(v)).toBe(true);
      expect(v.date).toMatch(/^Q[1-4]$/);
      expect(v.city.length).toBeLessThanOrEqual(3);
    }
  });
});

describe('random schemas (seeded property test)', () => {
  test('values validate, and fields named count / date / email / age hold what their names say when unconstrained', () => {
    const plain = (s: unknown): s is Schema => !!s && typeof s === 'object' && Object.keys(s).length === 1;
    fc.assert(
      fc.property(objectSchema, fc.integer({ min: 0, max: 1e6 }), (schema, seed) => {
        const value = fakeValue(schema, new Rng(seed), extractPromptValues('Bob and Alice meet in Lisbon')) as Record<string, unknown>;
        expect(compileUserSchema(schema)(value)).toBe(true);
        const props = schema.properties as Record<string, Schema>;
        for (const [key, v] of Object.entries(value)) {
          if (!plain(props[key])) continue;
          const type = props[key].type;
          if (key === 'count' && type === 'integer') expect(v).toBeLessThanOrEqual(20);
          if (key === 'age' && type === 'integer') expect(v).toBeGreaterThanOrEqual(18);
          if (key === 'date' && type === 'string') expect(v).toMatch(ISO_DATE);
          if (key === 'created_at' && type === 'string') expect(v).toMatch(ISO_DATE_TIME);
          if (key === 'email' && type === 'string') expect(v).toMatch(EMAIL);
        }
      }),
      { numRuns: 300, seed: 20261202 },
    );
  });
});
