/**
 * Open Responses endpoints: `POST /responses` (JSON or SSE) and `POST /responses/compact`. The core is
 * OpenAI's; only parsing and rendering differ.
 */
import type { Compaction } from '../../core/services';
import type { Dialect } from '../dialect';
import { ok, type Endpoint } from '../endpoint';
import { createEndpoint, type CreateServices } from '../shared/create-endpoint';
import { parseOpenResponsesCompact } from './parse-request';
import { renderOpenResponsesUsage } from './render';

export function openResponsesEndpoints(core: CreateServices & Compaction, dialect: Pick<Dialect, 'parseCreate'>): Endpoint[] {
  return [
    createEndpoint(core, dialect, '/responses'),
    {
      method: 'post',
      path: '/responses/compact',
      body: true,
      handle(call) {
        const result = core.compactResponse(parseOpenResponsesCompact(core.schemas, call.body, call.policy()), call.options());
        return ok({ id: result.id, object: 'response.compaction', output: result.output, created_at: result.created_at, usage: renderOpenResponsesUsage(result.usage) });
      },
    },
  ];
}
