/**
 * Rate limits (`--rpm`, `--tpm`) and auth (`--api-key`) through the official SDK: the headers every
 * reply carries, the 429s and 401s in the API's shape, budgets per key, org/project echo.
 */
import OpenAI from 'openai';
import WebSocket from 'ws';
import { startEmulator, type RunningEmulator } from '../../src/index';

const BODY = { model: 'gpt-4o', input: 'Say hello' };

function limits(headers: Headers): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const h of ['limit-requests', 'remaining-requests', 'reset-requests', 'limit-tokens', 'remaining-tokens', 'reset-tokens']) out[h] = headers.get(`x-ratelimit-${h}`);
  return out;
}

describe('rate limits', () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, seed: 'limits', rpm: 3, tpm: 2000 });
  });
  afterEach(() => emulator.close());

  test('the request budget counts down on every reply, then the API’s 429 with retry-after; reset restores it', async () => {
    const client = new OpenAI({ apiKey: 'sk-a', baseURL: emulator.baseURL, maxRetries: 0 });
    const seen: Record<string, string | null>[] = [];
    for (let i = 0; i < 3; i++) seen.push(limits((await client.responses.create(BODY).withResponse()).response.headers));
    expect(seen.map((h) => h['limit-requests'])).toEqual(['3', '3', '3']);
    expect(seen.map((h) => h['remaining-requests'])).toEqual(['2', '1', '0']);
    // A bucket refilling at 3 per minute: one request back every 20 s, full again in 60 s.
    expect(seen[2]['reset-requests']).toMatch(/^5\d(\.\d+)?s$|^1m0s$/);
    const err = (await client.responses.create(BODY).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err).toMatchObject({ status: 429, type: 'requests', code: 'rate_limit_exceeded', param: null });
    expect(err.message).toMatch(/^429 Rate limit reached for gpt-4o in organization org-emulator on requests per min \(RPM\): Limit 3, Used 3, Requested 1\. Please try again in (1\d|20)(\.\d+)?s\. Visit https:\/\/platform\.openai\.com\/account\/rate-limits to learn more\.$/);
    // About 20 s (less whatever the bucket refilled while the test ran).
    expect(Number(err.headers.get('retry-after'))).toBeGreaterThanOrEqual(15);
    expect(Number(err.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect(Number(err.headers.get('retry-after-ms'))).toBeGreaterThan(14_000);
    expect(err.headers.get('x-ratelimit-remaining-requests')).toBe('0');

    emulator.reset();
    const after = limits((await client.responses.create(BODY).withResponse()).response.headers);
    expect(after['remaining-requests']).toBe('2');
  });

  test('the token budget goes down by each response’s usage (input + output)', async () => {
    const client = new OpenAI({ apiKey: 'sk-a', baseURL: emulator.baseURL, maxRetries: 0 });
    const { data, response } = await client.responses.create(BODY).withResponse();
    const used = data.usage!.input_tokens + data.usage!.output_tokens;
    const remaining = Number(response.headers.get('x-ratelimit-remaining-tokens'));
    // The bucket refills continuously (2000/min ≈ 0.03 per ms): at most a token or two back by now.
    expect(2000 - remaining).toBeGreaterThanOrEqual(used - 2);
    expect(2000 - remaining).toBeLessThanOrEqual(used);
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('2000');
  });

  test('a response that does not fit the tokens left is the API’s 429 on tokens; one larger than the whole budget says so', async () => {
    const small = await startEmulator({ port: 0, tpm: 120 });
    try {
      const client = new OpenAI({ apiKey: 'sk-a', baseURL: small.baseURL, maxRetries: 0 });
      const huge = (await client.responses.create({ model: 'gpt-4o', input: 'word '.repeat(300) }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
      expect(huge).toBeInstanceOf(OpenAI.RateLimitError);
      expect(huge).toMatchObject({ type: 'tokens', code: 'rate_limit_exceeded' });
      expect(huge.message).toMatch(/^429 Request too large for gpt-4o in organization org-emulator on tokens per min \(TPM\): Limit 120, Requested \d+\. The input or output tokens must be reduced/);
      let error: InstanceType<typeof OpenAI.RateLimitError> | null = null;
      for (let i = 0; i < 10 && !error; i++) {
        error = (await client.responses.create({ model: 'gpt-4o', input: 'Hi', max_output_tokens: 16 }).then(() => null, (e: unknown) => e)) as typeof error;
      }
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect(error!.message).toMatch(/on tokens per min \(TPM\): Limit 120, Used \d+, Requested \d+\. Please try again in/);
      expect(Number(error!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // A refused response is not stored and not charged.
      expect(small.requests({ status: 429 }).every((e) => e.responseId === null)).toBe(true);
    } finally {
      await small.close();
    }
  });

  test('each API key has its own budget', async () => {
    const a = new OpenAI({ apiKey: 'sk-a', baseURL: emulator.baseURL, maxRetries: 0 });
    const b = new OpenAI({ apiKey: 'sk-b', baseURL: emulator.baseURL, maxRetries: 0 });
    for (let i = 0; i < 3; i++) await a.responses.create(BODY);
    await expect(a.responses.create(BODY)).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    const { response } = await b.responses.create(BODY).withResponse();
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('2');
  });

  test('other endpoints count too, and WebSocket response.create frames share the key’s budget', async () => {
    const client = new OpenAI({ apiKey: 'sk-ws', baseURL: emulator.baseURL, maxRetries: 0 });
    const { response } = await client.models.list().withResponse();
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('2');
    const ws = new WebSocket(`${emulator.baseURL.replace('http', 'ws')}/responses`, { headers: { authorization: 'Bearer sk-ws' } });
    await new Promise((r) => ws.once('open', r));
    const frames: { type: string; status?: number; error?: { code: string } }[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    for (let i = 0; i < 3; i++) ws.send(JSON.stringify({ type: 'response.create', ...BODY }));
    while (!frames.some((f) => f.type === 'error')) await new Promise((r) => setTimeout(r, 10));
    ws.close();
    expect(frames.filter((f) => f.type === 'response.completed')).toHaveLength(2);
    expect(frames.find((f) => f.type === 'error')).toMatchObject({ status: 429, error: { code: 'rate_limit_exceeded', type: 'requests' } });
  });
});

describe('without limits set, the headers still report honest (generous) budgets', () => {
  test('10000 requests and 30M tokens per minute', async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL });
      const first = limits((await client.responses.create(BODY).withResponse()).response.headers);
      const second = limits((await client.responses.create(BODY).withResponse()).response.headers);
      expect(first).toMatchObject({ 'limit-requests': '10000', 'limit-tokens': '30000000' });
      // 9999 right after the charge; a loaded machine may let the bucket refill (one request per 6 ms)
      // before the header is written.
      expect(['9999', '10000']).toContain(first['remaining-requests']);
      // At 10000 a minute a request comes back every 6 ms, so how far the count moved between two calls
      // depends on the machine's speed: only "never above the limit" holds (the refill itself is unit-tested
      // with a fake clock in test/unit/rate-limiter.test.ts).
      expect(Number(second['remaining-requests'])).toBeLessThanOrEqual(10000);
      expect(second['limit-requests']).toBe('10000');
    } finally {
      await emulator.close();
    }
  });
});

describe('auth', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, apiKey: 'sk-test-good-0001,sk-test-other-0002' });
  });
  afterAll(() => emulator.close());

  const post = (headers: Record<string, string>) =>
    fetch(`${emulator.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(BODY) });

  test('a missing key: 401 with the API’s message and code null', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: {
        message: expect.stringMatching(/^You didn't provide an API key\. You need to provide your API key in an Authorization header using Bearer auth/) as string,
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  test('an unknown key: the SDK’s AuthenticationError, invalid_api_key, the key masked, not retried', async () => {
    const client = new OpenAI({ apiKey: 'sk-test-wrong-9999', baseURL: emulator.baseURL, defaultHeaders: { 'x-test-id': 'wrong-key' } });
    const err = (await client.responses.create(BODY).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.AuthenticationError>;
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(err).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });
    expect(err.message).toBe('401 Incorrect API key provided: sk-tes********9999. You can find your API key at https://platform.openai.com/account/api-keys.');
    expect(err.message).not.toContain('wrong');
    expect(emulator.requests({ testId: 'wrong-key' })).toHaveLength(1);
    // The journal never keeps the key itself.
    expect(emulator.requests({ testId: 'wrong-key' })[0].request.headers.authorization).toBe('[REDACTED]');
  });

  test('any configured key works, as Bearer, api-key or x-api-key', async () => {
    for (const key of ['sk-test-good-0001', 'sk-test-other-0002']) {
      const client = new OpenAI({ apiKey: key, baseURL: emulator.baseURL });
      expect((await client.responses.create(BODY)).status).toBe('completed');
    }
    expect((await post({ 'api-key': 'sk-test-good-0001' })).status).toBe(200);
    expect((await post({ 'x-api-key': 'sk-test-other-0002' })).status).toBe(200);
    expect((await post({ authorization: 'Basic ' + Buffer.from(':sk-test-good-0001').toString('base64') })).status).toBe(200);
    expect((await post({ authorization: 'Bearer' })).status).toBe(401);
  });

  test('every route needs the key, unknown ones included; a WebSocket upgrade without it is refused with 401', async () => {
    expect((await fetch(`${emulator.baseURL}/models`)).status).toBe(401);
    expect((await fetch(`${emulator.baseURL}/nope`)).status).toBe(401);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${emulator.baseURL.replace('http', 'ws')}/responses`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
    const ws = new WebSocket(`${emulator.baseURL.replace('http', 'ws')}/responses`, { headers: { authorization: 'Bearer sk-test-good-0001' } });
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    ws.close();
  });

  test('the admin endpoints need a key too (Bearer or ?api_key=); the page’s static files do not', async () => {
    expect((await fetch(`${emulator.url}/__emulator/requests`)).status).toBe(401);
    expect((await fetch(`${emulator.url}/__emulator/requests`, { headers: { authorization: 'Bearer sk-test-good-0001' } })).status).toBe(200);
    expect((await fetch(`${emulator.url}/__emulator/requests?api_key=sk-test-good-0001`)).status).toBe(200);
    expect((await fetch(`${emulator.url}/__emulator/requests?api_key=nope`)).status).toBe(401);
    expect((await fetch(`${emulator.url}/__emulator/`)).status).toBe(200);
  });
});

describe('organization and project headers', () => {
  test('are echoed as the API does; the organization defaults to the emulator’s', async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const withOrg = new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL, organization: 'org-abc123', project: 'proj_xyz789' });
      const { response } = await withOrg.responses.create(BODY).withResponse();
      expect(response.headers.get('openai-organization')).toBe('org-abc123');
      expect(response.headers.get('openai-project')).toBe('proj_xyz789');
      const plain = new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL });
      const other = (await plain.responses.create(BODY).withResponse()).response;
      expect(other.headers.get('openai-organization')).toBe('org-emulator');
      expect(other.headers.get('openai-project')).toBeNull();
      // Errors carry them too.
      const err = (await withOrg.responses.retrieve('resp_missing').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.NotFoundError>;
      expect(err.headers.get('openai-organization')).toBe('org-abc123');
    } finally {
      await emulator.close();
    }
  });
});
