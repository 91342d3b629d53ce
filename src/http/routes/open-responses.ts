/**
 * Open Responses routes: `POST /responses` (JSON or SSE) and `POST /responses/compact`, served under
 * `/open-responses/v1` (and at `/v1` with `--dialect open-responses`). The core is OpenAI's; only
 * parsing and rendering differ.
 */
import { unknownParamsPolicy } from '../exchange';
import { jsonBody } from '../middleware';
import { routeTable } from '../route-table';
import { sendJson } from '../send';
import type { Emulator } from '../../emulator';
import { requestOptions } from '../request-options';
import type { DialectRoutes } from '../route-table';
import { parseOpenResponsesCompact } from '../../dialects/open-responses/parse-request';
import { renderOpenResponsesUsage } from '../../dialects/open-responses/render';
import { openResponsesDialect } from '../../dialects/open-responses/dialect';
import { createResponse } from './create-response';

/** `mountedAt`: the regex source of the prefixes this router is served under. */
export function openResponsesRoutes(emulator: Emulator, mountedAt: string): DialectRoutes {
  const { router, routes, add } = routeTable(emulator, mountedAt);
  const body = jsonBody(emulator.config.bodyLimitBytes);

  add('post', '/responses', body, createResponse(emulator, openResponsesDialect));

  add('post', '/responses/compact', body, (req, res) => {
    const result = emulator.compactResponse(parseOpenResponsesCompact(emulator.schemas, req.body, unknownParamsPolicy(emulator, res)), requestOptions(req, res.locals));
    sendJson(res, 200, { id: result.id, object: 'response.compaction', output: result.output, created_at: result.created_at, usage: renderOpenResponsesUsage(result.usage) });
  });

  return { router, routes };
}
