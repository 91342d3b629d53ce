import { ApiError } from '../../src/errors';
import { formatDuration } from '../../src/rate-limit-text';
import { RateLimiter } from '../../src/state/rate-limiter';

/** A limiter on a clock the test moves. */
function limiter(rpm: number, tpm: number) {
  let now = 0;
  return { l: new RateLimiter(rpm, tpm, () => now), advance: (ms: number) => (now += ms) };
}

function refusal(fn: () => void): ApiError {
  try {
    fn();
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a 429');
}

describe('RateLimiter', () => {
  test('without --rpm/--tpm nothing is ever refused, yet the headers report a budget counting down and refilling', () => {
    let now = 0;
    const l = new RateLimiter(null, null, () => now);
    // Past 10,000 requests in the same instant, and a token charge larger than the whole budget.
    for (let i = 0; i < 10_050; i++) l.takeRequest('k', 'gpt-4o');
    l.spendTokens('k', 40_000_000, 'gpt-4o');
    l.spendTokens('k', 1, 'gpt-4o');
    expect(l.headers('k')).toMatchObject({
      'x-ratelimit-limit-requests': '10000',
      'x-ratelimit-limit-tokens': '30000000',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-remaining-tokens': '0',
    });
    now += 30_000;
    expect(l.headers('k')).toMatchObject({ 'x-ratelimit-remaining-requests': '5000', 'x-ratelimit-remaining-tokens': '15000000' });
    l.takeRequest('k', 'gpt-4o');
    expect(l.headers('k')['x-ratelimit-remaining-requests']).toBe('4999');
  });

  test('a limit that is set is enforced while the other one only reports', () => {
    const l = new RateLimiter(2, null, () => 0);
    l.spendTokens('k', 90_000_000, 'gpt-4o');
    l.takeRequest('k', 'gpt-4o');
    l.takeRequest('k', 'gpt-4o');
    expect(refusal(() => l.takeRequest('k', 'gpt-4o')).status).toBe(429);
  });

  test('requests count down, then a 429; the bucket refills continuously (rpm/60 per second)', () => {
    const { l, advance } = limiter(6, 1000);
    for (let i = 0; i < 6; i++) l.takeRequest('k', 'gpt-4o');
    expect(l.headers('k')).toMatchObject({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1m0s' });
    const err = refusal(() => l.takeRequest('k', 'gpt-4o'));
    expect(err).toMatchObject({ status: 429, type: 'requests', code: 'rate_limit_exceeded' });
    expect(err.headers).toMatchObject({ 'retry-after': '10', 'retry-after-ms': '10000', 'x-ratelimit-remaining-requests': '0' });
    expect(err.message).toBe(
      'Rate limit reached for gpt-4o in organization org-emulator on requests per min (RPM): Limit 6, Used 6, Requested 1. Please try again in 10s. Visit https://platform.openai.com/account/rate-limits to learn more.',
    );
    advance(9_999);
    expect(() => l.takeRequest('k', 'gpt-4o')).toThrow(ApiError);
    advance(1);
    l.takeRequest('k', 'gpt-4o');
    advance(60_000);
    expect(l.headers('k')).toMatchObject({ 'x-ratelimit-remaining-requests': '6', 'x-ratelimit-reset-requests': '0ms' });
  });

  test('tokens: spent as used, refused (uncharged) when they do not fit, “too large” past the whole budget', () => {
    const { l, advance } = limiter(100, 600);
    l.spendTokens('k', 500, 'gpt-4o');
    expect(l.headers('k')['x-ratelimit-remaining-tokens']).toBe('100');
    expect(l.headers('k')['x-ratelimit-reset-tokens']).toBe('50s');
    const err = refusal(() => l.spendTokens('k', 200, 'gpt-4o'));
    expect(err).toMatchObject({ status: 429, type: 'tokens' });
    expect(err.message).toContain('on tokens per min (TPM): Limit 600, Used 500, Requested 200. Please try again in 10s.');
    expect(l.headers('k')['x-ratelimit-remaining-tokens']).toBe('100');
    const tooLarge = refusal(() => l.spendTokens('k', 601, 'gpt-4o'));
    expect(tooLarge.message).toMatch(/^Request too large for gpt-4o .* Limit 600, Requested 601\. The input or output tokens must be reduced/);
    expect(tooLarge.headers['retry-after']).toBeUndefined();
    advance(10_000);
    l.spendTokens('k', 200, 'gpt-4o');
  });

  test('keys are independent; clear() restores every budget', () => {
    const { l } = limiter(1, 10);
    l.takeRequest('a', 'm');
    l.takeRequest('b', 'm');
    expect(() => l.takeRequest('a', 'm')).toThrow(ApiError);
    l.clear();
    l.takeRequest('a', 'm');
  });

  test('long keys (kept by fingerprint) are still told apart, and the same long key shares its budget', () => {
    const { l } = limiter(1, 10);
    const one = `sk-${'a'.repeat(8000)}`;
    const other = `sk-${'a'.repeat(7999)}b`;
    l.takeRequest(one, 'm');
    l.takeRequest(other, 'm');
    expect(() => l.takeRequest(one, 'm')).toThrow(ApiError);
    expect(l.headers(other)['x-ratelimit-remaining-requests']).toBe('0');
  });
});

test('formatDuration writes durations as the API does', () => {
  expect(formatDuration(0)).toBe('0ms');
  expect(formatDuration(120.4)).toBe('120ms');
  expect(formatDuration(1500)).toBe('1.5s');
  expect(formatDuration(59_999)).toBe('59.999s');
  expect(formatDuration(360_000)).toBe('6m0s');
  expect(formatDuration(83_000)).toBe('1m23s');
});
