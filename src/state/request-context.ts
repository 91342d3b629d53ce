/**
 * Resolving what a request continues from — its previous response, its conversation, the items it
 * references — written once for every caller. The rule is the same everywhere (a previous response's
 * chain wins over a conversation; the request's own input comes after it); what differs between
 * callers is how unknown ids are treated and whether a conversation counts, and those are explicit
 * rules rather than four hand-written copies.
 */
import type { GenericItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';
import { ApiError, invalidRequest } from '../errors';
import type { ConversationRecord, ConversationStore } from './conversation-store';
import { resolveItemReferences } from './input-items';
import { checkChainLength } from './length-limits';
import { contextAfter, type ResponseRecord } from '../model/response-record';
import type { ResponseStore } from './response-store';

/** Where ids are looked up. */
export interface ContextSources {
  store: ResponseStore;
  conversations: ConversationStore;
  maxChainLength: number;
}

export interface ContextRules {
  /**
   * `strict` answers a request: an unknown previous response, conversation or referenced item is the
   * API's error, and the chain length is checked. `lenient` only describes a request (the recorder's
   * match keys): unknown ids resolve to nothing and a reference that finds no item stays a reference.
   */
  lookup: 'strict' | 'lenient';
  /** Whether `request.conversation` is part of the context (compaction folds the chain only). */
  conversation: boolean;
  /** Responses looked up before the store (a WebSocket connection's recent ones). */
  connection?: ReadonlyMap<string, ResponseRecord>;
  /**
   * Resolve as of a response already created (the inspector's "copy as fixture"): its own previous
   * response and stored input, and its conversation as it was before this turn's items were added.
   */
  asOf?: Pick<ResponseRecord, 'input' | 'previous'>;
}

export interface RequestContext {
  previous: ResponseRecord | null;
  conversation: ConversationRecord | null;
  /** The conversation's items as the request sees them (fixtures count its assistant turns). */
  conversationItems: readonly GenericItem[] | null;
  /** Everything before the request's own input: the previous chain, else the conversation. */
  history: GenericItem[];
  /** The request's input with item references resolved. */
  input: GenericItem[];
}

/** An item by id, from stored responses or any conversation. */
export function findStoredItem(sources: ContextSources, id: string): GenericItem | undefined {
  return sources.store.findItem(id) ?? sources.conversations.findItem(id);
}

/** The one place a request's context is resolved; see ContextRules for what differs between callers. */
export function resolveContext(request: CanonicalRequest, sources: ContextSources, rules: ContextRules): RequestContext {
  const strict = rules.lookup === 'strict';
  const previous = rules.asOf ? rules.asOf.previous : strict ? requirePrevious(request, sources, rules.connection) : previousOrNull(request, sources);
  const conversation = !rules.conversation || !request.conversation
    ? null
    : strict
      ? requireConversation(sources, request.conversation, 'conversation')
      : (sources.conversations.get(request.conversation) ?? null);
  const conversationItems = conversation ? (rules.asOf ? itemsBefore(conversation, rules.asOf.input) : conversation.items) : null;
  const history = previous ? contextAfter(previous) : conversationItems ? [...conversationItems] : [];
  const input = rules.asOf
    ? rules.asOf.input
    : strict
      ? resolveItemReferences(request.input, (id) => findStoredItem(sources, id))
      : request.input.map((item) => (item.type === 'item_reference' ? (findStoredItem(sources, String(item.id)) ?? item) : item));
  return { previous, conversation, conversationItems, history, input };
}

/** The conversation before a turn's items: up to its first input item (all of it when that is not there). */
function itemsBefore(conversation: ConversationRecord, input: readonly GenericItem[]): GenericItem[] {
  const first = input[0]?.id;
  const at = first === undefined ? -1 : conversation.items.findIndex((item) => item.id === first);
  return at < 0 ? [...conversation.items] : conversation.items.slice(0, at);
}

/** The stored response a request continues from, or null (unknown ids are not an error here). */
export function previousOrNull(request: CanonicalRequest, sources: ContextSources): ResponseRecord | null {
  return request.previous_response_id ? (sources.store.get(request.previous_response_id) ?? null) : null;
}

function requirePrevious(request: CanonicalRequest, sources: ContextSources, connection?: ReadonlyMap<string, ResponseRecord>): ResponseRecord | null {
  if (!request.previous_response_id) return null;
  const previous = connection?.get(request.previous_response_id) ?? sources.store.get(request.previous_response_id);
  if (!previous) {
    throw invalidRequest(`Previous response with id '${request.previous_response_id}' not found.`, 'previous_response_id', 'previous_response_not_found');
  }
  checkChainLength(previous, sources.maxChainLength);
  return previous;
}

/** A conversation the request names, or the API's 404 naming the `conversation` parameter. */
export function requireConversation(sources: Pick<ContextSources, 'conversations'>, id: string, param: string | null): ConversationRecord {
  const conversation = sources.conversations.get(id);
  if (!conversation) throw new ApiError(404, 'invalid_request_error', `Conversation with id '${id}' not found.`, param, null);
  return conversation;
}
