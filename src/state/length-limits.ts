/**
 * Bounds on how long state grows: a previous_response_id chain (`--max-chain-length` responses; each
 * response keeps the one before it, so a chain is memory that eviction cannot free) and a
 * conversation (`--max-conversation-items`). The API itself has no such counts (its bound is the
 * context window); the emulator's keep its memory finite, and say which option to raise.
 */
import { invalidRequest } from '../errors';
import type { ConversationRecord } from './conversation-store';
import { chainDepth, type ResponseRecord } from '../model/response-record';

/** Continuing `previous` must not make its chain longer than `max` responses. */
export function checkChainLength(previous: ResponseRecord, max: number): void {
  const depth = chainDepth(previous);
  if (depth < max) return;
  throw invalidRequest(
    `The previous_response_id chain is too long: '${previous.id}' ends a chain of ${depth} responses, and the emulator continues chains of at most ${max} (--max-chain-length). Start a new chain, or carry the context in the input.`,
    'previous_response_id',
    'chain_too_long',
  );
}

/** Adding `adding` items must leave the conversation (null: a new one) at most `max` items long. */
export function checkConversationRoom(conversation: ConversationRecord | null, adding: number, max: number, param: string): void {
  const has = conversation?.items.length ?? 0;
  if (has + adding <= max) return;
  const which = conversation ? `Conversation '${conversation.id}' has ${has} items` : 'A new conversation';
  throw invalidRequest(
    `${which}; adding ${adding} would exceed the emulator's limit of ${max} items per conversation (--max-conversation-items). Start a new conversation.`,
    param,
    'conversation_too_long',
  );
}
