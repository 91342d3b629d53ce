/**
 * Aitronos endpoints: `POST /v1/model/response` (JSON, or SSE with `stream: true`; the older
 * `/v1/model/response/stream` streams always) and threads (`POST|GET /v1/threads`,
 * `GET /v1/threads/{id}`), which are conversations of the shared store.
 */
import type { GenericItem } from '../../canonical/items';
import type { ThreadService } from '../../core/services';
import { notFound } from '../../errors';
import type { ConversationRecord } from '../../state/conversation-store';
import type { Dialect } from '../dialect';
import { ok, type Endpoint } from '../endpoint';
import { createEndpoint, type CreateServices } from '../shared/create-endpoint';
import { validateBody } from '../shared/validate-body';

export function aitronosEndpoints(core: CreateServices & ThreadService, dialect: Pick<Dialect, 'parseCreate'>): Endpoint[] {
  return [
    createEndpoint(core, dialect, '/v1/model/response'),
    createEndpoint(core, dialect, '/v1/model/response/stream', true),
    {
      method: 'post',
      path: '/v1/threads',
      body: true,
      handle(call) {
        const b = validateBody(core.schemas, 'aitronos/thread.json', call.body, call.policy());
        const thread = core.createConversation((b.metadata as Record<string, string> | undefined) ?? {}, [], { thread: true });
        return ok(renderThread(thread, false));
      },
    },
    {
      method: 'get',
      path: '/v1/threads',
      body: false,
      handle() {
        const threads = core.conversations.list().filter((c) => c.thread).reverse();
        return ok({ object: 'list', data: threads.map((t) => renderThread(t, false)), hasMore: false });
      },
    },
    {
      method: 'get',
      path: '/v1/threads/:id',
      body: false,
      handle({ params }) {
        const thread = core.conversations.get(params.id);
        if (!thread?.thread) throw notFound(`Thread with id '${params.id}' not found.`);
        return ok(renderThread(thread, true));
      },
    },
  ];
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
