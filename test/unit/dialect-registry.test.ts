/**
 * The dialect registry and endpoint tables drive the transports: every endpoint a dialect lists is
 * served over HTTP where its `mount` says, the WebSocket routes are the registry's, and an endpoint
 * answers a plain call with no transport at all (what makes it transport-neutral).
 */
import request from 'supertest';
import type { Call, Endpoint, Reply } from '../../src/dialects/endpoint';
import { aitronosDialect } from '../../src/dialects/aitronos/dialect';
import { aitronosEndpoints } from '../../src/dialects/aitronos/endpoints';
import { openaiDialect } from '../../src/dialects/openai/dialect';
import { DIALECT_LIST, FALLBACK_DIALECT } from '../../src/dialects/registry';
import type { Dialect } from '../../src/dialects/dialect';
import type { ConversationRecord } from '../../src/state/conversation-store';
import { createHttpApp } from '../../src/http/app';
import { createEmulator } from '../../src/index';
import { dialectWsRoutes } from '../../src/ws/routes/dialect-route';
import { REJECT_UNKNOWN_PARAMS } from '../../src/validation/unknown-params';

type Json = Record<string, unknown>;

/** A call as any transport could make it: plain data, unknown parameters refused, no header overrides. */
function plainCall(body: unknown, params: Record<string, string> = {}, query: Record<string, unknown> = {}): Call & { stored: string[] } {
  const stored: string[] = [];
  return {
    params,
    query,
    body,
    stored,
    policy: () => REJECT_UNKNOWN_PARAMS,
    options: () => ({ headers: {}, dialect: 'openai' }),
    answeredFromStore: (id) => void stored.push(id),
  };
}

function endpoint(dialect: Dialect, core: ReturnType<typeof createEmulator>, method: Endpoint['method'], path: string): Endpoint {
  const found = dialect.endpoints(core).find((e) => e.method === method && e.path === path);
  if (!found) throw new Error(`${dialect.name} has no ${method} ${path}`);
  return found;
}

describe('endpoints answer without a transport', () => {
  const core = createEmulator({ seed: 'endpoints', fixedTime: 1750000000 });
  afterAll(() => core.shutdown());

  test('JSON replies: the model list, and a stored response noted as answered from the store', () => {
    const models = endpoint(openaiDialect, core, 'get', '/models').handle(plainCall(undefined));
    expect(models).toMatchObject({ kind: 'json', status: 200, body: { object: 'list' } });
    const created = endpoint(openaiDialect, core, 'post', '/responses').handle(plainCall({ model: 'gpt-5.4', input: 'Hello' }));
    if (created.kind !== 'created') throw new Error(`expected a created reply, got ${created.kind}`);
    const id = created.created.record.id;
    const call = plainCall(undefined, { id });
    const stored: Reply = endpoint(openaiDialect, core, 'get', '/responses/:id').handle(call);
    expect(stored).toMatchObject({ kind: 'json', status: 200, body: { id, object: 'response', status: 'completed' } });
    expect(call.stored).toEqual([id]);
  });

  test("a create reply carries its dialect's rendering: OpenAI's Response object, Aitronos' Response Object and its thread", () => {
    const openai = endpoint(openaiDialect, core, 'post', '/responses').handle(plainCall({ model: 'gpt-5.4', input: 'Hi' }));
    if (openai.kind !== 'created') throw new Error(openai.kind);
    expect(openai.rendering.json(openai.created.record)).toMatchObject({ object: 'response', model: 'gpt-5.4' });

    const body = { model: 'gpt-5.4', inputs: [{ role: 'user', content: 'Hi' }], thread: 'thread_registry' };
    const aitronos = endpoint(aitronosDialect, core, 'post', '/v1/model/response').handle(plainCall(body));
    if (aitronos.kind !== 'created') throw new Error(aitronos.kind);
    const json = aitronos.rendering.json(aitronos.created.record) as Json;
    expect(json).toMatchObject({ object: 'response', threadId: 'thread_registry', choices: [{ index: 0 }] });
    expect(core.conversations.get('thread_registry')?.thread).toBe(true);
  });

  test('a malformed body throws the API error, as every transport answers it', () => {
    expect(() => endpoint(openaiDialect, core, 'post', '/responses').handle(plainCall({ model: 'gpt-5.4', input: 'x', bogus: 1 }))).toThrow(/bogus/);
  });
});

describe('endpoints take only the core services they call (src/core/services.ts)', () => {
  const unused = (): never => {
    throw new Error('not a service these endpoints call');
  };
  const conversations: ConversationRecord[] = [
    { id: 'thread_old', created_at: 1, metadata: {}, items: [{ type: 'message', id: 'msg_1', role: 'user', content: 'Hi' }], thread: true },
    { id: 'conv_1', created_at: 2, metadata: {}, items: [] },
    { id: 'thread_new', created_at: 3, metadata: { topic: 'x' }, items: [], thread: true },
  ];
  // Aitronos' thread endpoints read the conversation store: nothing else is there to call.
  const endpoints = aitronosEndpoints(
    {
      get schemas(): never {
        return unused();
      },
      get config(): never {
        return unused();
      },
      createResponse: unused,
      ensureThread: unused,
      createConversation: unused,
      conversations: { list: () => conversations, get: (id) => conversations.find((c) => c.id === id) },
    },
    aitronosDialect,
  );
  const threads = (method: Endpoint['method'], path: string): Endpoint => endpoints.find((e) => e.method === method && e.path === path)!;

  test('GET /v1/threads lists the threads of a stub store, newest first; a conversation that is not a thread is not one', () => {
    expect(threads('get', '/v1/threads').handle(plainCall(undefined))).toMatchObject({ body: { data: [{ id: 'thread_new', metadata: { topic: 'x' } }, { id: 'thread_old' }] } });
    expect(threads('get', '/v1/threads/:id').handle(plainCall(undefined, { id: 'thread_old' }))).toMatchObject({ body: { messages: [{ id: 'msg_1', role: 'user', content: 'Hi' }] } });
    expect(() => threads('get', '/v1/threads/:id').handle(plainCall(undefined, { id: 'conv_1' }))).toThrow(/Thread with id 'conv_1' not found/);
  });
});

/** Where HTTP serves a dialect's endpoint path (the fallback and the configured --dialect: under /v1). */
function servedAt(dialect: Dialect, path: string): string {
  return dialect.mount ? `${dialect.mount}${path}` : dialect.mount === '' ? path : `/v1${path}`;
}

describe.each(['openai', 'open-responses'] as const)('with --dialect %s, every endpoint of every dialect is served over HTTP', (chosen) => {
  const core = createEmulator({ seed: 'routes', dialect: chosen });
  const app = createHttpApp(core);
  afterAll(() => core.shutdown());
  const served = DIALECT_LIST.filter((d) => d.mount !== null || d === FALLBACK_DIALECT || d.name === chosen);

  test.each(served.flatMap((d) => d.endpoints(core).map((e) => [d.name, e.method, e.path, d] as const)))('%s %s %s', async (_name, method, path, dialect) => {
    const url = servedAt(dialect, path.replace(/:[A-Za-z_]+/g, 'unknown_1'));
    const res = method === 'get' ? await request(app).get(url) : method === 'delete' ? await request(app).delete(url) : await request(app).post(url).send({});
    // Whatever the endpoint says of this call (400, 404 for an unknown id…), the route itself exists.
    expect(res.text).not.toMatch(/Invalid URL/);
    expect(res.status).not.toBe(405);
  });

  test('a path no endpoint has is the unknown-route 404', async () => {
    const res = await request(app).get('/v1/no-such-endpoint');
    expect(res.status).toBe(404);
    expect(res.text).toMatch(/Invalid URL/);
  });
});

test('WebSocket routes are read off the registry: each dialect with a WebSocket mode, on the paths it names', () => {
  const paths = (dialect: 'openai' | 'open-responses') => {
    const core = createEmulator({ dialect });
    const routes = dialectWsRoutes(core).map((r) => [r.dialect.name, [...r.paths]]);
    core.shutdown();
    return routes;
  };
  expect(paths('openai')).toEqual([
    ['openai', ['/v1/responses', '/responses']],
    ['open-responses', ['/open-responses/v1/responses']],
  ]);
  expect(paths('open-responses')).toEqual([['open-responses', ['/open-responses/v1/responses', '/v1/responses', '/responses']]]);
});
