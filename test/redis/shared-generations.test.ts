/**
 * Responses still generating, across replicas (issue 20, items 1 and 3): a background response
 * created on A is polled to completion through B; a job whose replica was killed (SIGKILL) is
 * finished by the replica asked next; a stream is resumed through B (`starting_after=N`); a cancel
 * through B stops A's generation (its stream client sees it end), both say `cancelled`, and no later
 * end overwrites it. Final responses are compared with one memory-store replica's (same seed, fixed
 * clock: byte-identical). Waits are on events and reported states, never on time.
 */
import OpenAI from 'openai';
import Redis from 'ioredis';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { describeWithRedis, redisSuite } from '../helpers/redis-server';
import { startCli, type StartedCli } from '../helpers/cli-process';
import { parseSse } from '../helpers/sse';
import { UPDATE_RESPONSE } from '../../src/state/redis/scripts';

type Json = Record<string, unknown>;
const FIXED = '2026-01-01T00:00:00Z';
const LONG = { model: 'gpt-4o', input: 'Explain the history of bridges', text: { verbosity: 'high' as const } };

describeWithRedis('responses still generating, across replicas', () => {
  const suite = redisSuite();
  const { running, processes } = suite;

  const client = (baseURL: string) => new OpenAI({ apiKey: 'test', baseURL, maxRetries: 0 });

  async function replicas(): Promise<{ A: RunningEmulator; B: RunningEmulator; a: OpenAI; b: OpenAI; url: string }> {
    const url = suite.server().url(suite.nextDb());
    const A = await startEmulator({ port: 0, store: url, fixedTime: FIXED });
    const B = await startEmulator({ port: 0, store: url, fixedTime: FIXED });
    running.push(A, B);
    return { A, B, a: client(A.baseURL), b: client(B.baseURL), url };
  }

  /** What one memory-store replica gives for the same background request: its final Response. */
  async function alone(body: Json, timing: string): Promise<Json> {
    const single = await startEmulator({ port: 0, fixedTime: FIXED });
    running.push(single);
    const res = await fetch(`${single.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-emulator-timing': timing }, body: JSON.stringify({ ...body, background: true }) });
    return untilTerminal(raw(single.baseURL, ((await res.json()) as Json).id as string));
  }

  /** Polls `retrieve` until the response is terminal (each poll is a request; no time is asserted). */
  async function untilTerminal(retrieve: () => Promise<Json>): Promise<Json> {
    for (;;) {
      const polled = await retrieve();
      if (!['queued', 'in_progress'].includes(String(polled.status))) return polled;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const raw = (baseURL: string, id: string) => async () => (await (await fetch(`${baseURL}/responses/${id}`)).json()) as Json;

  test('a background response created on A is polled to completion through B, as one replica would answer', async () => {
    const timing = 'queue=50,ttft=150,tps=400';
    const { A, B } = await replicas();
    const created = (await (await fetch(`${A.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-emulator-timing': timing }, body: JSON.stringify({ ...LONG, background: true }) })).json()) as Json;
    expect(created.status).toBe('queued');
    const id = created.id as string;
    const [polled, reference] = await Promise.all([untilTerminal(raw(B.baseURL, id)), alone(LONG, timing)]);
    expect(polled.status).toBe('completed');
    expect(polled).toEqual(reference);
    // A says the same (its own generation's end, or B's, whichever was written first).
    expect(await untilTerminal(raw(A.baseURL, id))).toEqual(polled);
  });

  test('a stream resumed through B (starting_after=N) gives the events after N, identical to A’s stream', async () => {
    const { A, B } = await replicas();
    const headers = { 'content-type': 'application/json', 'x-emulator-timing': 'queue=0,ttft=300,tps=60' };
    const res = await fetch(`${A.baseURL}/responses`, { method: 'POST', headers, body: JSON.stringify({ ...LONG, background: true, stream: true }) });
    const reader = res.body!.getReader();
    let text = '';
    // Reads A's stream until 6 events are out, then resumes through B while A goes on.
    while (parseSse(text).events.length < 6) text += new TextDecoder().decode((await reader.read()).value);
    const id = (parseSse(text).events[0].response as Json).id as string;
    const resumed = fetch(`${B.baseURL}/responses/${id}?stream=true&starting_after=5`).then((r) => r.text());
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
    const onA = parseSse(text).events;
    const onB = parseSse(await resumed).events;
    expect(onA[onA.length - 1].type).toBe('response.completed');
    expect(onB.length).toBeGreaterThan(0);
    expect(onB).toEqual(onA.filter((e) => (e.sequence_number as number) > 5));
  });

  test('cancel through B of a job running on A: A’s stream client sees it end, both say cancelled, no later end overwrites it', async () => {
    const { A, B, a, b, url } = await replicas();
    // Its first token 10 minutes away: surely still running when the cancel comes.
    const stream = await a.responses.create({ ...LONG, background: true, stream: true }, { headers: { 'x-emulator-timing': 'queue=0,ttft=600000' } });
    const seen: Json[] = [];
    let inProgress: (id: string) => void = () => undefined;
    const started = new Promise<string>((resolve) => (inProgress = resolve));
    const ended = (async () => {
      for await (const event of stream) {
        seen.push(event as unknown as Json);
        if (event.type === 'response.in_progress') inProgress(event.response.id);
      }
    })();
    const id = await started;
    const cancelled = await b.responses.cancel(id);
    expect(cancelled.status).toBe('cancelled');
    // A's stream client sees the cancel as it would on one replica: the stream ends, with no terminal event.
    await ended;
    expect(seen.map((e) => e.type)).toEqual(['response.created', 'response.queued', 'response.in_progress']);
    expect(A.core.liveGeneration(id)).toBeUndefined();
    const { output_text: _a, ...onA } = await a.responses.retrieve(id);
    const { output_text: _b, ...onB } = await b.responses.retrieve(id);
    expect(onA).toEqual(cancelled);
    expect(onB).toEqual(cancelled);
    // A completion written later (A's generation, had it not heard) does not land over the cancel.
    const redis = new Redis(url);
    try {
      const stored = (await redis.get(`re:r:${id}`))!;
      const statusOf = (value: string): unknown => (JSON.parse(value.slice(0, value.indexOf('\n'))) as { status: unknown }).status;
      expect(statusOf(stored)).toBe('cancelled');
      const completed = stored.replace(/^([^\n]*)"status":"cancelled"/, '$1"status":"completed"');
      expect(statusOf(completed)).toBe('completed');
      expect(await redis.eval(UPDATE_RESPONSE, 0, 're:', id, completed, '60000')).toBe(0);
      expect(statusOf((await redis.get(`re:r:${id}`))!)).toBe('cancelled');
    } finally {
      redis.disconnect();
    }
    expect((await a.responses.retrieve(id)).status).toBe('cancelled');
    expect(B.core.activeGenerations).toBe(0);
  });

  test('a background turn in a conversation, played by A and by B (both asked), gives the conversation its turn once', async () => {
    const { A, B, a, b } = await replicas();
    const conversation = await a.conversations.create({});
    const headers = { 'x-emulator-timing': 'queue=0,ttft=200,tps=400' };
    const created = await a.responses.create({ ...LONG, background: true, conversation: conversation.id }, { headers });
    // Asked of both while it runs: each plays it, each ends it; one end is written.
    const [onA, onB] = await Promise.all([untilTerminal(raw(A.baseURL, created.id)), untilTerminal(raw(B.baseURL, created.id))]);
    expect(onB).toEqual(onA);
    expect(onA.status).toBe('completed');
    const items = await b.conversations.items.list(conversation.id, { order: 'asc' });
    expect(items.data.map((item) => item.id)).toEqual([(await a.responses.inputItems.list(created.id)).data[0].id, ...(onA.output as Json[]).map((item) => item.id)]);
  });

  test('a background turn deleted through B mid-job, played by both: the conversation still gets the turn, once', async () => {
    const { A, B, a, b } = await replicas();
    const conversation = await a.conversations.create({});
    const created = await a.responses.create({ ...LONG, background: true, conversation: conversation.id }, { headers: { 'x-emulator-timing': 'queue=0,ttft=300,tps=200' } });
    await b.responses.retrieve(created.id); // B plays it too
    expect(B.core.activeGenerations).toBe(1);
    await b.responses.delete(created.id);
    await expect(a.responses.retrieve(created.id)).rejects.toMatchObject({ status: 404 }); // A drops its copy, and goes on playing
    await b.conversations.retrieve(conversation.id); // both hold the conversation when their copies end
    // Both copies play to their end (no wall-clock assumption: waited on the replicas' own counts).
    while (A.core.activeGenerations + B.core.activeGenerations > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const items = await b.conversations.items.list(conversation.id, { order: 'asc' });
    const input = items.data.filter((item) => item.type === 'message' && item.role === 'user');
    expect(input).toHaveLength(1);
    expect(items.data.length).toBeGreaterThan(1);
  });

  test('a replica shut down mid-job leaves it running for the fleet: B finishes it', async () => {
    const { A, B, a } = await replicas();
    const created = await a.responses.create({ ...LONG, background: true }, { headers: { 'x-emulator-timing': 'queue=0,ttft=300,tps=400' } });
    // Polled until it leaves the queue (a loop on `in_progress` would never end if it finished between polls).
    let status = created.status;
    while (status === 'queued') status = (await a.responses.retrieve(created.id)).status;
    expect(status).toBe('in_progress');
    await A.close();
    running.splice(running.indexOf(A), 1);
    const finished = await untilTerminal(raw(B.baseURL, created.id));
    expect(finished.status).toBe('completed');
    expect((finished.output as Json[]).length).toBeGreaterThan(0);
  });

  test('a replica killed mid-job (SIGKILL): the job is finished by the replica asked next, as it would have ended', async () => {
    const timing = 'queue=0,ttft=1500,tps=0';
    const env = { RESPONSES_EMULATOR_STORE: suite.server().url(suite.nextDb()), RESPONSES_EMULATOR_PORT: '0', RESPONSES_EMULATOR_FIXED_TIME: FIXED };
    const { RESPONSES_EMULATOR_STORE: _store, ...memoryEnv } = env;
    // The reference: the same command with the memory store, one process alone.
    const [one, two, single] = await Promise.all([startCli([], { env }), startCli([], { env }), startCli([], { env: memoryEnv })]);
    processes.push(one, two, single);
    const headers = { 'content-type': 'application/json', 'x-emulator-timing': timing };
    const reference = fetch(`${single.url}/v1/responses`, { method: 'POST', headers, body: JSON.stringify({ ...LONG, background: true }) }).then(async (res) =>
      untilTerminal(raw(`${single.url}/v1`, ((await res.json()) as Json).id as string)),
    );
    const created = (await (await fetch(`${one.url}/v1/responses`, { method: 'POST', headers, body: JSON.stringify({ ...LONG, background: true }) })).json()) as Json;
    const id = created.id as string;
    // Running on A (asked of A itself, so B has not played it yet), then A dies.
    let status = created.status;
    while (status === 'queued') status = (await raw(`${one.url}/v1`, id)()).status;
    expect(status).toBe('in_progress');
    one.child.kill('SIGKILL');
    await one.stop();
    const finished = await untilTerminal(raw(`${two.url}/v1`, id));
    expect(finished.status).toBe('completed');
    expect(finished).toEqual(await reference);
  });
});
