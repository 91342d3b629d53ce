/**
 * What the journal keeps of an exchange's headers, exactly: the request's as they arrived (repeated
 * ones joined, secret ones and those named with --redact-headers redacted), the reply's as they were
 * sent (numbers and lists as strings, the same redaction), whichever way the journal reads them.
 */
import http from 'node:http';
import { startEmulator, type RunningEmulator } from '../../src/index';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'journal-headers', redactHeaders: 'X-Custom-Private,openai-organization', testIdHeader: 'x-test-id' });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** A POST with exactly these headers (a list is sent as repeated lines); the reply's status and headers. */
function post(headers: Record<string, string | string[]>, body = JSON.stringify({ model: 'gpt-4o', input: 'hello' })): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  const { port } = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/responses', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The reply's headers as the emulator set them: what the client got, less what Node adds itself. */
function setByEmulator(headers: http.IncomingHttpHeaders): Record<string, unknown> {
  const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest } = headers;
  return rest;
}

describe('journaled headers', () => {
  test('a request without secrets: its headers as they arrived, repeated ones joined; the reply’s as sent', async () => {
    const reply = await post({ 'content-type': 'application/json', 'x-test-id': 'plain', 'x-multi': ['a', 'b'] });
    const [entry] = emulator.requests({ testId: 'plain' });
    expect(entry.request.headers).toEqual({ 'content-type': 'application/json', 'x-test-id': 'plain', 'x-multi': 'a, b', 'content-length': expect.any(String), host: expect.any(String), connection: 'close' });
    expect(entry.status).toBe(200);
    expect({ ...entry.response!.headers, 'openai-organization': '?' }).toEqual({ ...setByEmulator(reply.headers), 'openai-organization': '?' });
    // The organization header is named with --redact-headers: the reply has it, the journal does not.
    expect(reply.headers['openai-organization']).toBeDefined();
    expect(entry.response!.headers['openai-organization']).toBe('[REDACTED]');
    expect(Object.keys(entry.response!.headers)).toEqual(Object.keys(setByEmulator(reply.headers)));
  });

  test('a request with secrets: every secret header redacted, named ones whatever their case, the rest kept', async () => {
    await post({
      'content-type': 'application/json',
      'x-test-id': 'secret',
      authorization: 'Bearer sk-never-kept',
      'x-api-key': 'k-never-kept',
      'x-custom-private': 'p-never-kept',
      cookie: 'session=never-kept',
      'x-ratelimit-remaining-tokens': '9',
      accept: 'application/json',
    });
    const [entry] = emulator.requests({ testId: 'secret' });
    expect(entry.request.headers).toMatchObject({
      authorization: '[REDACTED]',
      'x-api-key': '[REDACTED]',
      'x-custom-private': '[REDACTED]',
      cookie: '[REDACTED]',
      'x-ratelimit-remaining-tokens': '9',
      accept: 'application/json',
      'x-test-id': 'secret',
    });
    expect(JSON.stringify(entry)).not.toContain('never-kept');
    expect(entry.testId).toBe('secret');
  });

  test('a refused request is journaled with its status and the reply’s headers', async () => {
    const reply = await post({ 'content-type': 'application/json', 'x-test-id': 'refused' }, '{not json');
    const [entry] = emulator.requests({ testId: 'refused' });
    expect(reply.status).toBe(400);
    expect(entry).toMatchObject({ status: 400, answeredBy: 'error', open: false });
    expect(Object.keys(entry.response!.headers)).toEqual(Object.keys(setByEmulator(reply.headers)));
    expect(entry.response!.headers['x-request-id']).toBe(reply.headers['x-request-id']);
  });
});
