/**
 * The Redis store's life around the replicas: unreachable at startup (a clear error naming the URL,
 * password hidden: the library rejects, the command exits non-zero), Redis restarting mid-run
 * (requests fail in the API's error shape while it is down, and work again once it is back), two
 * replica processes started by the command, and WebSocket mode continuing a chain made over HTTP.
 */
import OpenAI from 'openai';
import WebSocket from 'ws';
import { startEmulator, RedisUnreachable, type RunningEmulator } from '../../src/index';
import { describeWithRedis, redisSuite } from '../helpers/redis-server';
import { runCli, startCli, type StartedCli } from '../helpers/cli-process';

describeWithRedis('the Redis store around the replicas', () => {
  const suite = redisSuite();
  const { running, processes } = suite;

  const client = (baseURL: string) => new OpenAI({ apiKey: 'test', baseURL, maxRetries: 0 });
  /** A port nothing listens on (a privileged one: no other test's server can have taken it). */
  const CLOSED_PORT = 1;

  test('Redis unreachable at startup: startEmulator rejects, naming the URL without its password', async () => {
    const url = `redis://user:s3cret@127.0.0.1:${CLOSED_PORT}/0`;
    const attempt = startEmulator({ port: 0, store: url });
    await expect(attempt).rejects.toBeInstanceOf(RedisUnreachable);
    await expect(attempt).rejects.toThrow(`Cannot reach the Redis store at redis://user:***@127.0.0.1:${CLOSED_PORT}/0`);
    await expect(attempt).rejects.not.toThrow(/s3cret/);
  });

  test('a database the server does not have is a startup error, not a replica quietly on db 0', async () => {
    const attempt = startEmulator({ port: 0, store: suite.server().url(99) });
    await expect(attempt).rejects.toBeInstanceOf(RedisUnreachable);
    await expect(attempt).rejects.toThrow(/DB index is out of range/);
  });

  test('Redis unreachable at startup: the command exits non-zero with the message', async () => {
    const url = `redis://:s3cret@127.0.0.1:${CLOSED_PORT}/0`;
    const { status, stdout, stderr } = await runCli(['--port', '0', '--store', url]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`responses-emulator: Cannot reach the Redis store at redis://:***@127.0.0.1:${CLOSED_PORT}/0`);
    expect(stderr).not.toContain('s3cret');
  });

  test('two replica processes (the command, RESPONSES_EMULATOR_STORE) share responses and conversations', async () => {
    const env = { RESPONSES_EMULATOR_STORE: suite.server().url(suite.nextDb()), RESPONSES_EMULATOR_PORT: '0' };
    const [one, two] = await Promise.all([startCli([], { env }), startCli([], { env })]);
    processes.push(one, two);
    const a = client(`${one.url}/v1`);
    const b = client(`${two.url}/v1`);
    const created = await a.responses.create({ model: 'gpt-4.1', input: 'across processes' });
    expect((await b.responses.retrieve(created.id)).output_text).toBe(created.output_text);
    const next = await b.responses.create({ model: 'gpt-4.1', input: 'go on', previous_response_id: created.id });
    expect((await a.responses.retrieve(next.id)).previous_response_id).toBe(created.id);
    const conversation = await b.conversations.create({});
    await a.conversations.items.create(conversation.id, { items: [{ type: 'message', role: 'user', content: 'hi from A' }] });
    expect((await b.conversations.items.list(conversation.id)).data).toHaveLength(1);
    // The same request on both processes: distinct ids.
    const again = await b.responses.create({ model: 'gpt-4.1', input: 'across processes' });
    expect(again.id).not.toBe(created.id);
  });

  test('Redis restarting mid-run: errors in the API shape while it is down, working again once it is back', async () => {
    const url = suite.server().url(suite.nextDb());
    const A = await startEmulator({ port: 0, store: url });
    const B = await startEmulator({ port: 0, store: url });
    running.push(A, B);
    const a = client(A.baseURL);
    const b = client(B.baseURL);
    const before = await a.responses.create({ model: 'gpt-4.1', input: 'before the restart' });

    await suite.server().stop();
    const down = await fetch(`${A.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4.1', input: 'while down' }) });
    expect(down.status).toBe(500);
    const body = (await down.json()) as { error: Record<string, unknown> };
    expect(body).toEqual({ error: { message: expect.stringContaining('Redis'), type: 'server_error', param: null, code: null } });
    await expect(b.responses.retrieve(before.id)).rejects.toMatchObject({ status: 500, error: { type: 'server_error' } });

    await suite.server().start();
    // ioredis reconnects on its own (each replica's connection says when it is up again).
    await Promise.all([A.core.shared!.ready(), B.core.shared!.ready()]);
    const after = await a.responses.create({ model: 'gpt-4.1', input: 'after the restart' });
    expect(after.status).toBe('completed');
    expect((await b.responses.retrieve(after.id)).id).toBe(after.id);
    // The restarted Redis is empty (no persistence in the tests): what was stored before is gone.
    await expect(b.responses.retrieve(before.id)).rejects.toMatchObject({ status: 404 });
  });

  test('WebSocket mode on B continues a chain made over HTTP on A, with ids of its own', async () => {
    const url = suite.server().url(suite.nextDb());
    const A = await startEmulator({ port: 0, store: url });
    const B = await startEmulator({ port: 0, store: url });
    running.push(A, B);
    const first = await client(A.baseURL).responses.create({ model: 'gpt-4.1', input: 'over HTTP' });
    const socket = new WebSocket(`${B.baseURL.replace('http', 'ws')}/responses`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const completed = new Promise<Record<string, unknown>>((resolve) =>
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { type: string; response?: Record<string, unknown> };
        if (frame.type === 'response.completed' || frame.type === 'error') resolve(frame as Record<string, unknown>);
      }),
    );
    socket.send(JSON.stringify({ type: 'response.create', model: 'gpt-4.1', input: 'over the socket', previous_response_id: first.id }));
    const frame = (await completed) as { type: string; response: { id: string; previous_response_id: string } };
    socket.close();
    expect(frame.type).toBe('response.completed');
    expect(frame.response.previous_response_id).toBe(first.id);
    // Stored through B's socket, read through A.
    expect((await client(A.baseURL).responses.retrieve(frame.response.id)).previous_response_id).toBe(first.id);
  });
});
