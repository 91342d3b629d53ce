/**
 * Two replicas on one Redis look like one API (issue 20, the state core): what one replica stores,
 * the other reads, chains from, deletes and cancels; conversations get items from both; the same
 * request on both gets distinct ids; a fixture's nth occurrence counts across the fleet; Redis's
 * bounds follow --max-stored-responses. Each case gets its own db number on one test server.
 */
import OpenAI from 'openai';
import Redis from 'ioredis';
import { createEmulator, startEmulator, type RunningEmulator } from '../../src/index';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis-server';

describeWithRedis('replicas sharing a Redis store', () => {
  let server: RedisServer;
  let db = 0;
  let running: RunningEmulator[] = [];

  beforeAll(async () => {
    server = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(running.map((e) => e.close()));
    running = [];
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Two replicas on a fresh db (same seed, as a fleet started from one configuration). */
  async function replicas(options: Parameters<typeof startEmulator>[0] = {}): Promise<{ a: OpenAI; b: OpenAI; A: RunningEmulator; B: RunningEmulator; url: string }> {
    const url = server.url(++db);
    const A = await startEmulator({ port: 0, store: url, ...options });
    const B = await startEmulator({ port: 0, store: url, ...options });
    running.push(A, B);
    const client = (e: RunningEmulator) => new OpenAI({ apiKey: 'test', baseURL: e.baseURL, maxRetries: 0 });
    return { a: client(A), b: client(B), A, B, url };
  }

  test('a response created on A is retrieved, listed, chained from, deleted and cancelled through B', async () => {
    const { a, b, A } = await replicas();
    const first = await a.responses.create({ model: 'gpt-4.1', input: 'Say hello' });
    expect(first.status).toBe('completed');

    const read = await b.responses.retrieve(first.id);
    expect(read).toEqual(first);
    const items = await b.responses.inputItems.list(first.id);
    expect(items.data.map((i) => i.type)).toEqual(['message']);

    // The chain is rebuilt on B: the follow-up sees the first turn (its input counts it).
    const second = await b.responses.create({ model: 'gpt-4.1', input: 'And again', previous_response_id: first.id });
    const alone = await b.responses.create({ model: 'gpt-4.1', input: 'And again' });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.usage!.input_tokens).toBeGreaterThan(alone.usage!.input_tokens);
    // …and A reads B's response in turn.
    expect((await a.responses.retrieve(second.id)).id).toBe(second.id);
    // Counting and compacting through A see the chain B continued.
    const counted = await a.responses.inputTokens.count({ model: 'gpt-4.1', input: 'And again', previous_response_id: first.id });
    expect(counted.input_tokens).toBe(second.usage!.input_tokens);
    const compacted = await a.responses.compact({ model: 'gpt-4.1', previous_response_id: second.id });
    expect(compacted.output.length).toBeGreaterThan(0);

    // A background response finished on A (its own generation's end, an event) is stored finished for B.
    const background = await a.responses.create({ model: 'gpt-4.1', input: 'In the background', background: true });
    await new Promise<void>((resolve) => A.core.liveGeneration(background.id)!.subscribe({ event: () => undefined, end: () => resolve() }));
    let polled = await b.responses.retrieve(background.id);
    // The final state is written on the turn after the generation ends: at most a poll or two behind.
    for (let i = 0; i < 20 && polled.status !== 'completed'; i++) polled = await b.responses.retrieve(background.id);
    expect(polled.status).toBe('completed');
    // A finished background response is cancelled as it is (idempotent), through B.
    expect((await b.responses.cancel(background.id)).status).toBe('completed');

    await b.responses.delete(first.id);
    await expect(a.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404, error: { type: 'invalid_request_error' } });
    await expect(b.responses.delete(first.id)).rejects.toMatchObject({ status: 404 });
  });

  test('a background response generating on A is seen in progress through B', async () => {
    const { a, b, A } = await replicas({ backgroundTiming: 'queue=0,ttft=600000' });
    const background = await a.responses.create({ model: 'gpt-4.1', input: 'A long one', background: true });
    // (Already emitted events reach a new subscriber at once.)
    await new Promise<void>((resolve) =>
      A.core.liveGeneration(background.id)!.subscribe({ event: (event) => void (event.type === 'response.in_progress' && resolve()), end: () => undefined }),
    );
    let polled = await b.responses.retrieve(background.id);
    // Written on the turn after the event: at most a poll or two behind.
    for (let i = 0; i < 20 && polled.status === 'queued'; i++) polled = await b.responses.retrieve(background.id);
    expect(polled.status).toBe('in_progress');
  });

  test('a stream finished on A is stored finished for B', async () => {
    const { a, b } = await replicas();
    const stream = await a.responses.create({ model: 'gpt-4.1', input: 'Stream it', stream: true });
    let id = '';
    for await (const event of stream) if (event.type === 'response.completed') id = event.response.id;
    expect((await b.responses.retrieve(id)).status).toBe('completed');
  });

  test('a conversation gets items from both replicas, and turns answered on either', async () => {
    const { a, b } = await replicas();
    const conversation = await a.conversations.create({ items: [{ type: 'message', role: 'user', content: 'from A' }] });
    await b.conversations.items.create(conversation.id, { items: [{ type: 'message', role: 'user', content: 'from B' }] });
    const turn = await b.responses.create({ model: 'gpt-4.1', input: 'a turn on B', conversation: conversation.id });
    const listed = await a.conversations.items.list(conversation.id, { order: 'asc' });
    const texts = listed.data.map((item) => (item.type === 'message' ? (item.content[0] as { text: string }).text : item.type));
    expect(texts.slice(0, 3)).toEqual(['from A', 'from B', 'a turn on B']);
    expect(listed.data).toHaveLength(3 + turn.output.length);

    await a.conversations.update(conversation.id, { metadata: { topic: 'shared' } });
    expect((await b.conversations.retrieve(conversation.id)).metadata).toEqual({ topic: 'shared' });
    const fromB = listed.data[1].id!;
    await a.conversations.items.delete(fromB, { conversation_id: conversation.id });
    expect((await b.conversations.items.list(conversation.id)).data.map((i) => i.id)).not.toContain(fromB);
    await b.conversations.delete(conversation.id);
    await expect(a.conversations.retrieve(conversation.id)).rejects.toMatchObject({ status: 404 });
  });

  test('an Aitronos thread: turns on A and B, its metadata set through B, read through A', async () => {
    const { A, B } = await replicas();
    const respond = async (e: RunningEmulator, body: unknown) =>
      (await (await fetch(`${e.url}/v1/model/response`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, unknown>;
    await respond(A, { inputs: [{ role: 'user', content: 'My favourite colour is teal.' }], thread: 'thread_colours' });
    await respond(B, { inputs: [{ role: 'user', content: 'What is my favourite colour?' }], thread: { id: 'thread_colours', metadata: { topic: 'colours' } } });
    const thread = (await (await fetch(`${A.url}/v1/threads/thread_colours`)).json()) as { metadata: unknown; messages: { role: string }[] };
    expect(thread.metadata).toEqual({ topic: 'colours' });
    expect(thread.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  test('an item stored through A is referenced through B', async () => {
    const { a, b } = await replicas();
    const first = await a.responses.create({ model: 'gpt-4.1', input: 'Remember this' });
    const itemId = first.output[0].id!;
    const next = await b.responses.create({ model: 'gpt-4.1', input: [{ type: 'item_reference', id: itemId }] });
    const items = await b.responses.inputItems.list(next.id);
    expect(items.data[0].id).toBe(itemId);
  });

  test('the same request on A and B gets distinct ids (responses, items, conversations), with the same seed', async () => {
    const { a, b } = await replicas();
    const onA = await a.responses.create({ model: 'gpt-4.1', input: 'Same request' });
    const onB = await b.responses.create({ model: 'gpt-4.1', input: 'Same request' });
    expect(onB.id).not.toBe(onA.id);
    expect(onB.output[0].id).not.toBe(onA.output[0].id);
    const c1 = await a.conversations.create({ items: [{ type: 'message', role: 'user', content: 'x' }] });
    const c2 = await b.conversations.create({ items: [{ type: 'message', role: 'user', content: 'x' }] });
    expect(c2.id).not.toBe(c1.id);
    const items1 = await a.conversations.items.list(c1.id);
    const items2 = await b.conversations.items.list(c2.id);
    expect(items2.data[0].id).not.toBe(items1.data[0].id);
  });

  test("a fixture's nth occurrence is counted across the fleet", async () => {
    const fixtures = [
      { name: 'first', match: { input: 'count me', nth: 1 }, reply: { text: 'first time' } },
      { name: 'second', match: { input: 'count me', nth: 2 }, reply: { text: 'second time' } },
    ];
    const { a, b, A, B } = await replicas();
    A.addFixtures(fixtures);
    B.addFixtures(fixtures);
    expect((await a.responses.create({ model: 'gpt-4.1', input: 'count me' })).output_text).toBe('first time');
    expect((await b.responses.create({ model: 'gpt-4.1', input: 'count me' })).output_text).toBe('second time');
  });

  test('the journal and the health endpoint say which replica answered', async () => {
    const { a, A, B } = await replicas();
    await a.responses.create({ model: 'gpt-4.1', input: 'hi' });
    const healthA = (await (await fetch(`${A.url}/__emulator/health`)).json()) as { replica: string };
    const healthB = (await (await fetch(`${B.url}/__emulator/health`)).json()) as { replica: string };
    expect(healthA.replica).toMatch(/^replica-\d+$/);
    expect(healthB.replica).not.toBe(healthA.replica);
    const journal = (await (await fetch(`${A.url}/__emulator/requests`)).json()) as { data: { replica?: string }[] };
    expect(journal.data[0].replica).toBe(healthA.replica);
  });

  test('--max-stored-responses bounds Redis too: the oldest is evicted', async () => {
    const { a, b, url } = await replicas({ maxStoredResponses: 2 });
    const made = [];
    for (const input of ['one', 'two', 'three']) made.push(await a.responses.create({ model: 'gpt-4.1', input }));
    await expect(b.responses.retrieve(made[0].id)).rejects.toMatchObject({ status: 404 });
    expect((await b.responses.retrieve(made[2].id)).id).toBe(made[2].id);
    const redis = new Redis(url);
    try {
      expect(await redis.zcard('re:r#')).toBe(2);
      expect(await redis.exists(`re:r:${made[0].id}`)).toBe(0);
      expect(await redis.exists(`re:i:${made[0].output[0].id!}`)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  test('--max-conversations bounds Redis too, and --response-ttl is the stored responses\' TTL there', async () => {
    const { a, b, url } = await replicas({ maxConversations: 1, responseTtl: 60 });
    const older = await a.conversations.create({ items: [{ type: 'message', role: 'user', content: 'older' }] });
    const newer = await b.conversations.create({});
    await expect(b.conversations.retrieve(older.id)).rejects.toMatchObject({ status: 404 });
    expect((await a.conversations.retrieve(newer.id)).id).toBe(newer.id);
    const response = await a.responses.create({ model: 'gpt-4.1', input: 'kept a minute' });
    const redis = new Redis(url);
    try {
      expect(await redis.zrange('re:c#', 0, -1)).toEqual([newer.id]);
      const ttl = await redis.pttl(`re:r:${response.id}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      redis.disconnect();
    }
  });

  test('with the memory store, the health endpoint and the journal name no replica', async () => {
    const alone = await startEmulator({ port: 0 });
    running.push(alone);
    await new OpenAI({ apiKey: 'test', baseURL: alone.baseURL }).responses.create({ model: 'gpt-4.1', input: 'hi' });
    expect(await (await fetch(`${alone.url}/__emulator/health`)).json()).not.toHaveProperty('replica');
    expect(alone.requests()[0]).not.toHaveProperty('replica');
  });

  test('createEmulator (synchronous) refuses a Redis store: only startEmulator connects', () => {
    expect(() => createEmulator({ store: server.url(0) })).toThrow(/Redis store needs startEmulator/);
  });
});
