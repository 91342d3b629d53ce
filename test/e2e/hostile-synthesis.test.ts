/**
 * Issue 16 §1–2: one request or frame never takes the emulator down or freezes it. Each hostile
 * schema or grammar is the client's mistake — a 400 in the API's words naming the field — over
 * HTTP and as an `error` frame over WebSocket, where the socket stays usable. Nothing here measures
 * time: every case must simply be answered (a freeze would never answer; a crash would end the run).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { HOSTILE_SYNTHESIS, type HostileCase } from '../fuzz/hostile-synthesis';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, logLevel: 'silent' });
});
afterAll(() => emulator.close());

async function post(body: string): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(`${emulator.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

const refused = HOSTILE_SYNTHESIS.filter((c): c is HostileCase & { expect: NonNullable<HostileCase['expect']> } => c.expect !== undefined);

describe('hostile schemas and grammars over HTTP', () => {
  test.each(refused.map((c) => [c.name, c] as const))('%s: 400 naming the field', async (_name, c) => {
    const { status, json } = await post(c.body());
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', code: c.expect.code });
    // The field itself, or (for nesting) the deep spot inside it.
    expect(json.error.param).toMatch(new RegExp(`^${c.expect.param.replace(/[.[\]$]/g, '\\$&')}`));
    expect(json.error.message).toContain(c.expect.message);
  });

  test.each(HOSTILE_SYNTHESIS.filter((c) => c.expect === undefined).map((c) => [c.name, c] as const))('%s: answered, not a 5xx', async (_name, c) => {
    const { status } = await post(c.body());
    expect([200, 400]).toContain(status);
  });

  test('a simple request sent alongside every hostile one is answered', async () => {
    const simple = JSON.stringify({ model: 'gpt-4o', input: 'Say hi.' });
    const answers = await Promise.all([...HOSTILE_SYNTHESIS.map((c) => post(c.body())), post(simple)]);
    expect(answers.every((a) => a.status < 500)).toBe(true);
    expect(answers[answers.length - 1].status).toBe(200);
  });
});

describe('hostile frames over WebSocket', () => {
  test('every hostile response.create gets an error frame in the API shape and the socket stays open', async () => {
    const ws = new WebSocket(`${emulator.url.replace('http', 'ws')}/v1/responses`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const frames: Record<string, any>[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (data) => {
      frames.push(JSON.parse(data.toString()) as Record<string, any>);
      waiters.splice(0).forEach((w) => w());
    });
    const next = (pred: (f: Record<string, any>) => boolean): Promise<Record<string, any>> =>
      new Promise((resolve) => {
        const look = (): void => {
          const i = frames.findIndex(pred);
          if (i >= 0) resolve(frames.splice(i, 1)[0]);
          else waiters.push(look);
        };
        look();
      });
    for (const c of HOSTILE_SYNTHESIS) {
      // The frame is the HTTP body with `type` added (and a stream_id to pair frames with cases).
      ws.send(`{"type":"response.create","stream_id":"${c.name.replace(/\W+/g, '_')}",${c.body().slice(1)}`);
      const answer = await next((f) => f.stream_id === c.name.replace(/\W+/g, '_') && (f.type === 'error' || f.type === 'response.completed'));
      if (c.expect) {
        expect(answer).toMatchObject({ type: 'error', status: 400, error: { type: 'invalid_request_error', code: c.expect.code } });
        expect(answer.error.param.startsWith(c.expect.param)).toBe(true);
      } else if (answer.type === 'error') expect(answer.status).toBe(400);
      expect(ws.readyState).toBe(WebSocket.OPEN);
    }
    // A frame nested deeper than the HTTP body limit: refused the same way.
    ws.send(`{"type":"response.create","model":"gpt-4o","input":"x","metadata":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    const deep = await next((f) => f.type === 'error');
    expect(deep).toMatchObject({ status: 400, error: { code: 'invalid_value', param: expect.stringMatching(/^metadata/) } });
    ws.send(JSON.stringify({ type: 'response.create', model: 'gpt-4o', input: 'still there?' }));
    await next((f) => f.type === 'response.completed');
    ws.close();
  }, 60_000);
});

describe('fixture regexes', () => {
  test('a catastrophic fixture regex against a long input is answered (linear-time matching)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redos-fixtures-'));
    writeFileSync(join(dir, 'redos.json'), JSON.stringify({ match: { input: { regex: '^(a+)+$' } }, reply: { text: 'matched' } }));
    const withFixtures = await startEmulator({ port: 0, logLevel: 'silent', fixtures: dir });
    try {
      const send = async (input: string) => {
        const res = await fetch(`${withFixtures.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input }) });
        return (await res.json()) as { output: { content: { text: string }[] }[] };
      };
      // 40 characters: native backtracking would take about 2^40 steps here.
      const missed = await send(`${'a'.repeat(40)}!`);
      expect(missed.output[0].content[0].text).not.toBe('matched');
      const hit = await send('a'.repeat(40));
      expect(hit.output[0].content[0].text).toBe('matched');
    } finally {
      await withFixtures.close();
    }
  });
});
