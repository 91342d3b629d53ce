/**
 * Counts each API request against its key's per-minute budget (the API's 429 past it) and stamps
 * every reply with the key's `x-ratelimit-*` headers as they stand when the reply goes out — after
 * the response's tokens were charged, so the token headers reflect this request too.
 */
import type { RequestHandler } from 'express';
import type { Emulator } from '../emulator';
import { ANONYMOUS } from './auth';
import { beforeReply } from './send';

export function rateLimit(emulator: Emulator): RequestHandler {
  const limiter = emulator.rateLimiter;
  return (req, res, next) => {
    const key = res.locals.apiKey ?? ANONYMOUS;
    res.locals.rateLimitKey = key;
    beforeReply(res, () => {
      const headers = limiter.headers(key);
      for (const name in headers) res.setHeader(name, headers[name]);
    });
    const model = typeof req.body?.model === 'string' ? req.body.model : 'gpt-4o';
    limiter.takeRequest(key, model);
    next();
  };
}
