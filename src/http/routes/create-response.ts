/**
 * The create route of any dialect (`POST …/responses`, Aitronos' `POST /v1/model/response`): the
 * dialect parses the body into a create call, the stores get what the call needs first, the core
 * creates the response, and it is answered in the call's rendering (JSON, stream, or queued).
 */
import type { Request, Response } from 'express';
import type { Dialect } from '../../dialects/dialect';
import type { Emulator } from '../../emulator';
import { answerCreated } from '../answer-created';
import { unknownParamsPolicy } from '../exchange';
import { requestOptions } from '../request-options';

/** `forceStream`: the route streams whatever the body says (Aitronos' `/v1/model/response/stream`). */
export function createResponse(emulator: Emulator, dialect: Dialect, forceStream = false): (req: Request, res: Response) => void {
  return (req, res) => {
    const raw = forceStream && req.body && typeof req.body === 'object' ? { ...req.body, stream: true } : req.body;
    const call = dialect.parseCreate(raw, { schemas: emulator.schemas, policy: unknownParamsPolicy(emulator, res), config: emulator.config });
    call.prepare?.(emulator);
    answerCreated(res, emulator, call.request, emulator.createResponse(call.request, requestOptions(req, res.locals)), call.rendering);
  };
}
