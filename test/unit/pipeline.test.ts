/**
 * The API pipeline (src/pipeline/) runs without any transport: its arrival and admission steps and its
 * reply writers work on a plain ReplyChannel (here a small recording fake, no Express, no socket), and
 * nothing under src/pipeline/ imports Express, `ws` or a transport module.
 */
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { resolveConfig, type EmulatorOptions } from '../../src/config';
import { Emulator } from '../../src/emulator';
import { ApiError } from '../../src/errors';
import { isPromise } from '../../src/model/maybe-promise';
import { FaultSignal, parseFault } from '../../src/faults/faults';
import { admission, admit, upgradeFault } from '../../src/pipeline/admission';
import { arrival, frameArrival, journaledRequest, upgradeArrival } from '../../src/pipeline/arrival';
import { bodyReadError, failureOf, nestingError } from '../../src/pipeline/failure';
import { parseJsonBody } from '../../src/pipeline/json-body';
import type { ArrivingRequest, ExchangeContext, ReplyChannel } from '../../src/pipeline/context';
import { sendError, sendJson } from '../../src/pipeline/reply';

/** A reply written to memory: what a non-Express transport would hand the pipeline. */
class MemoryReply extends EventEmitter implements ReplyChannel {
  locals: ExchangeContext = {};
  statusCode = 200;
  headersSent = false;
  destroyed = false;
  socket = null;
  readonly headers: Record<string, string | number | readonly string[]> = {};
  body = '';
  ended = false;
  setHeader(name: string, value: string | number | readonly string[]): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
  getHeader(name: string): string | number | string[] | undefined {
    return this.headers[name.toLowerCase()] as string | number | string[] | undefined;
  }
  getHeaders(): OutgoingHttpHeaders {
    return { ...this.headers } as OutgoingHttpHeaders;
  }
  getHeaderNames(): string[] {
    return Object.keys(this.headers);
  }
  flushHeaders(): void {
    this.headersSent = true;
  }
  write(chunk: string): boolean {
    this.headersSent = true;
    this.body += chunk;
    return true;
  }
  end(chunk?: string): this {
    this.headersSent = true;
    if (chunk !== undefined) this.body += chunk;
    this.ended = true;
    this.emit('close');
    return this;
  }
  cork(): void {}
  uncork(): void {}
}

function request(path: string, headers: IncomingHttpHeaders = {}, body?: unknown, method = 'POST'): ArrivingRequest {
  return { method, path, originalUrl: path, headers: { host: 'localhost', ...headers }, body };
}

function emulatorWith(options: EmulatorOptions = {}): Emulator {
  return new Emulator(resolveConfig(options));
}

test('a caller without a key gets the 401 in its dialect, with the request id, journaled', () => {
  const emulator = emulatorWith({ apiKey: 'sk-test' } as EmulatorOptions);
  const reply = new MemoryReply();
  const verdict = arrival(emulator)(request('/v1/responses'), reply, true);
  expect(verdict).toBeInstanceOf(ApiError);
  sendError(reply, verdict as ApiError);
  expect(reply.statusCode).toBe(401);
  expect(JSON.parse(reply.body).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('API key') });
  expect(reply.headers['x-request-id']).toMatch(/^req_/);
  expect(reply.headers['openai-version']).toBeDefined();
  expect(reply.headers['openai-organization']).toBeDefined();
  const [entry] = emulator.journal.list();
  expect(entry).toMatchObject({ method: 'POST', path: '/v1/responses', status: 401, open: false });
});

test('the dialect is chosen by path before anything can fail', () => {
  const emulator = emulatorWith({ apiKey: 'sk-test' } as EmulatorOptions);
  const reply = new MemoryReply();
  arrival(emulator)(request('/v1/model/response'), reply, true);
  expect(reply.locals.dialect?.name).toBe('aitronos');
  expect(reply.headers['openai-organization']).toBeUndefined();
});

test('a listed origin gets CORS, and its preflight is answered on arrival', () => {
  const emulator = emulatorWith({ corsOrigins: 'https://app.example' } as EmulatorOptions);
  const reply = new MemoryReply();
  const verdict = arrival(emulator)(
    request('/v1/responses', { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' }, undefined, 'OPTIONS'),
    reply,
    true,
  );
  expect(verdict).toBe('answered');
  expect(reply.ended).toBe(true);
  expect(reply.statusCode).toBe(204);
  expect(reply.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example', 'access-control-allow-headers': 'authorization', 'access-control-max-age': '600' });
});

test('a foreign host is refused unless the transport says it has no network', () => {
  const emulator = emulatorWith();
  expect(arrival(emulator)(request('/v1/responses', { host: 'evil.example' }), new MemoryReply(), true)).toMatchObject({ status: 403, code: 'host_not_allowed' });
  expect(arrival(emulator)(request('/v1/responses', { host: 'evil.example' }), new MemoryReply(), false)).toBeNull();
});

test('admission counts the request, stamps rate-limit headers when the reply goes out, and chooses its fault', () => {
  const emulator = emulatorWith();
  const arrive = arrival(emulator);
  const admit = admission(emulator);
  const plain = new MemoryReply();
  const req = request('/v1/responses', {}, { model: 'gpt-4o' });
  expect(arrive(req, plain, true)).toBeNull();
  expect(admit(req, plain)).toBeNull();
  sendJson(plain, 200, { ok: true });
  expect(plain.headers['x-ratelimit-remaining-requests']).toBeDefined();
  expect(plain.body).toBe('{"ok":true}');

  const faulty = new MemoryReply();
  const withFault = request('/v1/responses', { 'x-emulator-fault': 'server_error' }, { model: 'gpt-4o' });
  arrive(withFault, faulty, true);
  const admitted = admit(withFault, faulty);
  // With the in-memory budgets and counts, admission answers at once (no Promise, nothing waits).
  if (isPromise(admitted)) throw new Error('admission waited with the in-memory limiter');
  const chosen = admitted;
  expect(chosen?.action.kind).toBe('error');
  expect(chosen?.fault.spec).toBe('server_error');
});

describe('WebSocket: the upgrade and its frames pass the same steps', () => {
  test('the upgrade: host, origin and key checked, with no request id taken and no journal entry', () => {
    const emulator = emulatorWith({ apiKey: 'sk-test', corsOrigins: 'https://app.example' } as EmulatorOptions);
    const arrive = upgradeArrival(emulator);
    expect(arrive({ host: 'evil.example', 'x-api-key': 'sk-test' })).toMatchObject({ status: 403, code: 'host_not_allowed' });
    expect(arrive({ host: 'localhost', origin: 'https://evil.example', 'x-api-key': 'sk-test' })).toMatchObject({ status: 403, code: 'origin_not_allowed' });
    expect(arrive({ host: 'localhost' })).toMatchObject({ status: 401 });
    expect(arrive({ host: 'localhost', origin: 'https://app.example', 'x-api-key': 'sk-test' })).toBe('sk-test');
    expect(emulator.journal.list()).toHaveLength(0);
    // The first request id is still the first frame's.
    expect(emulatorWith({ apiKey: 'sk-test' } as EmulatorOptions).nextRequestId()).toBe(emulator.nextRequestId());
  });

  test('the upgrade’s fault is its own header’s only: a queued fault waits for a frame', () => {
    const emulator = emulatorWith();
    emulator.failNextRequests(parseFault('server_error'), 1);
    const faultOf = upgradeFault(emulator);
    expect(faultOf({})).toBeNull();
    expect(faultOf({ 'x-emulator-fault': 'stream_cut;after=3' })).toMatchObject({ fault: { kind: 'stream_cut' }, action: { kind: 'interrupt' } });
    expect(() => faultOf({ 'x-emulator-fault': 'meltdown' })).toThrow(expect.objectContaining({ status: 400 }) as Error);
    const frame = frameArrival(emulator)(journaledRequest({ originalUrl: '/v1/responses', headers: { host: 'localhost', 'x-emulator-fault': 'stream_cut' } }), 'openai');
    expect(admit(emulator)('anonymous', 'gpt-4o', undefined, null, frame)).toMatchObject({ fault: { kind: 'server_error' }, action: { kind: 'error' } });
    expect(frame.entry.fault).toEqual({ spec: 'server_error', source: 'queued' });
  });

  test('each frame is a journal entry of its own (WS, the upgrade’s path redacted), and spends the key’s budget with HTTP requests', () => {
    const emulator = emulatorWith({ rpm: 2, testIdHeader: 'x-test-id' } as EmulatorOptions);
    const upgrade = journaledRequest({ originalUrl: '/v1/responses?api_key=sk-secret', headers: { host: 'localhost', 'x-test-id': 't1' } });
    const arriveFrame = frameArrival(emulator);
    const frames = [arriveFrame(upgrade, 'openai'), arriveFrame(upgrade, 'openai')];
    expect(frames[0].entry).toMatchObject({ method: 'WS', dialect: 'openai', testId: 't1', open: true });
    expect(frames[0].entry.path).not.toContain('sk-secret');
    expect(frames[1].entry.id).not.toBe(frames[0].entry.id);
    expect(emulator.journal.list()).toHaveLength(2);

    const req = request('/v1/responses', { authorization: 'Bearer sk-shared' }, { model: 'gpt-4o' });
    const reply = new MemoryReply();
    expect(arrival(emulator)(req, reply, true)).toBeNull();
    expect(admission(emulator)(req, reply)).toBeNull();
    expect(admit(emulator)('sk-shared', 'gpt-4o', undefined, null, frames[0])).toBeNull();
    expect(() => admit(emulator)('sk-shared', 'gpt-4o', undefined, null, frames[1])).toThrow(expect.objectContaining({ status: 429 }) as Error);
  });
});

test('failures: API errors as they are, a fixture fault served and journaled, a framework 4xx kept, anything else a logged generic 500', () => {
  const emulator = emulatorWith();
  const reply = new MemoryReply();
  arrival(emulator)(request('/v1/responses'), reply, true);
  const logged: unknown[] = [];
  const log = (_message: string, error: unknown): number => logged.push(error);

  const refused = new ApiError(400, 'invalid_request_error', 'no', null, null);
  expect(failureOf(refused, reply, log)).toEqual({ kind: 'error', error: refused });

  const fault = failureOf(new FaultSignal(parseFault('timeout'), 'gpt-4o'), reply, log);
  expect(fault).toMatchObject({ kind: 'fault', fault: { spec: 'timeout' } });
  expect(emulator.journal.list()[0]).toMatchObject({ answeredBy: 'fault', fault: { spec: 'timeout', source: 'fixture' } });

  expect(failureOf(Object.assign(new URIError('bad'), { status: 400 }), reply, log)).toMatchObject({ error: { status: 400, message: 'Invalid URL encoding in the request path.' } });
  expect(logged).toEqual([]);

  const bug = new TypeError('oops');
  const generic = failureOf(bug, reply, log);
  expect(generic).toMatchObject({ kind: 'error', error: { status: 500 } });
  expect((generic as { error: ApiError }).error.message).not.toContain('oops');
  expect(logged).toEqual([bug]);
});

test('a body that cannot be read: 413 over the limit, 415 for an unknown encoding, 400 for an unreadable body, bad JSON or too deep; an empty one is {}', () => {
  expect(bodyReadError({ type: 'entity.too.large' }, 2048)).toMatchObject({ status: 413, code: 'request_too_large', message: expect.stringContaining('2048 bytes') });
  expect(bodyReadError(Object.assign(new Error('br'), { type: 'encoding.unsupported' }), 1)).toMatchObject({ status: 415, code: 'unsupported_content_type' });
  expect(bodyReadError(new Error('incorrect header check'), 1)).toMatchObject({ status: 400, message: 'Could not read the request body: incorrect header check.' });
  expect(parseJsonBody('{"model": ')).toMatchObject({ ok: false, error: { status: 400 } });
  expect(parseJsonBody('\uFEFF')).toEqual({ ok: true, body: {} });
  let deep: unknown = 1;
  for (let i = 0; i < 200; i++) deep = [deep];
  expect(nestingError({ input: deep })).toMatchObject({ status: 400, code: 'invalid_value' });
  expect(nestingError({ input: [[1]] })).toBeNull();
});

const SRC = join(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

test('nothing under src/pipeline/ imports Express, ws or a transport', () => {
  const files = sourceFiles(join(SRC, 'pipeline'));
  expect(files.length).toBeGreaterThan(5);
  const offending = files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s+|\bimport\s+)['"]([^'"]+)['"]/g)]
      .map((m) => m[1])
      .filter((s) => /^(express|ws)(\/|$)/.test(s) || (s.startsWith('.') && ['http', 'ws', 'transport', 'admin', 'record'].includes(relative(SRC, join(file, '..', s)).split(/[\\/]/)[0])))
      .map((s) => `${relative(SRC, file)} → ${s}`),
  );
  expect(offending).toEqual([]);
});
