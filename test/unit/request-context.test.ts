/**
 * Context resolution, written once (src/state/request-context.ts): the history rule every caller
 * shares, and the rules that differ between callers made explicit (strict or lenient lookups, whether
 * a conversation counts, a connection's responses, resolving as of a created response).
 */
import type { GenericItem } from '../../src/canonical/items';
import { parseCreateResponse } from '../../src/dialects/openai/parse-request';
import { ApiError } from '../../src/errors';
import { ConversationStore, type ConversationRecord } from '../../src/state/conversation-store';
import { resolveContext, type ContextSources } from '../../src/state/request-context';
import type { ResponseRecord } from '../../src/model/response-record';
import { ResponseStore } from '../../src/state/response-store';
import { projectSchemas } from '../helpers/project-schemas';
import { recordWithItems } from '../helpers/records';

const user = (id: string, text: string): GenericItem => ({ id, type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const assistant = (id: string, text: string): GenericItem => ({ id, type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] });

function request(body: Record<string, unknown>) {
  return parseCreateResponse(projectSchemas(), { model: 'gpt-4o', input: 'now', ...body });
}

function thrown(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

function setup(maxChainLength = 100) {
  const store = new ResponseStore(1000);
  const conversations = new ConversationStore(100);
  const sources: ContextSources = { store, conversations, maxChainLength };
  const first: ResponseRecord = { ...recordWithItems([assistant('msg_a1', 'one')]), id: 'resp_first', input: [user('msg_u1', 'first')] };
  const second: ResponseRecord = { ...recordWithItems([assistant('msg_a2', 'two')]), id: 'resp_second', input: [user('msg_u2', 'second')], previous: first };
  store.add(first);
  store.add(second);
  const conversation: ConversationRecord = { id: 'conv_1', created_at: 0, metadata: {}, items: [] };
  conversations.add(conversation);
  conversations.append(conversation, [user('msg_c1', 'hello'), assistant('msg_c2', 'hi'), user('msg_c3', 'again')]);
  return { sources, first, second, conversation };
}

const ids = (items: readonly GenericItem[]) => items.map((i) => i.id);

describe('resolveContext', () => {
  test('the previous chain comes first, oldest first, then the input; item references resolve to stored items', () => {
    const { sources, second } = setup();
    const r = resolveContext(request({ previous_response_id: 'resp_second', input: [{ type: 'item_reference', id: 'msg_c2' }] }), sources, { lookup: 'strict', conversation: true });
    expect(r.previous).toBe(second);
    expect(ids(r.history)).toEqual(['msg_u1', 'msg_a1', 'msg_u2', 'msg_a2']);
    expect(ids(r.input)).toEqual(['msg_c2']);
  });

  test('a conversation is the history when there is no previous response; its live items are what fixtures count', () => {
    const { sources, conversation } = setup();
    const r = resolveContext(request({ conversation: 'conv_1' }), sources, { lookup: 'strict', conversation: true });
    expect(r.conversation).toBe(conversation);
    expect(r.conversationItems).toBe(conversation.items);
    expect(ids(r.history)).toEqual(['msg_c1', 'msg_c2', 'msg_c3']);
    expect(r.history).not.toBe(conversation.items);
  });

  test('strict: unknown ids are the API errors, checked in order (previous response, conversation, referenced item)', () => {
    const { sources } = setup();
    const strict = { lookup: 'strict', conversation: true } as const;
    const previous = thrown(() => resolveContext(request({ previous_response_id: 'resp_nope', input: [{ type: 'item_reference', id: 'msg_nope' }] }), sources, strict));
    expect([previous.status, previous.code, previous.param]).toEqual([400, 'previous_response_not_found', 'previous_response_id']);
    const conversation = thrown(() => resolveContext(request({ conversation: 'conv_nope', input: [{ type: 'item_reference', id: 'msg_nope' }] }), sources, strict));
    expect([conversation.status, conversation.param, conversation.message]).toEqual([404, 'conversation', "Conversation with id 'conv_nope' not found."]);
    const item = thrown(() => resolveContext(request({ input: [user('msg_x', 'x'), { type: 'item_reference', id: 'msg_nope' }] }), sources, strict));
    expect([item.status, item.code, item.param]).toEqual([400, 'item_not_found', 'input[1].id']);
  });

  test('strict: the chain length is checked; lenient: it is not', () => {
    const { sources } = setup(2);
    const body = request({ previous_response_id: 'resp_second' });
    expect(thrown(() => resolveContext(body, sources, { lookup: 'strict', conversation: true })).code).toBe('chain_too_long');
    expect(resolveContext(body, sources, { lookup: 'lenient', conversation: true }).previous?.id).toBe('resp_second');
  });

  test('lenient: unknown ids resolve to nothing, and a reference that finds no item stays a reference', () => {
    const { sources } = setup();
    const lenient = { lookup: 'lenient', conversation: true } as const;
    const r = resolveContext(request({ previous_response_id: 'resp_nope', input: [{ type: 'item_reference', id: 'msg_nope' }, { type: 'item_reference', id: 'msg_c1' }] }), sources, lenient);
    expect(r.previous).toBeNull();
    expect(r.history).toEqual([]);
    const c = resolveContext(request({ conversation: 'conv_nope' }), sources, lenient);
    expect([c.conversation, c.conversationItems]).toEqual([null, null]);
    expect(c.history).toEqual([]);
    expect(r.input).toEqual([{ type: 'item_reference', id: 'msg_nope' }, expect.objectContaining({ id: 'msg_c1', role: 'user' })]);
  });

  test('a connection’s responses are looked up before the store', () => {
    const { sources, first } = setup();
    const own: ResponseRecord = { ...first, id: 'resp_second', input: [user('msg_own', 'own')], previous: null };
    const r = resolveContext(request({ previous_response_id: 'resp_second' }), sources, { lookup: 'strict', conversation: true, connection: new Map([['resp_second', own]]) });
    expect(r.previous).toBe(own);
    expect(ids(r.history)).toEqual(['msg_own', 'msg_a1']);
  });

  test('without the conversation rule (compaction) the conversation is not consulted, not even an unknown one', () => {
    const { sources } = setup();
    const r = resolveContext(request({ conversation: 'conv_nope' }), sources, { lookup: 'strict', conversation: false });
    expect([r.conversation, r.conversationItems]).toEqual([null, null]);
    expect(r.history).toEqual([]);
  });

  test('as of a created response: its own previous and input, and the conversation before its first input item', () => {
    const { sources, second, conversation } = setup();
    const asOf = { input: [conversation.items[2]], previous: null };
    const r = resolveContext(request({ conversation: 'conv_1' }), sources, { lookup: 'lenient', conversation: true, asOf });
    expect(ids(r.conversationItems ?? [])).toEqual(['msg_c1', 'msg_c2']);
    expect(ids(r.history)).toEqual(['msg_c1', 'msg_c2']);
    expect(r.input).toBe(asOf.input);
    // Its first input item is not in the conversation (a turn not settled there): all of it.
    const unsettled = resolveContext(request({ conversation: 'conv_1' }), sources, { lookup: 'lenient', conversation: true, asOf: { input: [user('msg_new', 'x')], previous: null } });
    expect(ids(unsettled.conversationItems ?? [])).toEqual(['msg_c1', 'msg_c2', 'msg_c3']);
    // A previous response of its own wins over the conversation, as when it was created.
    const chained = resolveContext(request({ conversation: 'conv_1' }), sources, { lookup: 'lenient', conversation: true, asOf: { input: [], previous: second } });
    expect(ids(chained.history)).toEqual(['msg_u1', 'msg_a1', 'msg_u2', 'msg_a2']);
  });
});
