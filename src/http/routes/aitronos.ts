/**
 * Aitronos routes: `POST /v1/model/response` (JSON, or SSE with `stream: true`; the older
 * `/v1/model/response/stream` streams always) and threads (`POST|GET /v1/threads`,
 * `GET /v1/threads/{id}`), which are conversations of the shared store.
 */
import { unknownParamsPolicy } from '../exchange';
import type { GenericItem } from '../../canonical/items';
import type { Emulator } from '../../emulator';
import { notFound } from '../../errors';
import { jsonBody } from '../middleware';
import { routeTable } from '../route-table';
import { sendJson } from '../send';
import type { ConversationRecord } from '../../state/conversation-store';
import type { DialectRoutes } from '../route-table';
import { validateBody } from '../../dialects/shared/validate-body';
import { aitronosDialect } from '../../dialects/aitronos/dialect';
import { createResponse } from './create-response';

export function aitronosRoutes(emulator: Emulator): DialectRoutes {
  const { router, routes, add } = routeTable(emulator, '');
  const body = jsonBody(emulator.config.bodyLimitBytes);

  add('post', '/v1/model/response', body, createResponse(emulator, aitronosDialect));
  add('post', '/v1/model/response/stream', body, createResponse(emulator, aitronosDialect, true));

  add('post', '/v1/threads', body, (req, res) => {
    const b = validateBody(emulator.schemas, 'aitronos/thread.json', req.body, unknownParamsPolicy(emulator, res));
    const thread = emulator.createConversation((b.metadata as Record<string, string> | undefined) ?? {}, [], { thread: true });
    sendJson(res, 200, renderThread(thread, false));
  });

  add('get', '/v1/threads', (_req, res) => {
    const threads = emulator.conversations.list().filter((c) => c.thread).reverse();
    sendJson(res, 200, { object: 'list', data: threads.map((t) => renderThread(t, false)), hasMore: false });
  });

  add('get', '/v1/threads/:id', (req, res) => {
    const thread = emulator.conversations.get(String(req.params.id));
    if (!thread?.thread) throw notFound(`Thread with id '${String(req.params.id)}' not found.`);
    sendJson(res, 200, renderThread(thread, true));
  });

  return { router, routes };
}

/** A thread; with its messages (role and text, tool calls) when asked for one thread. */
function renderThread(thread: ConversationRecord, withMessages: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { id: thread.id, object: 'thread', createdAt: thread.created_at, metadata: thread.metadata };
  if (withMessages) out.messages = thread.items.flatMap(threadMessage);
  return out;
}

function threadMessage(item: GenericItem): Record<string, unknown>[] {
  if (item.type === 'message') {
    const content = typeof item.content === 'string' ? item.content : ((item.content ?? []) as { text?: string; refusal?: string }[]).map((p) => p.text ?? p.refusal ?? '').join('');
    return [{ id: item.id, role: item.role, content }];
  }
  if (item.type === 'function_call') {
    return [{ id: item.id, role: 'assistant', content: null, toolCalls: [{ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } }] }];
  }
  if (item.type === 'function_call_output') return [{ id: item.id, role: 'tool', toolCallId: item.call_id, content: item.output }];
  return [];
}
