import request from 'supertest';
import { createApp } from '../../src/index';
import { expectValidAgainstProjectSchema } from '../helpers/project-schemas';

const app = createApp({ bodyLimit: '64kb' });

function expectApiError(res: request.Response, status: number, error: Partial<Record<'message' | 'type' | 'param' | 'code', unknown>>): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['x-request-id']).toMatch(/^req_/);
  expectValidAgainstProjectSchema('openai/error.json', res.body);
  expect(res.body.error).toMatchObject(error);
  expect(res.text).not.toMatch(/<html|at [\w.]+ \(|node_modules/i);
}

describe('HTTP-level errors', () => {
  test('malformed JSON → 400 with the API’s message', async () => {
    const res = await request(app).post('/v1/responses').set('content-type', 'application/json').send('{"model": "gpt-4o",');
    expectApiError(res, 400, { type: 'invalid_request_error', param: null, code: null, message: expect.stringContaining('We could not parse the JSON body') });
  });

  test('a body over the size limit → 413', async () => {
    const res = await request(app).post('/v1/responses').send({ model: 'gpt-4o', input: 'x'.repeat(70_000) });
    expectApiError(res, 413, { code: 'request_too_large' });
  });

  // Live traffic answers 400 (openai/openai-openapi#502), not 415.
  test('a non-JSON content type → 400 unsupported_content_type', async () => {
    const form = await request(app).post('/v1/responses').type('form').send('model=gpt-4o');
    expectApiError(form, 400, { code: 'unsupported_content_type', message: expect.stringContaining("'Content-Type: application/x-www-form-urlencoded'") });
    const text = await request(app).post('/v1/responses').set('content-type', 'text/plain').send('{"model":"gpt-4o"}');
    expectApiError(text, 400, { code: 'unsupported_content_type' });
  });

  test('JSON with a charset or a +json type is accepted', async () => {
    await request(app).post('/v1/responses').set('content-type', 'application/json; charset=utf-8').send('{"model":"gpt-4o","input":"hi"}').expect(200);
    await request(app).post('/v1/responses').set('content-type', 'application/vnd.api+json').send('{"model":"gpt-4o","input":"hi"}').expect(200);
  });

  test('an empty POST body is an empty request (missing model)', async () => {
    const res = await request(app).post('/v1/responses');
    expectApiError(res, 400, { param: 'model', code: 'missing_required_parameter' });
  });

  test('unknown routes → JSON 404 "Invalid URL"', async () => {
    expectApiError(await request(app).get('/v1/nope'), 404, { message: 'Invalid URL (GET /v1/nope)', param: null, code: null });
    expectApiError(await request(app).post('/_stainless_unknown_path').send({ a: 1 }), 404, { message: 'Invalid URL (POST /_stainless_unknown_path)' });
    // The SDK's own tests hit this with an invalid limit: routing must answer before validation.
    expectApiError(await request(app).get('/_stainless_unknown_path?limit=0&order=asc'), 404, {});
    expectApiError(await request(app).post('/v1/nope').set('content-type', 'application/json').send('{bad'), 404, {});
  });

  test('a known path with the wrong method → JSON 405 with Allow', async () => {
    const res = await request(app).put('/v1/responses');
    expectApiError(res, 405, { message: 'Invalid method for URL (PUT /v1/responses).' });
    expect(res.headers.allow).toBe('POST');
    const byId = await request(app).post('/v1/responses/resp_1');
    expect(byId.status).toBe(405);
    expect(byId.headers.allow).toBe('GET, DELETE');
  });

  test('GET /responses/input_tokens is a lookup of a response with that id, as in the API', async () => {
    expectApiError(await request(app).get('/v1/responses/input_tokens'), 404, { message: "Response with id 'input_tokens' not found." });
  });

  test('cancel: unknown → 404; a response that is not in background → 400', async () => {
    expectApiError(await request(app).post('/v1/responses/resp_missing/cancel'), 404, {});
    const created = await request(app).post('/v1/responses').send({ model: 'gpt-4o', input: 'x' });
    expectApiError(await request(app).post(`/v1/responses/${created.body.id}/cancel`), 400, {
      message: 'Only responses created with background=true can be cancelled.',
    });
  });

  test('bad stream query parameters are 400s naming them', async () => {
    const created = await request(app).post('/v1/responses').send({ model: 'gpt-4o', input: 'x' });
    expectApiError(await request(app).get(`/v1/responses/${created.body.id}?stream=true&starting_after=-5`), 400, { param: 'starting_after' });
    expectApiError(await request(app).get(`/v1/responses/${created.body.id}?stream=true&include_obfuscation=nah`), 400, { param: 'include_obfuscation' });
    expectApiError(await request(app).get(`/v1/responses/${created.body.id}?stream=maybe`), 400, { param: 'stream', code: 'invalid_type' });
  });

  test('hostile bodies never produce a 5xx', async () => {
    const bodies: unknown[] = [
      { model: 'gpt-4o', input: [{ __proto__: { polluted: true }, role: 'user', content: 'x' }] },
      JSON.parse('{"model":"gpt-4o","input":"x","__proto__":{"isAdmin":true}}'),
      { model: 'gpt-4o', input: [[[[[[[]]]]]]] },
      { model: 'gpt-4o', input: 'x', metadata: { constructor: 'x' } },
      { model: '\u0000\uFFFF', input: '\uD800' },
      { model: 'gpt-4o', tools: Array.from({ length: 50 }, () => ({ type: 'function', name: 'f' })) },
    ];
    for (const body of bodies) {
      const res = await request(app).post('/v1/responses').send(body as object);
      expect(res.status).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('pathological requests', () => {
  test('an undecodable path parameter is a 400, not a 500', async () => {
    expectApiError(await request(app).get('/v1/responses/%E0%A4%A'), 400, { message: 'Invalid URL encoding in the request path.' });
  });

  test('JSON nested beyond 128 levels is a 400 pointing at where it gets too deep', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const res = await request(app)
      .post('/v1/responses')
      .set('content-type', 'application/json')
      .send(`{"model":"gpt-4o","input":"x","tools":[{"type":"function","name":"f","parameters":${deep}}]}`);
    expectApiError(res, 400, { code: 'invalid_value' });
    expect(res.body.error.param).toBe('tools[0].parameters' + '.a'.repeat(125));
  });

  test('an unsupported charset or content encoding is a 415', async () => {
    const latin1 = await request(app).post('/v1/responses').set('content-type', 'application/json; charset=latin1').send('{"model":"gpt-4o"}');
    expectApiError(latin1, 415, { code: 'unsupported_content_type' });
  });
});
