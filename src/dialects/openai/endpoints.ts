/**
 * The OpenAI dialect's endpoints (served under `/v1` and at the root): responses, conversations and
 * their items, models. Each parses, calls the core and renders; none builds response JSON by hand
 * beyond the API's tiny envelopes.
 */
import type { GenericItem } from '../../canonical/items';
import type { Compaction, ConversationService, InputTokenCounting, RequestParsing, ResponseCreation, StoredResponses } from '../../core/services';
import { ApiError } from '../../errors';
import { findModel, MODEL_CATALOG } from '../../models';
import { renderResponse, renderUsage } from '../../render/response';
import type { ConversationRecord } from '../../state/conversation-store';
import { paginate } from '../../state/pagination';
import { ok, type Endpoint } from '../endpoint';
import { normalizeInput } from '../shared/normalize';
import { parseBooleanParam, parseIntegerParam, parseListParam, parsePageQuery } from '../shared/query';
import type { SchemaRegistry } from '../../validation/schema-registry';
import { validateBody } from '../shared/validate-body';
import { OPENAI_RENDERING } from './rendering';
import { parseCompactBody, parseCreateResponse, parseTokenCountsBody } from './parse-request';

/** What the OpenAI endpoints call in the core. */
export type OpenAIEndpointServices = Pick<RequestParsing, 'schemas'> & ResponseCreation & StoredResponses & InputTokenCounting & Compaction & ConversationService;

export function openaiEndpoints(core: OpenAIEndpointServices): Endpoint[] {
  const { schemas } = core;
  const includeValues = includeEnum(schemas);
  return [
    {
      method: 'post',
      path: '/responses',
      body: true,
      handle(call) {
        const options = call.options();
        const request = parseCreateResponse(schemas, call.body, call.policy());
        return { kind: 'created', request, created: core.createResponse(request, options), rendering: OPENAI_RENDERING };
      },
    },
    {
      method: 'post',
      path: '/responses/input_tokens',
      body: true,
      handle: (call) => ok({ object: 'response.input_tokens', input_tokens: core.countInputTokens(parseTokenCountsBody(schemas, call.body, call.policy())) }),
    },
    {
      method: 'get',
      path: '/responses/:id',
      body: false,
      handle(call) {
        const { query, params } = call;
        parseListParam(query, 'include', includeValues);
        const after = parseIntegerParam(query, 'starting_after', -1, Number.MAX_SAFE_INTEGER) ?? -1;
        const obfuscation = parseBooleanParam(query, 'include_obfuscation') ?? true;
        const stream = parseBooleanParam(query, 'stream') ?? false;
        const record = core.getResponse(params.id);
        call.answeredFromStore(record.id);
        if (!stream) return ok(renderResponse(record));
        // Still generating: catch up, then follow it live. Finished: replay the same events.
        const live = core.liveGeneration(record.id);
        if (live) return { kind: 'live', generation: live, after, obfuscation };
        return { kind: 'replay', record, after, obfuscation };
      },
    },
    {
      method: 'delete',
      path: '/responses/:id',
      body: false,
      handle({ params }) {
        core.deleteResponse(params.id);
        return ok({ id: params.id, object: 'response', deleted: true });
      },
    },
    { method: 'post', path: '/responses/:id/cancel', body: true, handle: ({ params }) => ok(renderResponse(core.cancelResponse(params.id))) },
    {
      method: 'post',
      path: '/responses/compact',
      body: true,
      handle(call) {
        const result = core.compactResponse(parseCompactBody(schemas, call.body, call.policy()), call.options());
        return ok({ id: result.id, object: 'response.compaction', output: result.output, created_at: result.created_at, usage: renderUsage(result.usage) });
      },
    },
    {
      method: 'post',
      path: '/conversations',
      body: true,
      handle(call) {
        const b = validateBody(schemas, 'openai/conversation.json#/$defs/CreateBody', call.body, call.policy());
        const items = normalizeItems(b.items);
        return ok(renderConversation(core.createConversation((b.metadata as Record<string, string> | null | undefined) ?? {}, items)));
      },
    },
    { method: 'get', path: '/conversations/:id', body: false, handle: ({ params }) => ok(renderConversation(core.getConversation(params.id))) },
    {
      method: 'post',
      path: '/conversations/:id',
      body: true,
      handle(call) {
        const b = validateBody(schemas, 'openai/conversation.json#/$defs/UpdateBody', call.body, call.policy());
        const conversation = core.getConversation(call.params.id);
        conversation.metadata = (b.metadata as Record<string, string> | null) ?? {};
        return ok(renderConversation(conversation));
      },
    },
    {
      method: 'delete',
      path: '/conversations/:id',
      body: false,
      handle({ params }) {
        core.deleteConversation(params.id);
        return ok({ id: params.id, object: 'conversation.deleted', deleted: true });
      },
    },
    {
      method: 'post',
      path: '/conversations/:id/items',
      body: true,
      handle(call) {
        parseListParam(call.query, 'include', includeValues);
        const b = validateBody(schemas, 'openai/conversation.json#/$defs/CreateItemsBody', call.body, call.policy());
        const created = core.addConversationItems(call.params.id, normalizeItems(b.items));
        return ok(paginate(created, { limit: created.length || 1, order: 'asc' }));
      },
    },
    {
      method: 'get',
      path: '/conversations/:id/items',
      body: false,
      handle({ query, params }) {
        const page = parsePageQuery(query);
        parseListParam(query, 'include', includeValues);
        return ok(paginate(core.getConversation(params.id).items, page));
      },
    },
    {
      method: 'get',
      path: '/conversations/:id/items/:item',
      body: false,
      handle({ query, params }) {
        parseListParam(query, 'include', includeValues);
        return ok(core.getConversationItem(params.id, params.item));
      },
    },
    {
      method: 'delete',
      path: '/conversations/:id/items/:item',
      body: false,
      handle: ({ params }) => ok(renderConversation(core.deleteConversationItem(params.id, params.item))),
    },
    {
      method: 'get',
      path: '/responses/:id/input_items',
      body: false,
      handle({ query, params }) {
        const page = parsePageQuery(query);
        parseListParam(query, 'include', includeValues);
        return ok(paginate(core.getResponse(params.id).input, page));
      },
    },
    { method: 'get', path: '/models', body: false, handle: () => ok({ object: 'list', data: MODEL_CATALOG }) },
    {
      method: 'get',
      path: '/models/:model',
      body: false,
      handle({ params }) {
        const model = findModel(params.model);
        if (!model) throw new ApiError(404, 'invalid_request_error', `The model '${params.model}' does not exist or you do not have access to it.`, 'model', 'model_not_found');
        return ok(model);
      },
    },
  ];
}

function renderConversation(c: ConversationRecord): Record<string, unknown> {
  return { id: c.id, object: 'conversation', created_at: c.created_at, metadata: c.metadata };
}

/** Conversation items use the same input item shapes as POST /responses. */
function normalizeItems(items: unknown): GenericItem[] {
  return normalizeInput(items ?? []);
}

function includeEnum(schemas: SchemaRegistry): string[] {
  const common = schemas.schema('openai/common.json') as { $defs: { IncludeEnum: { enum: string[] } } };
  return common.$defs.IncludeEnum.enum;
}
