/**
 * The gate's caller check on HTTP (core/gate/gate.ts; how keys are read: core/gate/api-keys.ts):
 * a missing or unknown key is the API's 401 (with `--api-key`), else the key names the request's
 * rate-limit budget. `OpenAI-Organization` and `OpenAI-Project` are echoed back.
 */
import type { RequestHandler } from 'express';
import { Gate } from '../core/gate/gate';
import type { Emulator } from '../emulator';
import { ORGANIZATION } from '../rate-limit-text';
import { beforeReply } from './send';
import { dialectOf } from './select-dialect';

export function authenticate(emulator: Emulator): RequestHandler {
  const gate = new Gate(emulator);
  return (req, res, next) => {
    const organization = req.headers['openai-organization'];
    const project = req.headers['openai-project'];
    if (dialectOf(res)?.echoesOrganization !== false) {
      beforeReply(res, () => {
        res.setHeader('openai-organization', typeof organization === 'string' && organization !== '' ? organization : ORGANIZATION);
        if (typeof project === 'string' && project !== '') res.setHeader('openai-project', project);
      });
    }
    const key = gate.caller(req.headers);
    if (typeof key !== 'string') return next(key);
    res.locals.apiKey = key;
    next();
  };
}
