/**
 * Nothing leaks, nothing grows, limits as documented: credentials in headers, query strings and tool
 * definitions are redacted in fixtures, the journal and the live feed; `Expect: 100-continue` does not
 * break recording; the live feed's connections are capped; with no --rpm/--tpm nothing is refused;
 * each model's context window is enforced (or the input truncated with `truncation: "auto"`); chains
 * and conversations are bounded in length.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInProcessEmulator, startEmulator, type InProcessEmulator, type RunningEmulator } from '../../src/index';
import { ANONYMOUS } from '../../src/core/gate/api-keys';
import { CONTEXT_LENGTH_EXCEEDED_MESSAGE } from '../../src/engine/context-window';

const SECRETS = ['SECRET-openai-1111', 'SECRET-auth-token-2222', 'SECRET-azure-3333', 'SECRET-code-4444', 'SECRET-mcp-auth-5555', 'SECRET-mcp-header-6666', 'SECRET-url-token-7777'];

const secretRequest = {
  model: 'gpt-4o',
  input: 'Keep my secrets.',
  tools: [
    {
      type: 'mcp',
      server_label: 'deepwiki',
      server_url: `https://mcp.example/sse?token=${SECRETS[6]}&region=eu`,
      authorization: SECRETS[4],
      headers: { Authorization: `Bearer ${SECRETS[5]}`, 'X-Trace': 'keep-this-header' },
      require_approval: 'never',
    },
  ],
};
const secretHeaders = { 'content-type': 'application/json', 'x-openai-api-key': SECRETS[0], 'x-auth-token': SECRETS[1], 'azure-api-key': SECRETS[2] };

function post(url: string, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.once('error', reject);
    // With Expect: 100-continue, the body goes only once the server said to continue.
    if (headers.expect) req.once('continue', () => req.end(body));
    else req.end(body);
  });
}

describe('credentials are redacted everywhere', () => {
  test('journal and live feed: headers with key/token/auth in their name, code= and other secret query parameters, tool authorization and headers (request and echo)', async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const res = await post(emulator.url, `/v1/responses?code=${SECRETS[3]}`, secretHeaders, JSON.stringify(secretRequest));
      expect(res.status).toBe(200);
      // The answer echoes the tools as the API does (only records are redacted): the API never echoes an
      // MCP tool's `authorization` (test/traffic), but does echo its headers.
      expect(res.body).not.toContain(SECRETS[4]);
      expect(res.body).toContain(SECRETS[5]);
      const list = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as { data: { id: string }[] };
      const detail = await (await fetch(`${emulator.url}/__emulator/requests/${list.data[0].id}`)).text();
      const feed = await fetch(`${emulator.url}/__emulator/events`);
      const reader = feed.body!.getReader();
      let live = '';
      while (!live.includes('event: exchange')) live += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      const everything = [JSON.stringify(list), detail, live].join('\n');
      for (const secret of SECRETS) expect(everything).not.toContain(secret);
      const entry = JSON.parse(detail) as { path: string; request: { headers: Record<string, string>; body: typeof secretRequest }; response: { body: { tools: typeof secretRequest.tools } } };
      expect(entry.request.headers).toMatchObject({ 'x-openai-api-key': '[REDACTED]', 'x-auth-token': '[REDACTED]', 'azure-api-key': '[REDACTED]' });
      expect(entry.path).toContain('code=%5BREDACTED%5D');
      expect(entry.request.body.tools[0]).toMatchObject({ authorization: '[REDACTED]', headers: { Authorization: '[REDACTED]', 'X-Trace': 'keep-this-header' } });
      expect(entry.request.body.tools[0].server_url).toContain('region=eu');
      expect(entry.response.body.tools[0]).toMatchObject({ headers: { Authorization: '[REDACTED]' } });
      expect(entry.response.body.tools[0]).not.toHaveProperty('authorization');
      // Rate-limit headers merely mention tokens: they stay.
      expect(JSON.stringify(entry)).toMatch(/x-ratelimit-remaining-tokens":"\d+/);
    } finally {
      await emulator.close();
    }
  });

  test('recording: fixtures hold no credential, and Expect: 100-continue is not forwarded (no 502)', async () => {
    const upstream = await startEmulator({ port: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'redact-record-'));
    const recorder = await startEmulator({ port: 0, upstream: upstream.baseURL, fixtures: dir, recordMode: 'all' });
    try {
      const res = await post(recorder.url, `/v1/responses?code=${SECRETS[3]}`, { ...secretHeaders, expect: '100-continue', 'x-test-id': 'secret-test' }, JSON.stringify({ ...secretRequest, stream: true }));
      expect(res.status).toBe(200);
      const plain = await post(recorder.url, '/v1/responses', { 'content-type': 'application/json', expect: '100-continue' }, JSON.stringify({ model: 'gpt-4o', input: 'hi' }));
      expect(plain.status).toBe(200);
      const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
      expect(files.sort()).toEqual(['recording-001.json', 'secret-test-001.json']);
      const text = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(text).toContain('keep-this-header');
    } finally {
      await recorder.close();
      await upstream.close();
    }
  });
});

describe('the live admin feed is capped', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, maxFeedConnections: 2 });
  });
  afterAll(() => emulator.close());

  const openFeed = (): Promise<{ req: ClientRequest; res: IncomingMessage }> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(`${emulator.url}/__emulator/events`, (res) => resolve({ req, res }));
      req.once('error', reject);
      req.end();
    });
  const bodyOf = (res: IncomingMessage): Promise<string> =>
    new Promise((resolve) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(text));
    });

  test('past --max-feed-connections a feed gets 429 too_many_feeds; a closed one frees its place', async () => {
    const first = await openFeed();
    const second = await openFeed();
    expect([first.res.statusCode, second.res.statusCode]).toEqual([200, 200]);
    const third = await openFeed();
    expect(third.res.statusCode).toBe(429);
    expect(JSON.parse(await bodyOf(third.res)).error).toMatchObject({ code: 'too_many_feeds', type: 'invalid_request_error', param: null });
    first.req.destroy();
    // The server learns of the close asynchronously: retry (each attempt waits for an answer, not a clock).
    let again = await openFeed();
    for (let i = 0; again.res.statusCode === 429 && i < 500; i++) {
      again.res.resume();
      again = await openFeed();
    }
    expect(again.res.statusCode).toBe(200);
    again.req.destroy();
    second.req.destroy();
  });
});

describe('limits as documented', () => {
  let emulator: InProcessEmulator;
  beforeAll(() => {
    emulator = createInProcessEmulator({ maxChainLength: 3, maxConversationItems: 3 });
  });
  afterAll(() => emulator.close());

  const create = async (body: Record<string, unknown>) => {
    const res = await emulator.fetch(`${emulator.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
  };

  test('with no --rpm/--tpm a spent budget never refuses; the headers still count', async () => {
    emulator.core.rateLimiter.spendTokens(ANONYMOUS, 40_000_000, 'gpt-4o');
    for (let i = 0; i < 10_001; i++) emulator.core.rateLimiter.takeRequest(ANONYMOUS, 'gpt-4o');
    const res = await create({ model: 'gpt-4o', input: 'hi' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit-requests')).toBe('10000');
    // How far it refilled meanwhile depends on the clock: the counting itself is unit-tested.
    expect(Number(res.headers.get('x-ratelimit-remaining-tokens'))).toBeLessThan(30_000_000);
  });

  test('input over the model context window → 400 context_length_exceeded, param input, the API wording', async () => {
    const res = await create({ model: 'gpt-4o', input: 'word '.repeat(130_000) });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ message: CONTEXT_LENGTH_EXCEEDED_MESSAGE, type: 'invalid_request_error', param: 'input', code: 'context_length_exceeded' });
    expect(CONTEXT_LENGTH_EXCEEDED_MESSAGE).toBe('Your input exceeds the context window of this model. Please adjust your input and try again.');
    // gpt-4.1's window is a million tokens: the same input fits.
    expect((await create({ model: 'gpt-4.1', input: 'word '.repeat(130_000) })).status).toBe(200);
  });

  test('a chain that grows past the window is refused, or truncated from its beginning with truncation: auto', async () => {
    const half = 'word '.repeat(5_000); // ~5,000 tokens; gpt-4's window is 8,192
    const first = await create({ model: 'gpt-4', input: half });
    expect(first.status).toBe(200);
    const over = await create({ model: 'gpt-4', input: `${half} again`, previous_response_id: first.body.id });
    expect(over.status).toBe(400);
    expect(over.body.error.code).toBe('context_length_exceeded');
    const truncated = await create({ model: 'gpt-4', input: `${half} again`, previous_response_id: first.body.id, truncation: 'auto' });
    expect(truncated.status).toBe(200);
    expect(truncated.body.truncation).toBe('auto');
    expect(truncated.body.usage.input_tokens).toBeLessThanOrEqual(8_192);
    expect(truncated.body.usage.input_tokens).toBeGreaterThan(5_000);
    // Input items too: the oldest go first, the latest stays.
    const items = [half, half, 'What is the capital of France?'].map((text) => ({ role: 'user', content: text }));
    const many = await create({ model: 'gpt-4', input: items, truncation: 'auto' });
    expect(many.status).toBe(200);
    expect(many.body.usage.input_tokens).toBeLessThanOrEqual(8_192);
    // A single item larger than the window cannot be truncated.
    expect((await create({ model: 'gpt-4', input: 'word '.repeat(9_000), truncation: 'auto' })).body.error.code).toBe('context_length_exceeded');
  });

  test('previous_response_id chains are bounded (--max-chain-length)', async () => {
    let previous: string | undefined;
    for (let i = 0; i < 3; i++) {
      const res = await create({ model: 'gpt-4o', input: `turn ${i}`, ...(previous ? { previous_response_id: previous } : {}) });
      expect(res.status).toBe(200);
      previous = res.body.id;
    }
    const res = await create({ model: 'gpt-4o', input: 'one too many', previous_response_id: previous });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param: 'previous_response_id', code: 'chain_too_long' });
    expect(res.body.error.message).toContain('--max-chain-length');
  });

  test('conversations are bounded (--max-conversation-items)', async () => {
    const conv = async (body: unknown) => emulator.fetch(`${emulator.baseURL}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const tooMany = await conv({ items: [1, 2, 3, 4].map((n) => ({ type: 'message', role: 'user', content: `item ${n}` })) });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: { code: string; param: string } }).error).toMatchObject({ code: 'conversation_too_long', param: 'items' });
    const ok = (await (await conv({ items: [{ type: 'message', role: 'user', content: 'first' }] })).json()) as { id: string };
    // 1 item + this input (1) fits; the answer then makes it 3.
    expect((await create({ model: 'gpt-4o', input: 'second', conversation: ok.id })).status).toBe(200);
    const full = await create({ model: 'gpt-4o', input: 'third', conversation: ok.id });
    expect(full.status).toBe(400);
    expect(full.body.error).toMatchObject({ code: 'conversation_too_long', param: 'input' });
    const add = await emulator.fetch(`${emulator.baseURL}/conversations/${ok.id}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ type: 'message', role: 'user', content: 'more' }] }),
    });
    expect(add.status).toBe(400);
  });
});
