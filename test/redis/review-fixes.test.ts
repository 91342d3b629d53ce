/**
 * The shared store under the conditions a review found it weak in (issue 20): many concurrent
 * identical requests, client-chosen item ids that look like the store's own separators, tool
 * credentials, keys without a TTL, clients that leave during the Redis round trip, Redis failing
 * after the exchange ran. Each case gets its own db number on one test server.
 */
import OpenAI from 'openai';
import Redis from 'ioredis';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis-server';

describeWithRedis('the Redis store, reviewed', () => {
  let server: RedisServer;
  let db = 0;
  let running: RunningEmulator[] = [];
  let clients: Redis[] = [];

  beforeAll(async () => {
    server = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(running.map((e) => e.close()));
    await Promise.all(clients.map((c) => c.quit()));
    running = [];
    clients = [];
  });
  afterAll(async () => {
    await server?.close();
  });

  async function replicas(options: Parameters<typeof startEmulator>[0] = {}): Promise<{ a: OpenAI; b: OpenAI; A: RunningEmulator; B: RunningEmulator; redis: Redis }> {
    const url = server.url(++db);
    const A = await startEmulator({ port: 0, store: url, ...options });
    const B = await startEmulator({ port: 0, store: url, ...options });
    running.push(A, B);
    const redis = new Redis(url);
    clients.push(redis);
    const client = (e: RunningEmulator) => new OpenAI({ apiKey: 'test', baseURL: e.baseURL, maxRetries: 0 });
    return { a: client(A), b: client(B), A, B, redis };
  }

  /** Every key in the db, with its value whatever its type. */
  async function dump(redis: Redis): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 500);
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'string') out.set(key, (await redis.get(key)) ?? '');
        else if (type === 'hash') out.set(key, JSON.stringify(await redis.hgetall(key)));
        else if (type === 'list') out.set(key, JSON.stringify(await redis.lrange(key, 0, -1)));
        else if (type === 'zset') out.set(key, JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
        else out.set(key, `(${type})`);
      }
      cursor = next;
    } while (cursor !== '0');
    return out;
  }

  test('many concurrent identical creates on two replicas all succeed, with distinct ids', async () => {
    const { a, b } = await replicas();
    const created = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).responses.create({ model: 'gpt-4.1', input: 'The same prompt' })));
    expect(created.every((r) => r.status === 'completed')).toBe(true);
    expect(new Set(created.map((r) => r.id)).size).toBe(40);
  });

  test("a number reserved for an exchange is not taken by another exchange that runs while the first waits", async () => {
    const { A } = await replicas();
    const shared = A.core.shared!;
    const client = (shared as unknown as { client: Redis }).client;
    const noReads = { responses: [], conversations: [], items: [] };
    const incr = client.incr.bind(client);
    // Another exchange of the same content starts when the first one's number arrives, a few turns of
    // the microtask queue later each time: whenever it runs, it must not get the first one's number.
    for (let delay = 0; delay < 8; delay++) {
      const counter = `occ:steal-${delay}`;
      let runs = 0;
      let other: Promise<number> | null = null;
      const spy = jest.spyOn(client, 'incr').mockImplementation(((key: string) =>
        incr(key).then((n) => {
          if (!other) {
            let later: Promise<void> = Promise.resolve();
            for (let i = 0; i < delay; i++) later = later.then(() => undefined);
            other = later.then(() => shared.exchange(noReads, () => shared.reservations.take(counter)));
          }
          return n;
        })) as never);
      const first = await shared.exchange(noReads, () => (runs++, shared.reservations.take(counter)));
      const second = await other!;
      spy.mockRestore();
      expect(runs).toBe(2); // once to learn which counter, once with its own number
      expect(new Set([first, second]).size).toBe(2);
    }
  });

  test('client-chosen item ids with newlines and commas are stored and read back; a value that does not decode is a 404 for it only', async () => {
    const { a, b, redis } = await replicas();
    const odd = 'msg_a\nb,c';
    const first = await a.responses.create({ model: 'gpt-4.1', input: [{ type: 'message', role: 'user', id: odd, content: 'Hello' }] as never });
    expect((await b.responses.retrieve(first.id)).id).toBe(first.id);
    expect((await b.responses.inputItems.list(first.id)).data.map((i) => i.id)).toEqual([odd]);
    const second = await b.responses.create({ model: 'gpt-4.1', input: 'Go on', previous_response_id: first.id });
    expect((await a.responses.retrieve(second.id)).previous_response_id).toBe(first.id);
    // The item is found by reference on the other replica; no key names a piece of its id.
    const referenced = await b.responses.create({ model: 'gpt-4.1', input: [{ type: 'item_reference', id: odd }] as never });
    expect(referenced.status).toBe('completed');
    const itemKeys = [...(await dump(redis)).keys()].filter((k) => /(^|:)i:/.test(k));
    expect(itemKeys.some((k) => k.endsWith(`i:${odd}`))).toBe(true);
    expect(itemKeys.filter((k) => k.endsWith('i:msg_a') || k.endsWith('i:b') || k.endsWith('i:c'))).toEqual([]);

    // A stored value that does not decode: that response is missing; the others answer as before.
    const key = [...(await dump(redis)).keys()].find((k) => k.endsWith(`r:${first.id}`))!;
    await redis.set(key, 'not\na record');
    await expect(b.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
    expect((await b.responses.retrieve(second.id)).id).toBe(second.id);
    expect((await a.responses.create({ model: 'gpt-4.1', input: 'Again', previous_response_id: second.id })).status).toBe('completed');
    expect((await a.responses.retrieve(referenced.id)).id).toBe(referenced.id);
  });

  test('tool credentials and --redact-fields paths never reach Redis', async () => {
    const { a, b, redis } = await replicas({ redactFields: 'metadata.email' });
    const created = await a.responses.create({
      model: 'gpt-4.1',
      input: 'Use the tool',
      metadata: { email: 'me-secret@example.com' },
      tools: [{ type: 'mcp', server_label: 'docs', server_url: 'https://mcp.example.com/sse?api_key=sk-url-secret', authorization: 'sk-auth-secret', headers: { 'X-Api-Key': 'sk-header-secret' }, require_approval: 'never' }],
    });
    await b.responses.create({ model: 'gpt-4.1', input: 'More', previous_response_id: created.id });
    const values = [...(await dump(redis)).entries()].map(([k, v]) => `${k}=${v}`).join('\n');
    expect(values).toContain(created.id);
    expect(values).not.toMatch(/sk-auth-secret|sk-header-secret|sk-url-secret|me-secret/);
  });

  test('a client that leaves during the Redis round trip: its stream does not run, the response ends cancelled', async () => {
    const { A, b } = await replicas({ timing: 'ttft=600000' });
    const shared = A.core.shared!;
    const exchange = shared.exchange.bind(shared);
    let closed!: () => void;
    const socketClosed = new Promise<void>((resolve) => (closed = resolve));
    A.server.once('connection', (socket) => socket.once('close', () => closed()));
    let exchanged!: (reply: { created: { record: { id: string } } }) => void;
    const replied = new Promise<{ created: { record: { id: string } } }>((resolve) => (exchanged = resolve));
    // The exchange's round trip lasts until the client has gone.
    jest.spyOn(shared, 'exchange').mockImplementationOnce(async (reads, run) => {
      const reply = await exchange(reads, run);
      exchanged(reply as never);
      await socketClosed;
      return reply;
    });
    const controller = new AbortController();
    const request = fetch(`${A.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test' },
      body: JSON.stringify({ model: 'gpt-4.1', input: 'Leaving early', stream: true }),
      signal: controller.signal,
    }).catch(() => undefined);
    const reply = await replied;
    controller.abort();
    await request;
    await socketClosed;
    await new Promise((resolve) => setImmediate(resolve)); // the exchange's continuation has run
    expect(A.core.activeGenerations).toBe(0);
    let stored = await b.responses.retrieve(reply.created.record.id);
    // The final state is written on the turn after the generation stops: at most a poll or two behind.
    for (let i = 0; i < 20 && stored.status !== 'cancelled'; i++) stored = await b.responses.retrieve(reply.created.record.id);
    expect(stored.status).toBe('cancelled');
  });

  test("when an exchange's changes cannot be written, the client gets the API's 500 and no generation is left running", async () => {
    const { a, A } = await replicas({ timing: 'ttft=600000' });
    const client = (A.core.shared as unknown as { client: Redis }).client;
    const multi = client.multi.bind(client);
    const failing = () =>
      jest.spyOn(client, 'multi').mockImplementationOnce(((...args: never[]) => {
        const batch = multi(...args);
        batch.exec = (() => Promise.reject(new Error('connection lost'))) as never;
        return batch;
      }) as never);
    failing();
    await expect(a.responses.create({ model: 'gpt-4.1', input: 'Not written', stream: true })).rejects.toMatchObject({ status: 500, error: { type: 'server_error' } });
    expect(A.core.activeGenerations).toBe(0);
    failing();
    await expect(a.responses.create({ model: 'gpt-4.1', input: 'Not written either', background: true })).rejects.toMatchObject({ status: 500 });
    expect(A.core.activeGenerations).toBe(0);
  });

  test('every key the emulator writes has a TTL (volatile-lru can always evict), with the default --response-ttl 0', async () => {
    const { a, b, A, redis } = await replicas({ rpm: 1000 });
    const first = await a.responses.create({ model: 'gpt-4.1', input: [{ type: 'message', role: 'user', id: 'msg_mine', content: 'Hello' }] as never });
    await b.responses.create({ model: 'gpt-4.1', input: 'Go on', previous_response_id: first.id });
    await b.responses.create({ model: 'gpt-4.1', input: 'Go on', previous_response_id: first.id });
    const background = await a.responses.create({ model: 'gpt-4.1', input: 'Later', background: true });
    await new Promise<void>((resolve) => (A.core.liveGeneration(background.id)?.subscribe({ event: () => undefined, end: () => resolve() }) ?? resolve()));
    const conversation = await a.conversations.create({ metadata: { topic: 'ttl' }, items: [{ type: 'message', role: 'user', content: 'Hi' }] });
    await b.responses.create({ model: 'gpt-4.1', input: 'In the conversation', conversation: conversation.id });
    const added = await b.conversations.items.create(conversation.id, { items: [{ type: 'message', role: 'user', content: 'More' }] });
    await a.conversations.update(conversation.id, { metadata: { topic: 'changed' } });
    await a.conversations.items.delete(added.data[0].id!, { conversation_id: conversation.id });
    const gone = await a.responses.create({ model: 'gpt-4.1', input: 'Deleted soon' });
    await b.responses.delete(gone.id);
    await a.responses.create({ model: 'gpt-4.1', input: [{ type: 'item_reference', id: 'msg_mine' }] as never });
    await new Promise((resolve) => setImmediate(resolve)); // a generation's last change is written on the next turn

    const keys = [...(await dump(redis)).keys()];
    for (const kind of ['r:', 'r#', 'c:', 'c#', 'i:', 'n:occ:', 'n:conversations', 'n:replicas', 'seq']) expect(keys.some((k) => k.startsWith(`re:${kind}`))).toBe(true);
    const without: string[] = [];
    for (const key of keys) if ((await redis.pttl(key)) <= 0) without.push(key);
    expect(without).toEqual([]);
  });
});
