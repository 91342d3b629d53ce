/**
 * No cross-site or DNS-rebinding access (as Vite and webpack-dev-server refuse it): a foreign `Host`
 * is a 403 on every route and on WebSocket upgrades, a foreign `Origin` too (same origin and no
 * origin stay served), a body must be declared JSON, and only origins listed with `--cors-origins`
 * get CORS on API routes — never on admin routes. Raw HTTP requests, so the headers are forged
 * exactly as an attacker's browser or a rebinding page would send them.
 */
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { createInProcessEmulator, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/index';
import { hostName, isAllowedHost } from '../../src/core/gate/site-checks';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(emulator: RunningEmulator, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: emulator.port, method, path, headers: { ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.once('error', reject);
    req.end(body);
  });
}

const json = (r: Raw): { error: { message: string; type: string; param: unknown; code: string } } => JSON.parse(r.body);
const BODY = JSON.stringify({ model: 'gpt-4o', input: 'hi' });

function upgrade(emulator: RunningEmulator, path: string, headers: Record<string, string>): Promise<{ status: number; body: string } | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${emulator.port}${path}`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    ws.once('error', () => undefined);
  });
}

describe('Host header (DNS rebinding)', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(() => emulator.close());

  test.each([
    ['GET', '/__emulator/requests'],
    ['GET', '/__emulator/events'],
    ['POST', '/__emulator/reset'],
    ['POST', '/v1/responses'],
    ['GET', '/v1/models'],
  ])('Host: evil.example on %s %s is a 403 host_not_allowed in the API error shape', async (method, path) => {
    const res = await raw(emulator, method, path, { host: 'evil.example', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) }, method === 'POST' ? BODY : undefined);
    expect(res.status).toBe(403);
    expect(json(res).error).toEqual({ message: expect.stringContaining("the host 'evil.example' is not allowed"), type: 'invalid_request_error', param: null, code: 'host_not_allowed' });
    expect(json(res).error.message).toContain('--allowed-hosts evil.example');
  });

  test('the Aitronos and Open Responses routes refuse in their own error shapes', async () => {
    const aitronos = await raw(emulator, 'POST', '/v1/model/response', { host: 'evil.example', 'content-type': 'application/json' }, BODY);
    expect(aitronos.status).toBe(403);
    expect(JSON.stringify(JSON.parse(aitronos.body))).not.toBe(JSON.stringify({ error: json(aitronos).error }));
    const open = await raw(emulator, 'POST', '/open-responses/v1/responses', { host: 'evil.example', 'content-type': 'application/json' }, BODY);
    expect(open.status).toBe(403);
    expect(json(open).error.code).toBe('host_not_allowed');
  });

  test.each(['localhost', 'localhost:4010', 'app.localhost:1', '127.0.0.1', '127.1.2.3:80', '[::1]:4010', 'LOCALHOST'])('loopback Host %s is served', async (host) => {
    const res = await raw(emulator, 'GET', '/v1/models', { host });
    expect(res.status).toBe(200);
  });

  test('a rebinding name that merely starts like loopback is refused', async () => {
    for (const host of ['localhost.evil.example', '127.0.0.1.nip.io', '127.0.0.256', 'evil.example:127.0.0.1']) {
      expect((await raw(emulator, 'GET', '/v1/models', { host })).status).toBe(403);
    }
  });

  test('the WebSocket upgrade refuses a foreign Host', async () => {
    const res = await upgrade(emulator, '/v1/responses', { host: 'evil.example' });
    expect(res).not.toBe('open');
    expect((res as { status: number }).status).toBe(403);
    expect(JSON.parse((res as { body: string }).body).error.code).toBe('host_not_allowed');
    expect(await upgrade(emulator, '/v1/responses', {})).toBe('open');
  });

  test('supertest-style 127.0.0.1:port and the in-process transport keep working', async () => {
    const inProcess = createInProcessEmulator();
    const res = await inProcess.fetch(`${inProcess.baseURL}/models`);
    expect(res.status).toBe(200);
    const admin = await inProcess.fetch(`${inProcess.url}/__emulator/health`);
    expect(admin.status).toBe(200);
    await inProcess.close();
  });
});

describe('--allowed-hosts', () => {
  const allowed = (host: string, allowedHosts: string[], bind = '127.0.0.1') => isAllowedHost(host, { host: bind, allowedHosts, corsOrigins: [] });

  test('names, subdomain patterns, all, and the bind address', () => {
    expect(allowed('emulator:4010', ['emulator'])).toBe(true);
    expect(allowed('other:4010', ['emulator'])).toBe(false);
    expect(allowed('api.svc.test', ['.svc.test'])).toBe(true);
    expect(allowed('svc.test', ['.svc.test'])).toBe(true);
    expect(allowed('evilsvc.test', ['.svc.test'])).toBe(false);
    expect(allowed('anything.example', ['all'])).toBe(true);
    expect(allowed('192.168.1.20:4010', [], '192.168.1.20')).toBe(true);
    expect(allowed('192.168.1.20:4010', [], '0.0.0.0')).toBe(false);
    expect(hostName('[::1]:80')).toBe('::1');
    expect(hostName('LocalHost.:4010')).toBe('localhost');
  });

  test('a container reached by service name is served once allowed (option, and env through the CLI table)', async () => {
    const emulator = await startEmulator({ port: 0, allowedHosts: 'emulator,.svc.test' });
    try {
      expect((await raw(emulator, 'GET', '/v1/models', { host: 'emulator:4010' })).status).toBe(200);
      expect((await raw(emulator, 'GET', '/__emulator/health', { host: 'api.svc.test' })).status).toBe(200);
      expect((await raw(emulator, 'GET', '/v1/models', { host: 'evil.example' })).status).toBe(403);
    } finally {
      await emulator.close();
    }
  });
});

describe('Origin', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, corsOrigins: 'http://localhost:5173' });
  });
  afterAll(() => emulator.close());
  const own = () => `http://127.0.0.1:${emulator.port}`;

  test('a foreign page cannot reset, read the journal or create responses', async () => {
    const reset = await raw(emulator, 'POST', '/__emulator/reset', { origin: 'https://evil.example', 'content-type': 'application/json' }, '{}');
    expect(reset.status).toBe(403);
    expect(json(reset).error.code).toBe('origin_not_allowed');
    expect((await raw(emulator, 'GET', '/__emulator/requests', { origin: 'https://evil.example' })).status).toBe(403);
    const create = await raw(emulator, 'POST', '/v1/responses', { origin: 'https://evil.example', 'content-type': 'application/json' }, BODY);
    expect(create.status).toBe(403);
    expect(json(create).error).toMatchObject({ type: 'invalid_request_error', code: 'origin_not_allowed', param: null });
    expect(create.headers['access-control-allow-origin']).toBeUndefined();
    expect((await raw(emulator, 'GET', '/v1/models', { origin: 'null' })).status).toBe(403);
  });

  test('the same origin (the inspector) and requests without an Origin are served', async () => {
    expect((await raw(emulator, 'POST', '/__emulator/reset', { origin: own() })).status).toBe(200);
    expect((await raw(emulator, 'GET', '/__emulator/requests', {})).status).toBe(200);
    expect((await raw(emulator, 'POST', '/v1/responses', { origin: own(), 'content-type': 'application/json' }, BODY)).status).toBe(200);
    expect((await raw(emulator, 'POST', '/v1/responses', { 'content-type': 'application/json' }, BODY)).status).toBe(200);
  });

  test('a listed origin gets CORS on API routes, preflight included', async () => {
    const app = 'http://localhost:5173';
    const preflight = await raw(emulator, 'OPTIONS', '/v1/responses', { origin: app, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(app);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization, content-type');
    const create = await raw(emulator, 'POST', '/v1/responses', { origin: app, 'content-type': 'application/json' }, BODY);
    expect(create.status).toBe(200);
    expect(create.headers['access-control-allow-origin']).toBe(app);
    expect(create.headers.vary).toContain('Origin');
    // Errors are readable by the app too.
    const bad = await raw(emulator, 'POST', '/v1/responses', { origin: app, 'content-type': 'application/json' }, '{}');
    expect(bad.status).toBe(400);
    expect(bad.headers['access-control-allow-origin']).toBe(app);
  });

  test('a listed origin never gets the admin routes', async () => {
    const app = 'http://localhost:5173';
    const list = await raw(emulator, 'GET', '/__emulator/requests', { origin: app });
    expect(list.status).toBe(403);
    expect(list.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await raw(emulator, 'OPTIONS', '/__emulator/reset', { origin: app, 'access-control-request-method': 'POST' });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('WebSocket upgrades: foreign origin refused, own, listed and none accepted', async () => {
    const foreign = await upgrade(emulator, '/v1/responses', { origin: 'https://evil.example' });
    expect(foreign).not.toBe('open');
    expect((foreign as { status: number }).status).toBe(403);
    expect(JSON.parse((foreign as { body: string }).body).error.code).toBe('origin_not_allowed');
    expect(await upgrade(emulator, '/v1/responses', { origin: own() })).toBe('open');
    expect(await upgrade(emulator, '/v1/responses', { origin: 'http://localhost:5173' })).toBe('open');
    expect(await upgrade(emulator, '/v1/responses', {})).toBe('open');
  });
});

describe('a body must be declared JSON', () => {
  let emulator: RunningEmulator;
  const options: EmulatorOptions = { port: 0 };
  beforeAll(async () => {
    emulator = await startEmulator(options);
  });
  afterAll(() => emulator.close());

  test('POST /__emulator/reset as text/plain is refused (a cross-site form needs no preflight)', async () => {
    const res = await raw(emulator, 'POST', '/__emulator/reset', { 'content-type': 'text/plain' }, '{}');
    expect(res.status).toBe(400);
    expect(json(res).error).toMatchObject({ type: 'invalid_request_error', code: 'unsupported_content_type', param: null });
    // Without a body, a reset still works (curl -X POST).
    expect((await raw(emulator, 'POST', '/__emulator/reset', {})).status).toBe(200);
  });

  test('a body without a Content-Type is refused, as the API answers a wrong one: 400 unsupported_content_type', async () => {
    const res = await raw(emulator, 'POST', '/v1/responses', {}, BODY);
    expect(res.status).toBe(400);
    expect(json(res).error).toEqual({ message: expect.stringContaining("only accepts 'application/json'"), type: 'invalid_request_error', param: null, code: 'unsupported_content_type' });
    const text = await raw(emulator, 'POST', '/v1/responses', { 'content-type': 'text/plain' }, BODY);
    expect(json(text).error.message).toBe(
      "Unsupported content type: 'text/plain'. This API method only accepts 'application/json' requests, but you specified the header 'Content-Type: text/plain'. Please try again with a supported content type.",
    );
    expect((await raw(emulator, 'DELETE', '/v1/responses/resp_1', { 'content-type': 'text/plain' }, 'x')).status).toBe(400);
  });
});
