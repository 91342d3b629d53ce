/** `rate_limit`: the API's 429 `rate_limit_exceeded`, saying when to retry (1 s unless told) with its `x-ratelimit-*` headers. */
import { ApiError } from '../../errors';
import { formatDuration, rateLimitMessage } from '../../rate-limit-text';
import { retryHeaders } from '../fault-params';
import { faultKind } from '../fault-kind';

export const rateLimit = faultKind({
  name: 'rate_limit',
  order: 10,
  summary: "429 rate_limit_exceeded, with retry-after, retry-after-ms, x-ratelimit-*",
  action(params, model) {
    // A 429 always says when to retry.
    const { headers, retryMs = 1000 } = retryHeaders(params, 1000);
    headers['x-ratelimit-limit-requests'] = '500';
    headers['x-ratelimit-remaining-requests'] = '0';
    // Through seconds and back, as the API's own arithmetic does (250.5 ms stays what it printed before).
    const seconds = retryMs / 1000;
    headers['x-ratelimit-reset-requests'] = formatDuration(seconds * 1000);
    const message = params.message ?? rateLimitMessage({ model, type: 'requests', limit: 500, used: 500, requested: 1, waitMs: seconds * 1000 });
    return { kind: 'error', error: new ApiError(429, 'requests', message, null, 'rate_limit_exceeded', headers) };
  },
});
