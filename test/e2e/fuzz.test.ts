/**
 * The fuzzing corpus that runs in `npm test` (a fixed seed; `npm run fuzz` is the long run): every
 * endpoint of every dialect, in process and over HTTP, plus WebSocket frames. Never a 5xx, never a
 * hang, always the dialect's error shape naming the broken field, no prototype pollution, and the
 * emulator healthy afterwards.
 */
import fc from 'fast-check';
import WebSocket from 'ws';
import { createInProcessEmulator, startEmulator } from '../../src/index';
import { fuzzCases, runFuzz, violations, type FuzzCase } from '../fuzz/fuzz-core';
import { HOSTILE_SYNTHESIS } from '../fuzz/hostile-synthesis';

const SEED = 20261122;

describe('fuzzing (fixed corpus)', () => {
  test('in process: 1,000 cases across every endpoint and dialect', async () => {
    const emulator = createInProcessEmulator({ logLevel: 'silent' });
    try {
      const report = await runFuzz(emulator.fetch as never, emulator.url, { seed: SEED, runs: 1000, hangMs: 60_000 });
      expect(report.violations).toEqual([]);
      expect(report.polluted).toBe(false);
      // Not vacuous: most cases are refused, some are answered, and refusals name the broken field.
      expect(report.byStatus[400] + (report.byStatus[422] ?? 0)).toBeGreaterThan(100);
      expect(report.byStatus[200]).toBeGreaterThan(20);
      expect(report.paramPrecision).toBeGreaterThan(0.95);
      expect(emulator.core.activeGenerations).toBe(0);
      const after = await emulator.fetch(`${emulator.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input: 'still fine?' }) });
      expect(after.status).toBe(200);
    } finally {
      await emulator.close();
    }
  }, 120_000);

  test('over HTTP: 200 cases, the server still answers afterwards', async () => {
    const emulator = await startEmulator({ port: 0, logLevel: 'silent' });
    try {
      const report = await runFuzz(fetch as never, emulator.url, { seed: SEED + 1, runs: 200, hangMs: 60_000 });
      expect(report.violations).toEqual([]);
      const health = await fetch(`${emulator.url}/__emulator/health`);
      expect(health.status).toBe(200);
    } finally {
      await emulator.close();
    }
  }, 120_000);

  test('WebSocket frames: garbage and broken response.create frames get error frames; the socket survives', async () => {
    const emulator = await startEmulator({ port: 0, logLevel: 'silent' });
    try {
      const ws = new WebSocket(`${emulator.url.replace('http', 'ws')}/v1/responses`);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const frames = fc.sample(
        fc.oneof(
          fc.string({ maxLength: 50 }),
          fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
          fuzzCases()
            .filter((c: FuzzCase) => c.target.name === 'openai create' && c.mutatedPath !== null)
            .map((c: FuzzCase) => JSON.stringify({ type: 'response.create', ...(JSON.parse(c.body!) as object) })),
          // Frames nested past the body limit, in any field.
          fc.tuple(fc.constantFrom('metadata', 'input', 'tools', 'text'), fc.integer({ min: 129, max: 20_000 })).map(([field, n]) => `{"type":"response.create","model":"gpt-4o","${field}":${'['.repeat(n)}${']'.repeat(n)}}`),
        ),
        { seed: SEED, numRuns: 60 },
      );
      // Every fixed hostile synthesis case too (each used to crash the process over WebSocket).
      frames.push(...HOSTILE_SYNTHESIS.map((h) => `{"type":"response.create",${h.body().slice(1)}`));
      const received: Record<string, unknown>[] = [];
      ws.on('message', (data) => received.push(JSON.parse(data.toString()) as Record<string, unknown>));
      for (const frame of frames) ws.send(frame);
      // A valid request after all of them: answered, so the socket is still usable.
      ws.send(JSON.stringify({ type: 'response.create', model: 'gpt-4o', input: 'last one', metadata: { marker: 'last' } }));
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          const done = received.some((f) => f.type === 'response.completed' && (f.response as { metadata: Record<string, string> }).metadata.marker === 'last');
          if (done) {
            clearInterval(check);
            resolve();
          }
        }, 20);
      });
      const errors = received.filter((f) => f.type === 'error');
      expect(errors.length).toBeGreaterThan(30 + HOSTILE_SYNTHESIS.filter((h) => h.expect).length);
      for (const e of errors) expect(e).toMatchObject({ type: 'error', status: expect.any(Number), error: { message: expect.any(String) } });
      expect(errors.every((e) => (e.status as number) < 500)).toBe(true);
      expect(ws.readyState).toBe(WebSocket.OPEN);
      ws.close();
    } finally {
      await emulator.close();
    }
  }, 60_000);

  test('the invariants catch what they should', () => {
    const target = { name: 't', dialect: 'openai' as const, method: 'POST' as const, path: '/v1/responses' };
    const c: FuzzCase = { target, kind: 'replace null', body: '{"model":null}', headers: {}, query: '', mutatedPath: ['model'] };
    expect(violations(c, { status: 500, body: '{}', ms: 1 }, 1000)).toEqual(expect.arrayContaining(['status 500', expect.stringMatching(/not the error shape/)]));
    expect(violations(c, { status: 400, body: '{"error":{"message":"x","type":"t","param":null,"code":null}}', ms: 1 }, 1000)).toEqual(['no param for a broken field (model)']);
    expect(violations(c, { status: 400, body: '{"error":{"message":"x","type":"t","param":"nope","code":null}}', ms: 1 }, 1000)).toEqual(["param 'nope' names no field of the request"]);
    expect(violations(c, { status: 200, body: '{}', ms: 9000 }, 1000)).toEqual(['took 9000 ms']);
    expect(violations({ ...c, target: { ...target, dialect: 'aitronos' } }, { status: 422, body: '{"error":{}}', ms: 1 }, 1000)[0]).toMatch(/not the Aitronos error shape/);
  });
});
