/**
 * `--unknown-params`: by default a parameter the emulator does not know is the API's 400; with
 * `warn` it is dropped, the request answered, and the parameter named in the
 * `x-emulator-unknown-params` header and the journal entry (HTTP and WebSocket).
 */
import request from 'supertest';
import { createApp, createEmulator, resolveConfig, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/index';
import { buildProgram } from '../../src/cli';
import { MAX_UNKNOWN_PARAMS_HEADER, unknownParamsHeader } from '../../src/pipeline/journal-notes';
import { MAX_DROPPED_PARAMS } from '../../src/validation/unknown-params';
import { wsExchange } from '../helpers/ws-frames';

type Json = Record<string, unknown>;

const HEADER = 'x-emulator-unknown-params';
const BODY = { model: 'gpt-5.4', input: [{ role: 'user', content: 'Hi', shade: 'blue' }], temprature: 0.2, text: { format: { type: 'text' }, color: 'red' } };

describe('reject (the default): the API’s 400', () => {
  const app = createApp({ seed: 'unknown-params' });

  test('the first unknown parameter is named, nothing is answered', async () => {
    const res = await request(app).post('/v1/responses').send(BODY).expect(400);
    expect(res.body.error).toMatchObject({ code: 'unknown_parameter', type: 'invalid_request_error' });
    expect(res.body.error.message).toBe(`Unknown parameter: '${String(res.body.error.param)}'.`);
    expect(res.headers[HEADER]).toBeUndefined();
  });
});

describe('warn: dropped, answered, reported', () => {
  const emulator = createEmulator({ seed: 'unknown-params', unknownParams: 'warn' });
  const app = createApp({ seed: 'unknown-params', unknownParams: 'warn' });

  test('a JSON answer names every dropped parameter in the header and the journal', async () => {
    const res = await request(app).post('/v1/responses').set('x-test-id', 'warn-json').send(BODY).expect(200);
    expect(res.body.status).toBe('completed');
    expect(res.body.temperature).toBe(1); // the unknown `temprature` had no effect
    expect(res.headers[HEADER].split(',').sort()).toEqual(['input[0].shade', 'temprature', 'text.color']);
    const journal = await request(app).get('/__emulator/requests?test_id=warn-json').expect(200);
    const entry = journal.body.data[0] as Json;
    expect((entry.unknownParams as string[]).sort()).toEqual(['input[0].shade', 'temprature', 'text.color']);
    // The journal keeps the request as it was sent.
    expect((entry.request as Json).body).toMatchObject({ temprature: 0.2 });
  });

  test('a stream carries the header too', async () => {
    const res = await request(app).post('/v1/responses').send({ model: 'gpt-5.4', input: 'Hi', stream: true, zeal: 1 }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers[HEADER]).toBe('zeal');
    expect(res.text).toContain('event: response.completed');
  });

  test('a request with nothing unknown has no header and no journal note', async () => {
    const res = await request(app).post('/v1/responses').set('x-test-id', 'warn-clean').send({ model: 'gpt-5.4', input: 'Hi' }).expect(200);
    expect(res.headers[HEADER]).toBeUndefined();
    const journal = await request(app).get('/__emulator/requests?test_id=warn-clean').expect(200);
    expect(journal.body.data[0].unknownParams).toBeNull();
  });

  test('every endpoint with a body: input_tokens, compact, conversations', async () => {
    for (const [path, body] of [
      ['/v1/responses/input_tokens', { model: 'gpt-5.4', input: 'Hi', extra: true }],
      ['/v1/responses/compact', { model: 'gpt-5.4', input: 'Hi', extra: true }],
      ['/v1/conversations', { metadata: {}, extra: true }],
    ] as const) {
      const res = await request(app).post(path).send(body).expect(200);
      expect(res.headers[HEADER]).toBe('extra');
    }
  });

  test('other errors are still the API’s 400, after the unknown parameters are dropped', async () => {
    const res = await request(app).post('/v1/responses').send({ model: 'gpt-5.4', input: 'Hi', extra: 1, temperature: 'hot' }).expect(400);
    expect(res.body.error).toMatchObject({ param: 'temperature', code: 'invalid_type' });
  });

  test(`more than ${MAX_DROPPED_PARAMS} unknown parameters in one body are refused as in reject mode`, async () => {
    const body: Json = { model: 'gpt-5.4', input: 'Hi' };
    for (let i = 0; i <= MAX_DROPPED_PARAMS; i++) body[`x${i}`] = i;
    const res = await request(app).post('/v1/responses').send(body).expect(400);
    expect(res.body.error.code).toBe('unknown_parameter');
  });

  test('hostile keys (__proto__, constructor) are dropped without touching any prototype', async () => {
    const raw = '{"model":"gpt-5.4","input":[{"role":"user","content":"hi","__proto__":{"polluted":1}}],"__proto__":{"x":1},"constructor":{"prototype":{"y":2}}}';
    const res = await request(app).post('/v1/responses').set('content-type', 'application/json').send(raw).expect(200);
    expect(res.headers[HEADER].split(',').sort()).toEqual(['__proto__', 'constructor', 'input[0].__proto__']);
    expect(({} as Json).polluted ?? ({} as Json).x ?? ({} as Json).y).toBeUndefined();
  });

  test('the library option resolves, and the emulator core uses it', () => {
    expect(emulator.config.unknownParams).toBe('warn');
    expect(resolveConfig().unknownParams).toBe('reject');
    expect(() => resolveConfig({ unknownParams: 'ignore' as never })).toThrow(/unknown-params must be one of reject, warn/);
  });
});

describe('the option from the command line and the environment', () => {
  async function parsed(argv: string[]): Promise<EmulatorOptions> {
    let options: EmulatorOptions = {};
    await buildProgram(async (_kind, o) => void (options = o), () => undefined).parseAsync(['node', 'responses-emulator', ...argv]);
    return options;
  }

  test('--unknown-params warn, and RESPONSES_EMULATOR_UNKNOWN_PARAMS', async () => {
    expect((await parsed(['--unknown-params', 'warn'])).unknownParams).toBe('warn');
    process.env.RESPONSES_EMULATOR_UNKNOWN_PARAMS = 'warn';
    try {
      expect(resolveConfig(await parsed([])).unknownParams).toBe('warn');
    } finally {
      delete process.env.RESPONSES_EMULATOR_UNKNOWN_PARAMS;
    }
  });
});

describe('the header value', () => {
  test('percent-encodes what a header cannot carry, and the separator', () => {
    expect(unknownParamsHeader(['a', 'input[0].b', 'é,%+', 'line\nbreak'])).toBe('a,input[0].b,%C3%A9%2C%25%2B,line%0Abreak');
  });

  test(`stops at ${MAX_UNKNOWN_PARAMS_HEADER} characters with a count of the rest`, () => {
    const paths = Array.from({ length: 40 }, (_, i) => `${'k'.repeat(100)}${i}`);
    const value = unknownParamsHeader(paths);
    expect(value.length).toBeLessThanOrEqual(MAX_UNKNOWN_PARAMS_HEADER + 4);
    expect(value).toMatch(/,\+\d+$/);
    const shown = value.split(',').length - 1;
    expect(value.endsWith(`+${40 - shown}`)).toBe(true);
  });
});

describe('over WebSocket', () => {
  let running: RunningEmulator;
  beforeAll(async () => {
    running = await startEmulator({ port: 0, seed: 'unknown-params-ws', unknownParams: 'warn' });
  });
  afterAll(async () => running.close());

  test('a response.create with unknown fields is answered and its journal entry names them', async () => {
    const frames = await wsExchange(`${running.baseURL.replace('http', 'ws')}/responses`, [{ type: 'response.create', model: 'gpt-5.4', input: 'Hi', client_metadata: { a: 'b' }, mystery: { deep: 1 } }], 1);
    const completed = frames.find((f) => f.type === 'response.completed');
    expect(completed).toBeDefined();
    const id = String((completed!.response as Json).id);
    const entry = running.requests().find((e) => e.responseId === id);
    expect(entry?.unknownParams).toEqual(['mystery']);
  });
});
