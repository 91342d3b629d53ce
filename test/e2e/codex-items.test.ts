/**
 * WebSocket mode as Codex uses it: a warm-up `response.create` with `generate: false` makes a
 * response with no output that the next turn chains from (OpenAI's WebSocket-mode guide), and remote
 * compaction works over the socket too. Event-driven: each step waits for the frames it needs.
 * Also: the official SDK reads shell and apply_patch streams with its raw iterator.
 */
import OpenAI from 'openai';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { hasOracle, oracleErrors } from '../helpers/oracle';
import { checkStream } from '../helpers/stream-checker';

type Json = Record<string, any>;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'ws-codex', timing: 'instant' });
});
afterAll(() => emulator.close());

/** A socket whose frames can be awaited: `until(n)` resolves once `n` terminal or error frames arrived. */
async function open(): Promise<{ send: (frame: Json) => void; until: (n: number) => Promise<Json[]>; close: () => void }> {
  const socket = new WebSocket(`${emulator.baseURL.replace('http', 'ws')}/responses`);
  const frames: Json[] = [];
  const waiters: { n: number; resolve: (f: Json[]) => void }[] = [];
  const ends = () => frames.filter((f) => f.type === 'response.completed' || f.type === 'response.failed' || f.type === 'error').length;
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as Json);
    for (const w of [...waiters]) if (ends() >= w.n) waiters.splice(waiters.indexOf(w), 1) && w.resolve(frames);
  });
  await new Promise((resolve) => socket.once('open', resolve));
  return {
    send: (frame) => socket.send(JSON.stringify(frame)),
    until: (n) => (ends() >= n ? Promise.resolve(frames) : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () => socket.close(),
  };
}

const oracle = (name: string, value: unknown) => {
  if (hasOracle) expect(oracleErrors(name, value)).toEqual([]);
};

describe('WebSocket warm-up: generate: false', () => {
  test('creates a response with no output; the next turn chains from it and sees its input', async () => {
    const ws = await open();
    const instructions = 'You are a coding agent. Follow the repository conventions.';
    ws.send({ type: 'response.create', model: 'gpt-5.5', instructions, input: [{ role: 'user', content: 'We will work on the parser.' }], store: false, generate: false });
    const warm = [...(await ws.until(1))];
    const warmComplete = warm.find((f) => f.type === 'response.completed')!;
    expect(warm.map((f) => f.type)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
    expect(checkStream(warm)).toMatchObject({ status: 'completed', output: [] });
    for (const f of warm) oracle('ResponseStreamEvent', f);
    expect(warmComplete.response.usage).toMatchObject({ output_tokens: 0 });
    expect(warmComplete.response.usage.input_tokens).toBeGreaterThan(0);

    ws.send({ type: 'response.create', model: 'gpt-5.5', instructions, previous_response_id: warmComplete.response.id, input: [{ role: 'user', content: 'Say hello' }], store: false });
    const frames = await ws.until(2);
    const turn = frames.slice(warm.length);
    const done = turn.find((f) => f.type === 'response.completed')!;
    expect(checkStream(turn).id).toBe(done.response.id);
    expect(done.response.previous_response_id).toBe(warmComplete.response.id);
    expect(done.response.output.at(-1)).toMatchObject({ type: 'message', phase: 'final_answer' });
    // The chained turn counts the warmed-up input too.
    expect(done.response.usage.input_tokens).toBeGreaterThan(warmComplete.response.usage.input_tokens);
    ws.close();
  });

  test('generate must be a boolean; generate: true is an ordinary turn', async () => {
    const ws = await open();
    ws.send({ type: 'response.create', model: 'gpt-4o', input: 'x', generate: 'no' });
    ws.send({ type: 'response.create', model: 'gpt-4o', input: 'Say hi', generate: true });
    const frames = await ws.until(2);
    const error = frames.find((f) => f.type === 'error')!;
    expect(error).toMatchObject({ status: 400, error: { type: 'invalid_request_error', code: 'invalid_type', param: 'generate' } });
    expect(frames.find((f) => f.type === 'response.completed')!.response.output.at(-1).type).toBe('message');
    ws.close();
  });
});

describe('remote compaction over WebSocket', () => {
  test('a response.create ending in compaction_trigger streams exactly one compaction item', async () => {
    const ws = await open();
    const input = [
      { role: 'user', content: 'Refactor the lexer' },
      { type: 'message', role: 'assistant', content: 'Done: tokens are now a union.' },
      { type: 'compaction_trigger' },
    ];
    ws.send({ type: 'response.create', model: 'gpt-5.5', input, store: false });
    const frames = await ws.until(1);
    const done = frames.filter((f) => f.type === 'response.output_item.done');
    expect(done.map((f) => f.item.type)).toEqual(['compaction']);
    expect(checkStream(frames).output).toEqual([done[0].item]);
    ws.close();
  });
});

describe('the official SDK and the shell / apply_patch streams', () => {
  test('the raw stream iterator reads every event; the stream helper rejects event types it does not know, as it would on real traffic', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL, maxRetries: 0 });
    const types: string[] = [];
    const stream = await client.responses.create({ model: 'gpt-5.1', input: "Create a.md containing 'x'", tools: [{ type: 'apply_patch' }], stream: true });
    for await (const event of stream) types.push(event.type);
    expect(types).toContain('response.apply_patch_call_operation_diff.done');
    expect(types.at(-1)).toBe('response.completed');
    // openai-node's ResponseStream (6.x) only knows the spec's event list; recorded api.openai.com traffic has these events too.
    await expect(client.responses.stream({ model: 'gpt-5.1', input: 'Run `ls` in the shell', tools: [{ type: 'shell' }] }).finalResponse()).rejects.toThrow(/Unhandled response stream event/);
  });
});
