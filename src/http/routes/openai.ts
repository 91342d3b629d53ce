/**
 * The OpenAI dialect over HTTP (served under `/v1` and at the root): its endpoint table, plus what
 * only HTTP does — the recording proxy (`--record`), which answers `POST /responses` from the
 * upstream when no fixture does and, recording everything, relays every other endpoint as it is.
 */
import type { RequestHandler } from 'express';
import type { CanonicalRequest } from '../../canonical/request';
import { openaiDialect } from '../../dialects/openai/dialect';
import { parseCreateResponse } from '../../dialects/openai/parse-request';
import { OPENAI_RENDERING } from '../../dialects/openai/rendering';
import type { Emulator } from '../../emulator';
import { FixtureMiss } from '../../fixtures/replay';
import type { RecordingProxy } from '../../record/recording-proxy';
import { sendCreated } from '../../pipeline/send-created';
import { addEndpoints, endpointRoutes } from '../endpoint-routes';
import { unknownParamsPolicy } from '../../pipeline/journal-notes';
import { jsonBody } from '../middleware';
import { requestOptions } from '../../pipeline/request-options';
import { routeTable, type DialectRoutes } from '../route-table';

export function openaiRoutes(emulator: Emulator, recorder: RecordingProxy | null = null): DialectRoutes {
  const endpoints = openaiDialect.endpoints(emulator);
  const mode = recorder ? emulator.config.recordMode : 'none';
  if (!recorder || mode === 'none') return endpointRoutes(emulator, endpoints);

  const table = routeTable(emulator);
  if (mode === 'all') {
    // Recording everything: every other endpoint goes to the upstream as it is.
    table.router.use(jsonBody(emulator.config.bodyLimitBytes), (req, res, next) => (req.method === 'POST' && req.path === '/responses' ? next() : recorder.relay(req, res).catch(next)));
  }
  const record: RequestHandler = async (req, res) => {
    const options = requestOptions(req, res.locals);
    let request: CanonicalRequest | null = null;
    try {
      request = parseCreateResponse(emulator.schemas, req.body, unknownParamsPolicy(emulator, res));
    } catch (err) {
      if (mode === 'missing') throw err; // replaying: answered here, as always
    }
    if (mode === 'all' || !request) return recorder.record(req, res, request, options);
    try {
      return sendCreated(res, emulator, request, emulator.createResponse(request, { ...options, requireFixture: true }), OPENAI_RENDERING);
    } catch (err) {
      if (!(err instanceof FixtureMiss)) throw err;
      return recorder.record(req, res, request, options);
    }
  };
  addEndpoints(table, emulator, endpoints, { 'POST /responses': record });
  return { router: table.router, routes: table.routes };
}
