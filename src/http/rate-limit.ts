/**
 * Counts each API request against its key's per-minute budget (the gate's count: the API's 429 past
 * it) and stamps every reply with the key's `x-ratelimit-*` headers as they stand when the reply goes
 * out — after the response's tokens were charged, so the token headers reflect this request too.
 */
import type { RequestHandler } from 'express';
import { ANONYMOUS } from '../core/gate/api-keys';
import { Gate } from '../core/gate/gate';
import type { Emulator } from '../emulator';
import { beforeReply } from './send';

export function rateLimit(emulator: Emulator): RequestHandler {
  const limiter = emulator.rateLimiter;
  const gate = new Gate(emulator);
  return (req, res, next) => {
    const key = res.locals.apiKey ?? ANONYMOUS;
    res.locals.rateLimitKey = key;
    beforeReply(res, () => {
      const headers = limiter.headers(key);
      for (const name in headers) res.setHeader(name, headers[name]);
    });
    gate.count(key, typeof req.body?.model === 'string' ? req.body.model : 'gpt-4o');
    next();
  };
}
