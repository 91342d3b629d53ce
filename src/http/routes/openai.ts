/**
 * OpenAI dialect routes (served under `/v1` and at the root). Each handler parses, calls the core,
 * and renders; none builds response JSON by hand beyond the API's tiny envelopes.
 */
import type { Response } from 'express';
import type { CanonicalRequest } from '../../canonical/request';
import { FixtureMiss } from '../../fixtures/replay';
import type { RecordingProxy } from '../../record/recording-proxy';
import type { CreatedResponse, Emulator } from '../../emulator';
import { ApiError } from '../../errors';
import { jsonBody } from '../middleware';
import { routeTable, type DialectRoutes } from '../route-table';
import { requestOptions } from '../request-options';
import { parseBooleanParam, parseIntegerParam, parseListParam, parsePageQuery } from '../query';
import { sendJson } from '../send';
import { replayRecord, streamGeneration } from '../stream-response';
import { answerCreated } from '../answer-created';
import { noteAnswer, unknownParamsPolicy } from '../exchange';
import { findModel, MODEL_CATALOG } from '../../models';
import { paginate } from '../../state/pagination';
import { parseCompactBody, parseCreateResponse, parseTokenCountsBody } from '../../dialects/openai/parse-request';
import { OPENAI_RENDERING } from '../../dialects/openai/dialect';
import { normalizeInput } from '../../dialects/shared/normalize';
import { validateBody } from '../../dialects/shared/validate-body';
import { renderUsage } from '../../render/response';
import type { ConversationRecord } from '../../state/conversation-store';
import type { GenericItem } from '../../canonical/items';
import { renderResponse } from '../../render/response';

export function openaiRoutes(emulator: Emulator, recorder: RecordingProxy | null = null): DialectRoutes {
  const { router, routes, add } = routeTable(emulator);
  const body = jsonBody(emulator.config.bodyLimitBytes);
  const includeValues = includeEnum(emulator);
  const mode = recorder ? emulator.config.recordMode : 'none';

  if (recorder && mode === 'all') {
    // Recording everything: every other endpoint goes to the upstream as it is.
    router.use(body, (req, res, next) => (req.method === 'POST' && req.path === '/responses' ? next() : recorder.relay(req, res).catch(next)));
  }

  add('post', '/responses', body, async (req, res) => {
    const options = requestOptions(req, res.locals);
    if (recorder && mode !== 'none') {
      let request: CanonicalRequest | null = null;
      try {
        request = parseCreateResponse(emulator.schemas, req.body, unknownParamsPolicy(emulator, res));
      } catch (err) {
        if (mode === 'missing') throw err; // replaying: answered here, as always
      }
      if (mode === 'all' || !request) return recorder.record(req, res, request, options);
      try {
        return answer(res, request, emulator.createResponse(request, { ...options, requireFixture: true }));
      } catch (err) {
        if (!(err instanceof FixtureMiss)) throw err;
        return recorder.record(req, res, request, options);
      }
    }
    const request = parseCreateResponse(emulator.schemas, req.body, unknownParamsPolicy(emulator, res));
    answer(res, request, emulator.createResponse(request, options));
  });

  const answer = (res: Response, request: CanonicalRequest, created: CreatedResponse): void => answerCreated(res, emulator, request, created, OPENAI_RENDERING);

  add('post', '/responses/input_tokens', body, (req, res) => {
    const request = parseTokenCountsBody(emulator.schemas, req.body, unknownParamsPolicy(emulator, res));
    sendJson(res, 200, { object: 'response.input_tokens', input_tokens: emulator.countInputTokens(request) });
  });

  add('get', '/responses/:id', (req, res) => {
    parseListParam(req.query, 'include', includeValues);
    const after = parseIntegerParam(req.query, 'starting_after', -1, Number.MAX_SAFE_INTEGER) ?? -1;
    const obfuscation = parseBooleanParam(req.query, 'include_obfuscation') ?? true;
    const stream = parseBooleanParam(req.query, 'stream') ?? false;
    const record = emulator.getResponse(String(req.params.id));
    noteAnswer(res, 'store', { responseId: record.id });
    if (!stream) return sendJson(res, 200, renderResponse(record));
    // Still generating: catch up, then follow it live. Finished: replay the same events.
    const live = emulator.liveGeneration(record.id);
    if (live) return streamGeneration(res, emulator, live, { after, obfuscation, ownsGeneration: false });
    replayRecord(res, emulator, record, { after, obfuscation });
  });

  add('delete', '/responses/:id', (req, res) => {
    const id = String(req.params.id);
    emulator.deleteResponse(id);
    sendJson(res, 200, { id, object: 'response', deleted: true });
  });

  add('post', '/responses/:id/cancel', body, (req, res) => {
    sendJson(res, 200, renderResponse(emulator.cancelResponse(String(req.params.id))));
  });

  add('post', '/responses/compact', body, (req, res) => {
    const result = emulator.compactResponse(parseCompactBody(emulator.schemas, req.body, unknownParamsPolicy(emulator, res)), requestOptions(req, res.locals));
    sendJson(res, 200, { id: result.id, object: 'response.compaction', output: result.output, created_at: result.created_at, usage: renderUsage(result.usage) });
  });

  add('post', '/conversations', body, (req, res) => {
    const b = validateBody(emulator.schemas, 'openai/conversation.json#/$defs/CreateBody', req.body, unknownParamsPolicy(emulator, res));
    const items = normalizeItems(b.items);
    sendJson(res, 200, renderConversation(emulator.createConversation((b.metadata as Record<string, string> | null | undefined) ?? {}, items)));
  });

  add('get', '/conversations/:id', (req, res) => {
    sendJson(res, 200, renderConversation(emulator.getConversation(String(req.params.id))));
  });

  add('post', '/conversations/:id', body, (req, res) => {
    const b = validateBody(emulator.schemas, 'openai/conversation.json#/$defs/UpdateBody', req.body, unknownParamsPolicy(emulator, res));
    const conversation = emulator.getConversation(String(req.params.id));
    conversation.metadata = (b.metadata as Record<string, string> | null) ?? {};
    sendJson(res, 200, renderConversation(conversation));
  });

  add('delete', '/conversations/:id', (req, res) => {
    const id = String(req.params.id);
    emulator.deleteConversation(id);
    sendJson(res, 200, { id, object: 'conversation.deleted', deleted: true });
  });

  add('post', '/conversations/:id/items', body, (req, res) => {
    parseListParam(req.query, 'include', includeValues);
    const b = validateBody(emulator.schemas, 'openai/conversation.json#/$defs/CreateItemsBody', req.body, unknownParamsPolicy(emulator, res));
    const created = emulator.addConversationItems(String(req.params.id), normalizeItems(b.items));
    sendJson(res, 200, paginate(created, { limit: created.length || 1, order: 'asc' }));
  });

  add('get', '/conversations/:id/items', (req, res) => {
    const query = parsePageQuery(req.query);
    parseListParam(req.query, 'include', includeValues);
    sendJson(res, 200, paginate(emulator.getConversation(String(req.params.id)).items, query));
  });

  add('get', '/conversations/:id/items/:item', (req, res) => {
    parseListParam(req.query, 'include', includeValues);
    sendJson(res, 200, emulator.getConversationItem(String(req.params.id), String(req.params.item)));
  });

  add('delete', '/conversations/:id/items/:item', (req, res) => {
    sendJson(res, 200, renderConversation(emulator.deleteConversationItem(String(req.params.id), String(req.params.item))));
  });

  add('get', '/responses/:id/input_items', (req, res) => {
    const query = parsePageQuery(req.query);
    parseListParam(req.query, 'include', includeValues);
    const record = emulator.getResponse(String(req.params.id));
    sendJson(res, 200, paginate(record.input, query));
  });

  add('get', '/models', (_req, res) => {
    sendJson(res, 200, { object: 'list', data: MODEL_CATALOG });
  });

  add('get', '/models/:model', (req, res) => {
    const model = findModel(String(req.params.model));
    if (!model) {
      const message = `The model '${String(req.params.model)}' does not exist or you do not have access to it.`;
      throw new ApiError(404, 'invalid_request_error', message, 'model', 'model_not_found');
    }
    sendJson(res, 200, model);
  });

  return { router, routes };
}

function renderConversation(c: ConversationRecord): Record<string, unknown> {
  return { id: c.id, object: 'conversation', created_at: c.created_at, metadata: c.metadata };
}

/** Conversation items use the same input item shapes as POST /responses. */
function normalizeItems(items: unknown): GenericItem[] {
  return normalizeInput(items ?? []);
}

function includeEnum(emulator: Emulator): string[] {
  const common = emulator.schemas.schema('openai/common.json') as { $defs: { IncludeEnum: { enum: string[] } } };
  return common.$defs.IncludeEnum.enum;
}
