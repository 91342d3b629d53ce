/**
 * Stateful lifecycle with the official SDK: background responses, cancel, background streams and
 * their resumption, conversations, compaction, WebSocket mode, and the store's bounds. Every object
 * and event is checked against the official schemas when they are present.
 */
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { hasOracle, oracleErrors } from '../helpers/oracle';
import { parseSse } from '../helpers/sse';
import { checkStream } from '../helpers/stream-checker';

type Json = Record<string, unknown>;
let emulator: RunningEmulator;
let client: OpenAI;

beforeAll(async () => {
  // Compile the oracle's validators now: compiling blocks the event loop for seconds, which would let a
  // background generation finish unobserved inside a test that watches it.
  if (hasOracle) for (const name of ['Response', 'ResponseStreamEvent', 'ResponsesServerEvent']) oracleErrors(name, {});
  emulator = await startEmulator({ port: 0, seed: 'lifecycle' });
  client = new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL, maxRetries: 0 });
});
afterAll(() => emulator.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const oracle = (name: string, value: unknown) => {
  if (hasOracle) expect(oracleErrors(name, JSON.parse(JSON.stringify(value)))).toEqual([]);
};
const LONG = { model: 'gpt-4o', input: 'Explain the history of bridges', text: { verbosity: 'high' as const } };

describe('background responses', () => {
  test('POST returns at once, queued; GET shows queued → in_progress (while it runs) → completed', async () => {
    // Phases are told apart by what the server reports, never by how long this (possibly loaded) process
    // waited: a response still waiting 10 minutes for its first token must be in progress once it left the
    // queue; a fast one must end completed. Loops run until the state is reached (Jest's timeout catches a hang).
    const slow = await client.responses.create({ ...LONG, background: true }, { headers: { 'x-emulator-timing': 'queue=100,ttft=600000' } });
    expect(slow).toMatchObject({ status: 'queued', background: true, output: [] });
    let running = slow;
    while (running.status === 'queued') {
      await sleep(20);
      running = await client.responses.retrieve(slow.id);
    }
    expect(running.status).toBe('in_progress');
    await client.responses.cancel(slow.id);

    const created = await client.responses.create({ ...LONG, background: true }, { headers: { 'x-emulator-timing': 'queue=100,ttft=50,tps=500' } });
    expect(created.status).toBe('queued');
    const seen: string[] = [String(created.status)];
    const snapshots = [slow, running, created];
    let current = created;
    while (current.status !== 'completed') {
      await sleep(20);
      current = await client.responses.retrieve(created.id);
      snapshots.push(current);
      if (seen[seen.length - 1] !== current.status) seen.push(String(current.status));
    }
    // Validated after polling: compiling the oracle takes seconds on a loaded machine, longer than the generation.
    for (const snapshot of snapshots) oracle('Response', snapshot);
    // A loaded machine may poll past the short in_progress phase, never out of order.
    expect(['queued,in_progress,completed', 'queued,completed']).toContain(seen.join());
    expect(current.output_text.length).toBeGreaterThan(0);
    expect(current.completed_at).toBeGreaterThanOrEqual(current.created_at);
  });

  test('cancel: a running background response ends cancelled and stays cancelled; cancelling again changes nothing', async () => {
    // Still waiting for its first token for 5 s, so the cancel surely finds it running on a loaded machine.
    const created = await client.responses.create({ ...LONG, background: true }, { headers: { 'x-emulator-timing': 'queue=0,ttft=5000,tps=100' } });
    await sleep(120);
    const cancelled = await client.responses.cancel(created.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.completed_at).toBeNull();
    oracle('Response', cancelled);
    await sleep(400);
    // The SDK adds output_text on retrieve (not on cancel): compare the server's objects.
    const { output_text: _computed, ...later } = await client.responses.retrieve(created.id);
    expect(later.status).toBe('cancelled');
    expect(later).toEqual(cancelled);
    expect(await client.responses.cancel(created.id)).toEqual(cancelled);
  });

  test('cancel: a finished background response is returned unchanged; foreground and unknown responses are errors', async () => {
    const created = await client.responses.create({ model: 'gpt-4o', input: 'hi', background: true }, { headers: { 'x-emulator-timing': 'instant' } });
    while ((await client.responses.retrieve(created.id)).status !== 'completed') await sleep(10);
    expect((await client.responses.cancel(created.id)).status).toBe('completed');
    const foreground = await client.responses.create({ model: 'gpt-4o', input: 'hi' });
    await expect(client.responses.cancel(foreground.id)).rejects.toMatchObject({ status: 400, message: '400 Only responses created with background=true can be cancelled.' });
    await expect(client.responses.cancel('resp_missing')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  test('background requires store', async () => {
    await expect(client.responses.create({ model: 'gpt-4o', input: 'hi', background: true, store: false })).rejects.toMatchObject({ status: 400, param: 'store' });
  });

  test('background + stream: created (queued) first, then queued, in_progress…; drop it and resume while generation continues', async () => {
    const headers = { 'x-emulator-timing': 'queue=30,ttft=30,tps=300' };
    const controller = new AbortController();
    const stream = await client.responses.create({ ...LONG, background: true, stream: true }, { headers, signal: controller.signal });
    const early: Json[] = [];
    for await (const e of stream) {
      early.push(e as unknown as Json);
      if (early.length === 6) break; // drops the connection
    }
    expect(early.slice(0, 3).map((e) => [e.type, (e.response as Json | undefined)?.status])).toEqual([
      ['response.created', 'queued'],
      ['response.queued', 'queued'],
      ['response.in_progress', 'in_progress'],
    ]);
    const id = (early[0].response as Json).id as string;
    // Usually still generating server-side (the resume then follows it live); a loaded machine may have
    // finished it first (the resume then replays it). Either way the events continue where the drop left off.
    expect(['in_progress', 'completed']).toContain((await client.responses.retrieve(id)).status);
    const resumed = await fetch(`${emulator.baseURL}/responses/${id}?stream=true&starting_after=5`);
    const rest = parseSse(await resumed.text()).events;
    expect(rest[0].sequence_number).toBe(6);
    const all = [...early, ...rest];
    for (const e of all) oracle('ResponseStreamEvent', e);
    const final = checkStream(all);
    // GET returns the same Response, with `billing` (only JSON bodies carry it, as in real traffic).
    expect(await (await fetch(`${emulator.baseURL}/responses/${id}`)).json()).toEqual({ ...final, billing: { payer: 'developer' } });
    expect(final.status).toBe('completed');
  });
});

describe('conversations', () => {
  test('all eight endpoints, with the API’s pagination', async () => {
    const conversation = await client.conversations.create({ metadata: { topic: 'demo' }, items: [{ type: 'message', role: 'user', content: 'Hello there' }] });
    expect(conversation).toMatchObject({ object: 'conversation', metadata: { topic: 'demo' } });
    expect(conversation.id).toMatch(/^conv_/);
    oracle('ConversationResource', conversation);
    expect(await client.conversations.retrieve(conversation.id)).toEqual(conversation);
    expect((await client.conversations.update(conversation.id, { metadata: { topic: 'changed' } })).metadata).toEqual({ topic: 'changed' });

    const added = await client.conversations.items.create(conversation.id, { items: Array.from({ length: 5 }, (_, i) => ({ type: 'message' as const, role: 'user' as const, content: `note ${i}` })) });
    expect(added.data).toHaveLength(5);
    oracle('ConversationItemList', added);
    const texts: string[] = [];
    for await (const item of client.conversations.items.list(conversation.id, { limit: 2, order: 'asc' })) {
      texts.push(((item as OpenAI.Conversations.Message).content[0] as { text: string }).text);
    }
    expect(texts).toEqual(['Hello there', 'note 0', 'note 1', 'note 2', 'note 3', 'note 4']);
    const one = await client.conversations.items.retrieve(added.data[0].id!, { conversation_id: conversation.id });
    expect(one).toEqual(added.data[0]);
    const afterDelete = await client.conversations.items.delete(added.data[0].id!, { conversation_id: conversation.id });
    expect(afterDelete.id).toBe(conversation.id);
    await expect(client.conversations.items.retrieve(added.data[0].id!, { conversation_id: conversation.id })).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    const deleted = await client.conversations.delete(conversation.id);
    expect(deleted).toEqual({ id: conversation.id, object: 'conversation.deleted', deleted: true });
    oracle('DeletedConversationResource', deleted);
    await expect(client.conversations.retrieve(conversation.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    // Items outlive their conversation, as in the API.
    const ref = await client.responses.create({ model: 'gpt-4o', input: [{ type: 'item_reference', id: added.data[1].id! }] });
    expect(ref.status).toBe('completed');
  });

  test('responses in a conversation read its items as context and append the turn when they complete', async () => {
    const conversation = await client.conversations.create({ items: [{ type: 'message', role: 'user', content: 'My name is Ada. '.repeat(20) }] });
    const bare = await client.responses.create({ model: 'gpt-4o', input: 'What is my name?' });
    const turn = await client.responses.create({ model: 'gpt-4o', input: 'What is my name?', conversation: conversation.id });
    expect(turn.conversation).toEqual({ id: conversation.id });
    expect(turn.usage!.input_tokens).toBeGreaterThan(bare.usage!.input_tokens);
    oracle('Response', turn);
    const items = [];
    for await (const item of client.conversations.items.list(conversation.id, { order: 'asc' })) items.push(item);
    expect(items.map((i) => `${i.type}:${(i as { role?: string }).role}`)).toEqual(['message:user', 'message:user', 'message:assistant']);
    expect(items[2].id).toBe(turn.output[0].id);
    const next = await client.responses.create({ model: 'gpt-4o', input: 'And again?', conversation: { id: conversation.id } });
    expect(next.usage!.input_tokens).toBeGreaterThan(turn.usage!.input_tokens);
    await expect(client.responses.create({ model: 'gpt-4o', input: 'x', conversation: conversation.id, previous_response_id: turn.id })).rejects.toMatchObject({ status: 400, param: 'conversation' });
    await expect(client.responses.create({ model: 'gpt-4o', input: 'x', conversation: 'conv_missing' })).rejects.toMatchObject({ status: 404, param: 'conversation' });
  });
});

describe('compaction', () => {
  test('the output ends with an opaque compaction item; sent back, it restores the history at its compacted size', async () => {
    const first = await client.responses.create({ model: 'gpt-4o', input: 'Tell me about the Roman empire', text: { verbosity: 'high' } });
    const second = await client.responses.create({ model: 'gpt-4o', input: 'And its fall?', previous_response_id: first.id, text: { verbosity: 'high' } });
    const compacted = await client.responses.compact({ model: 'gpt-4o', previous_response_id: second.id });
    expect(compacted.object).toBe('response.compaction');
    oracle('CompactResource', compacted);
    const last = compacted.output[compacted.output.length - 1] as { type: string; id: string; encrypted_content: string };
    expect(last.type).toBe('compaction');
    expect(last.id).toMatch(/^cmp_/);
    expect(last.encrypted_content).not.toContain('Roman');
    expect(compacted.output.slice(0, -1).map((i) => (i as { role?: string }).role)).toEqual(['user', 'user']);

    const full = await client.responses.inputTokens.count({ model: 'gpt-4o', input: 'Summarize', previous_response_id: second.id });
    const restored = await client.responses.inputTokens.count({ model: 'gpt-4o', input: [...(compacted.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'Summarize' }] });
    expect(restored.input_tokens).toBeLessThan(full.input_tokens);
    expect(restored.input_tokens).toBeGreaterThan(compacted.usage.output_tokens);
    const answer = await client.responses.create({ model: 'gpt-4o', input: [...(compacted.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'Summarize' }] });
    expect(answer.usage!.input_tokens).toBe(restored.input_tokens);
  });

  test('model is required', async () => {
    await expect(client.responses.compact({ input: 'x' } as never)).rejects.toMatchObject({ status: 400, param: 'model' });
  });
});

describe('WebSocket mode', () => {
  test('two responses over one ResponsesWS socket, the second chained to the first', async () => {
    const ws = new ResponsesWS(client);
    const errors: unknown[] = [];
    ws.on('error', (e) => errors.push(e));
    const events: Json[] = [];
    const completed: Json[] = [];
    ws.on('event', (e) => {
      events.push(e as unknown as Json);
      if (e.type === 'response.completed') completed.push(e.response as unknown as Json);
    });
    ws.send({ type: 'response.create', model: 'gpt-4o', input: 'Hello!' } as never);
    while (completed.length < 1) await sleep(10);
    ws.send({ type: 'response.create', model: 'gpt-4o', input: 'Tell me more', previous_response_id: completed[0].id } as never);
    while (completed.length < 2) await sleep(10);
    ws.close();
    expect(errors).toEqual([]);
    expect(completed[1].previous_response_id).toBe(completed[0].id);
    const firstRun = events.slice(0, events.findIndex((e) => e.type === 'response.completed') + 1);
    expect(checkStream(firstRun).id).toBe(completed[0].id);
    for (const e of events) oracle('ResponsesServerEvent', e);
    expect(await (await fetch(`${emulator.baseURL}/responses/${String(completed[1].id)}`)).json()).toEqual({ ...completed[1], billing: { payer: 'developer' } });
  });

  test('stream_id lanes: echoed on every event, FIFO within a lane; errors are nested frames', async () => {
    const socket = new WebSocket(`${emulator.baseURL.replace('http', 'ws')}/responses`);
    const frames: Json[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as Json));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'response.create', stream_id: 'a', model: 'gpt-4o', input: 'first' }));
    socket.send(JSON.stringify({ type: 'response.create', stream_id: 'a', model: 'gpt-4o', input: 'second' }));
    socket.send(JSON.stringify({ type: 'response.create', stream_id: 'b', model: 'gpt-4o', input: 'other lane' }));
    socket.send(JSON.stringify({ type: 'response.cancel' }));
    socket.send('not json');
    socket.send(JSON.stringify({ type: 'response.create', model: 'gpt-4o', input: 'x', background: true }));
    socket.send(JSON.stringify({ type: 'response.create', stream_id: 'bad id!', model: 'gpt-4o', input: 'x' }));
    while (frames.filter((f) => f.type === 'response.completed').length < 3 || frames.filter((f) => f.type === 'error').length < 4) await sleep(10);
    socket.close();
    const laneA = frames.filter((f) => f.stream_id === 'a');
    const completedA = laneA.filter((f) => f.type === 'response.completed');
    expect(completedA).toHaveLength(2);
    // FIFO: the second response of lane a starts after the first completed.
    expect(laneA.findIndex((f) => f.type === 'response.created' && f !== laneA[0])).toBeGreaterThan(laneA.indexOf(completedA[0]));
    expect(frames.filter((f) => f.stream_id === 'b' && f.type === 'response.completed')).toHaveLength(1);
    const errors = frames.filter((f) => f.type === 'error');
    expect(errors.map((f) => (f.error as Json).param)).toEqual(['type', null, 'background', 'stream_id']);
    for (const e of errors) {
      expect(e).toMatchObject({ status: 400, error: { type: 'invalid_request_error' } });
      oracle('ResponseWsError', e);
    }
  });

  test('unknown upgrade paths are refused with a JSON 404', async () => {
    const socket = new WebSocket(`${emulator.url.replace('http', 'ws')}/v1/nope`);
    const status = await new Promise<number>((resolve) => socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(404);
  });
});

describe('bounds', () => {
  test('stored responses expire after --response-ttl; the oldest is evicted past --max-stored-responses', async () => {
    const small = await startEmulator({ port: 0, responseTtl: 1, maxStoredResponses: 3 });
    try {
      const c = new OpenAI({ apiKey: 'k', baseURL: small.baseURL });
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push((await c.responses.create({ model: 'gpt-4o', input: `n${i}` })).id);
      await expect(c.responses.retrieve(ids[0])).rejects.toBeInstanceOf(OpenAI.NotFoundError);
      expect((await c.responses.retrieve(ids[3])).id).toBe(ids[3]);
      expect(small.core.store.size).toBe(3);
      await sleep(1100);
      await expect(c.responses.retrieve(ids[3])).rejects.toBeInstanceOf(OpenAI.NotFoundError);
      expect(small.core.store.size).toBe(0);
    } finally {
      await small.close();
    }
  });

  test('conversations are bounded too', async () => {
    const small = await startEmulator({ port: 0, maxConversations: 2 });
    try {
      const c = new OpenAI({ apiKey: 'k', baseURL: small.baseURL });
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await c.conversations.create()).id);
      await expect(c.conversations.retrieve(ids[0])).rejects.toBeInstanceOf(OpenAI.NotFoundError);
      expect(small.core.conversations.size).toBe(2);
    } finally {
      await small.close();
    }
  });
});
