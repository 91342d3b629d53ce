/**
 * Issue 17 §7, end to end: a strict structured output and a function call's arguments get values
 * that fit their fields (the issue saw `date: "Bob"` and `count: 5002343538869299`), valid against
 * the requested schema, with dates in the clock's year, the same bytes for the same seed.
 */
import request from 'supertest';
import { createApp } from '../../src/index';

const EVENT = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'date', 'count', 'email', 'website', 'created_at'],
  properties: {
    name: { type: 'string' },
    date: { type: 'string' },
    count: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 }, // what zod's .int() writes
    email: { type: 'string', format: 'email' },
    website: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
  },
};
const PROMPTS = ['Bob has an appointment', 'Plan an event for Bob', 'Extract the event: Alice and Bob meet on Friday', 'Summarize the meeting'];

function expectPlausible(v: Record<string, unknown>, year: string): void {
  expect(v.date).toMatch(new RegExp(`^${year}-\\d{2}-\\d{2}$`));
  expect(Number.isInteger(v.count)).toBe(true);
  expect(v.count).toBeGreaterThanOrEqual(0);
  expect(v.count).toBeLessThanOrEqual(20);
  expect(v.email).toMatch(/^[\w.+-]+@[\w-]+(\.[\w-]+)+$/);
  expect(v.website).toMatch(/^https:\/\//);
  expect(v.created_at).toMatch(new RegExp(`^${year}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$`));
}

describe('plausible values over HTTP', () => {
  const app = createApp({ seed: 'values', fixedTime: '2027-05-06T07:08:09Z' });

  test.each(PROMPTS)('structured output (text.format json_schema, strict) for %j', async (input) => {
    const res = await request(app)
      .post('/v1/responses')
      .send({ model: 'gpt-4o', input, text: { format: { type: 'json_schema', name: 'event', strict: true, schema: EVENT } } })
      .expect(200);
    const message = res.body.output.find((o: { type: string }) => o.type === 'message');
    expectPlausible(JSON.parse(message.content[0].text), '2027');
  });

  test('function call arguments read the same hints', async () => {
    const tool = { type: 'function', name: 'book_event', strict: true, parameters: EVENT };
    for (const input of PROMPTS) {
      const res = await request(app).post('/v1/responses').send({ model: 'gpt-4o', input, tools: [tool], tool_choice: 'required' }).expect(200);
      const call = res.body.output.find((o: { type: string }) => o.type === 'function_call');
      expectPlausible(JSON.parse(call.arguments), '2027');
    }
  });

  test('the same seed, clock and request give the same bytes; another clock year moves the dates', async () => {
    const body = { model: 'gpt-4o', input: PROMPTS[0], text: { format: { type: 'json_schema', name: 'event', strict: true, schema: EVENT } } };
    const text = async (a: ReturnType<typeof createApp>) => (await request(a).post('/v1/responses').send(body).expect(200)).body.output[0].content[0].text as string;
    const first = await text(createApp({ seed: 'same', fixedTime: '2027-05-06T07:08:09Z' }));
    expect(await text(createApp({ seed: 'same', fixedTime: '2027-05-06T07:08:09Z' }))).toBe(first);
    const later = JSON.parse(await text(createApp({ seed: 'same', fixedTime: '2030-01-01T00:00:00Z' })));
    expectPlausible(later, '2030');
  });
});
