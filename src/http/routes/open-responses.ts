/**
 * Open Responses routes: `POST /responses` (JSON or SSE) and `POST /responses/compact`, served under
 * `/open-responses/v1` (and at `/v1` with `--dialect open-responses`). The core is OpenAI's; only
 * parsing and rendering differ.
 */
import { unknownParamsPolicy } from '../exchange';
import { answerCreated, type DialectRendering } from '../answer-created';
import { jsonBody } from '../middleware';
import { routeTable } from '../route-table';
import { sendJson } from '../send';
import type { Emulator } from '../../emulator';
import { requestOptions } from '../request-options';
import type { DialectRoutes } from '../route-table';
import { parseOpenResponsesCompact, parseOpenResponsesCreate } from '../../dialects/open-responses/parse-request';
import { openResponsesStream, renderOpenResponsesUsage, renderResource } from '../../dialects/open-responses/render';

export const OPEN_RESPONSES_RENDERING: DialectRendering = { json: (record) => renderResource(record), stream: openResponsesStream };

/** `mountedAt`: the regex source of the prefixes this router is served under. */
export function openResponsesRoutes(emulator: Emulator, mountedAt: string): DialectRoutes {
  const { router, routes, add } = routeTable(emulator, mountedAt);
  const body = jsonBody(emulator.config.bodyLimitBytes);

  add('post', '/responses', body, (req, res) => {
    const request = parseOpenResponsesCreate(emulator.schemas, req.body, unknownParamsPolicy(emulator, res));
    answerCreated(res, emulator, request, emulator.createResponse(request, requestOptions(req, res.locals)), OPEN_RESPONSES_RENDERING);
  });

  add('post', '/responses/compact', body, (req, res) => {
    const result = emulator.compactResponse(parseOpenResponsesCompact(emulator.schemas, req.body, unknownParamsPolicy(emulator, res)), requestOptions(req, res.locals));
    sendJson(res, 200, { id: result.id, object: 'response.compaction', output: result.output, created_at: result.created_at, usage: renderOpenResponsesUsage(result.usage) });
  });

  return { router, routes };
}
