import { Chaos, parseChaos } from '../../src/faults/chaos';
import { faultError, FAULT_KINDS, parseFault, parseFaultHeader } from '../../src/faults/faults';
import { apiKeyOf, authError, maskKey } from '../../src/core/gate/api-keys';
import { ApiError } from '../../src/errors';

describe('parseFault', () => {
  test('every kind parses; parameters are read and typed', () => {
    for (const kind of FAULT_KINDS) expect(parseFault(kind)).toEqual({ kind, spec: kind });
    expect(parseFault(' rate_limit; retry_after=2 ;should_retry=false;count=3 ')).toEqual({
      kind: 'rate_limit',
      spec: 'rate_limit; retry_after=2 ;should_retry=false;count=3',
      retryAfterS: 2,
      shouldRetry: false,
      count: 3,
    });
    expect(parseFault('stream_error;after=0;message=Boom, it broke')).toMatchObject({ after: 0, message: 'Boom, it broke' });
    expect(parseFault('slow;delay=1500')).toMatchObject({ delayMs: 1500 });
    expect(parseFault('server_error;retry_after_ms=250.5')).toMatchObject({ retryAfterMs: 250.5 });
  });

  test.each([
    ['', /unknown fault ''/],
    ['Rate_Limit', /unknown fault 'Rate_Limit'/],
    ['rate_limit;retry_after=3601', /bad parameter/],
    ['rate_limit;retry_after=', /bad parameter/],
    ['slow;delay=-1', /bad parameter/],
    ['stream_cut;after=1.5', /bad parameter/],
    ['server_error;should_retry=yes', /bad parameter/],
    ['server_error;count=0', /bad parameter/],
    ['server_error;message=' + 'x'.repeat(501), /bad parameter/],
    ['timeout;timeout', /bad parameter 'timeout'/],
  ])('%j is refused', (spec, message) => {
    expect(() => parseFault(spec)).toThrow(message);
  });

  test('in a header, a bad fault is the API’s 400 naming the header', () => {
    const err = (() => {
      try {
        parseFaultHeader('nope', 'x-emulator-fault');
      } catch (e) {
        return e as ApiError;
      }
    })();
    expect(err).toBeInstanceOf(ApiError);
    expect(err!.toBody()).toEqual({
      error: { message: expect.stringContaining("Invalid 'x-emulator-fault' header: unknown fault 'nope'") as string, type: 'invalid_request_error', param: 'x-emulator-fault', code: 'invalid_value' },
    });
  });
});

describe('faultError', () => {
  test('status, type, code and headers per kind', () => {
    const shape = (spec: string) => {
      const e = faultError(parseFault(spec), 'gpt-5')!;
      return { status: e.status, type: e.type, code: e.code, headers: e.headers };
    };
    expect(shape('rate_limit')).toEqual({
      status: 429,
      type: 'requests',
      code: 'rate_limit_exceeded',
      headers: { 'retry-after': '1', 'retry-after-ms': '1000', 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' },
    });
    expect(shape('rate_limit;retry_after_ms=1500').headers).toMatchObject({ 'retry-after': '2', 'retry-after-ms': '1500', 'x-ratelimit-reset-requests': '1.5s' });
    expect(shape('insufficient_quota')).toEqual({ status: 429, type: 'insufficient_quota', code: 'insufficient_quota', headers: {} });
    expect(shape('server_error;should_retry=true')).toEqual({ status: 500, type: 'server_error', code: null, headers: { 'x-should-retry': 'true' } });
    expect(shape('overloaded;retry_after=3')).toEqual({ status: 503, type: 'server_error', code: null, headers: { 'retry-after': '3', 'retry-after-ms': '3000' } });
    expect(shape('unauthorized')).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(shape('forbidden')).toMatchObject({ status: 403, code: 'unsupported_country_region_territory' });
    expect(faultError(parseFault('rate_limit'), 'gpt-5')!.message).toContain('Rate limit reached for gpt-5 ');
    for (const kind of ['timeout', 'disconnect', 'slow', 'stream_cut', 'stream_error', 'stream_failed']) expect(faultError(parseFault(kind))).toBeNull();
  });
});

describe('chaos', () => {
  test('parses rates; refuses bad ones', () => {
    expect(parseChaos('rate_limit=0.05, server_error;should_retry=false=0.01').map((r) => [r.fault.spec, r.probability])).toEqual([
      ['rate_limit', 0.05],
      ['server_error;should_retry=false', 0.01],
    ]);
    expect(parseChaos('')).toEqual([]);
    expect(() => parseChaos('rate_limit=2')).toThrow(/probability from 0 to 1/);
    expect(() => parseChaos('rate_limit=0.6,timeout=0.6')).toThrow(/add up to 1.2/);
  });

  test('draws are seeded: the same seed gives the same sequence, at about the rates; reset starts over', () => {
    const rates = parseChaos('rate_limit=0.25,server_error=0.25');
    const draw = (c: Chaos, n: number) => Array.from({ length: n }, () => c.draw()?.kind ?? 'none');
    const a = new Chaos(rates, 'x');
    const first = draw(a, 4000);
    expect(draw(new Chaos(rates, 'x'), 4000)).toEqual(first);
    expect(draw(new Chaos(rates, 'y'), 4000)).not.toEqual(first);
    for (const kind of ['rate_limit', 'server_error', 'none']) {
      const share = first.filter((k) => k === kind).length / 4000;
      expect(Math.abs(share - (kind === 'none' ? 0.5 : 0.25))).toBeLessThan(0.04);
    }
    a.reset();
    expect(draw(a, 4000)).toEqual(first);
    expect(new Chaos([], 'x').draw()).toBeNull();
  });
});

describe('API keys', () => {
  test('read from Bearer, Basic (password), api-key, x-api-key, and (for the admin pages) ?api_key=', () => {
    expect(apiKeyOf({ authorization: 'Bearer sk-1' })).toBe('sk-1');
    expect(apiKeyOf({ authorization: 'bearer   sk-2  ' })).toBe('sk-2');
    expect(apiKeyOf({ authorization: `Basic ${Buffer.from(':sk-3').toString('base64')}` })).toBe('sk-3');
    expect(apiKeyOf({ 'api-key': 'sk-4' })).toBe('sk-4');
    expect(apiKeyOf({ 'x-api-key': 'sk-5' })).toBe('sk-5');
    expect(apiKeyOf({}, { api_key: 'sk-6' })).toBe('sk-6');
    expect(apiKeyOf({ authorization: 'Bearer' })).toBeNull();
    expect(apiKeyOf({})).toBeNull();
  });

  test('no keys configured: everything passes; configured: missing → 401 code null, unknown → invalid_api_key', () => {
    expect(authError([], null)).toBeNull();
    expect(authError(['k1'], 'k1')).toBeNull();
    expect(authError(['k1'], null)).toMatchObject({ status: 401, code: null, type: 'invalid_request_error' });
    expect(authError(['k1'], 'k2')).toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  test('a wrong key is shown masked, never whole', () => {
    expect(maskKey('sk-proj-abcdefghijklmnopqrstuvwxyz1234')).toBe(`sk-proj-${'*'.repeat(26)}1234`);
    expect(maskKey('short')).toBe('*****');
    expect(maskKey('sk-test-wrong-9999')).toBe('sk-tes********9999');
  });
});
