/**
 * The shared store of replicas (`--store redis://…`) around the synchronous core: "hydrate before,
 * persist after". The core keeps working on its in-memory stores, which become a cache of Redis:
 *
 * - before an exchange runs, what it can read (src/state/store-reads.ts) is loaded from Redis into
 *   the local stores — fresh each time, so a response deleted or a conversation changed through
 *   another replica is seen here — and what Redis no longer has is dropped locally;
 * - the exchange runs synchronously, as with the memory store; shared counters it needs (occurrences,
 *   conversation ids) are reserved and the exchange run again (../reservations.ts);
 * - the stores tell what the API changed (../store-changes.ts); the changes are written in one
 *   round trip BEFORE the reply goes out, so the client's next request, on any replica, sees them.
 *   Changes made later (a stream or a background response finishing) are written as they happen.
 * - a response loaded still generating, that this replica does not play, is played here from its
 *   schedule, and one playing here that Redis says has ended ends here too (./shared-generations.ts).
 *
 * When Redis is down, an exchange that needs it fails with the API's 500 (never a hang: the
 * connection fails commands at once, ./connection.ts), and works again once ioredis has reconnected.
 */
import type Redis from 'ioredis';
import type { RedisLink } from './link';
import type { ChainableCommander } from 'ioredis';
import { ApiError } from '../../errors';
import { IdFactory } from '../../ids';
import type { Logger } from '../../log';
import { TERMINAL_STATUSES, type ResponseRecord } from '../../model/response-record';
import { Rng, seedOf } from '../../random';
import type { GenericItem } from '../../canonical/items';
import type { ConversationRecord, ConversationStore } from '../conversation-store';
import { NeedsReservation, Reservations, type Reserved } from '../reservations';
import type { ResponseStore } from '../response-store';
import type { StoreChanges } from '../store-changes';
import type { StoreReads } from '../store-reads';
import { decodeConversation, decodeResponse, encodeConversationMeta, encodeResponse, rebuildChain, type StoredResponse } from './codec';
import { defineScripts, incrementCounter, orUnavailable, storeUnavailable } from './redis-calls';
import { retention } from './retention';
import { turnOf } from '../conversations';
import * as scripts from './scripts';
import type { LiveCopies } from './shared-generations';

/**
 * How many shared numbers one exchange may reserve before it is a bug: a create needs its occurrence
 * and one per `nth` fixture its request meets (each a run of the endpoint), a conversation one.
 */
const MAX_RESERVATION_ROUNDS = 32;

/** The API's 500 should an exchange keep asking for numbers (a bug): answered, not a crash. */
function tooManyReservations(): ApiError {
  return new ApiError(500, 'server_error', 'The emulator could not reserve the shared numbers this request needs. Please retry your request.');
}

const COMMANDS = {
  putResponse: scripts.PUT_RESPONSE,
  updateResponse: scripts.UPDATE_RESPONSE,
  deleteResponse: scripts.DELETE_RESPONSE,
  getChain: scripts.GET_CHAIN,
  createConversation: scripts.CREATE_CONVERSATION,
  deleteConversation: scripts.DELETE_CONVERSATION,
  appendItems: scripts.APPEND_ITEMS,
  deleteItem: scripts.DELETE_ITEM,
  updateConversation: scripts.UPDATE_CONVERSATION,
} as const;
type Command = keyof typeof COMMANDS;
/** The scripts as ioredis defines them on a client or a pipeline (EVALSHA, loaded on first use). */
type Scripted = Record<Command, (...args: string[]) => unknown>;

/** A change the stores told, written when the exchange (or the flush) writes. Values are encoded then, not when told: the core goes on mutating a record within its exchange. */
type Change =
  | { kind: 'stored' | 'updated'; record: ResponseRecord }
  | { kind: 'deleted'; id: string }
  | { kind: 'conversation'; conversation: ConversationRecord }
  | { kind: 'conversation-deleted'; id: string }
  | { kind: 'appended'; conversation: ConversationRecord; items: readonly GenericItem[] }
  | { kind: 'item-deleted'; conversation: ConversationRecord; itemId: string };

export interface RedisStateDeps {
  store: ResponseStore;
  conversations: ConversationStore;
  config: { seed: string; redactFields: readonly string[]; responseTtlMs: number; maxStoredResponses: number; maxConversations: number; maxChainLength: number };
  /** The responses generating in this process (their local record is then the truth, until Redis says they ended). */
  live: LiveCopies;
  /** Stops the response's generation in this process, if it has one (its creation could not be written). */
  abandon(id: string): void;
  log: Logger;
}

export class RedisState implements StoreChanges {
  readonly reservations = new Reservations();
  private pending: Change[] = [];
  private flushScheduled = false;
  /** The exchange running now (synchronously), if any: conversation ids are drawn once per exchange. */
  private scope: { conversationIds: IdFactory | null } | null = null;

  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  /** The TTLs of what it writes (ms, as script arguments): ./retention.ts. */
  private readonly retention: { responseMs: string; keepMs: string };
  /** Which replica this is (`replica-<n>`), for the journal and the health endpoint. */
  readonly replica: string;

  constructor(
    link: RedisLink,
    private readonly deps: RedisStateDeps,
  ) {
    ({ client: this.client, subscriber: this.subscriber, prefix: this.prefix, replica: this.replica } = link);
    const { responseMs, keepMs } = retention(deps.config.responseTtlMs);
    this.retention = { responseMs: String(responseMs), keepMs: String(keepMs) };
    const { client } = this;
    defineScripts(client, 0, COMMANDS);
    deps.store.changes = this;
    deps.conversations.changes = this;
    // A response whose end another replica wrote: a copy playing here ends too (a cancel through any replica).
    link.subscriber.on('message', (channel: string, id: string) => {
      if (channel === `${this.prefix}finished` && deps.live.isLive(id)) void this.endedElsewhere(id);
    });
    // Messages published while the subscriber was reconnecting are lost: what plays here is asked again.
    link.subscriber.on('ready', () => {
      for (const id of deps.live.liveIds()) void this.endedElsewhere(id);
    });
  }

  private async endedElsewhere(id: string): Promise<void> {
    try {
      const value = await this.client.get(`${this.prefix}r:${id}`);
      const stored = value === null ? null : (decodeResponse(value)?.record ?? null);
      if (stored && TERMINAL_STATUSES.has(stored.status)) this.deps.live.endedElsewhere(id, stored);
    } catch (err) {
      // Seen again when a request loads it (hydrate).
      this.deps.log.warn(`could not read the end of ${id} from the Redis store: ${(err as Error).message}`);
    }
  }

  /**
   * Runs one exchange's synchronous part with the shared state around it: loads what `reads` names,
   * runs (again, after reserving a shared number, as often as it asks for one), writes what changed.
   */
  async exchange<T>(reads: StoreReads, run: () => T): Promise<T> {
    const metadata = await this.hydrate(reads);
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
    const reserved: Reserved = new Map();
    for (let round = 0; outcome === null; round++) {
      this.scope = { conversationIds: null };
      let needed: string | null = null;
      try {
        outcome = { ok: true, value: this.reservations.during(reserved, run) };
      } catch (err) {
        if (!(err instanceof NeedsReservation)) outcome = { ok: false, error: err };
        else if (round < MAX_RESERVATION_ROUNDS) needed = err.counter;
        else outcome = { ok: false, error: tooManyReservations() };
      } finally {
        this.scope = null;
      }
      if (needed !== null) reserved.set(needed, await this.reserve(needed));
    }
    // Written even when the exchange failed: what it changed before failing is changed.
    const created = this.pending.flatMap((change) => (change.kind === 'stored' ? [change.record.id] : []));
    try {
      await this.write(this.drain(), metadata);
    } catch (err) {
      // The client gets the 500: a response generating for it would run (and count) unobserved forever.
      for (const id of created) this.deps.abandon(id);
      throw err;
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Conversation (and conversation item) ids for the running exchange, from a shared sequence; null outside one. */
  conversationIds(): IdFactory | null {
    if (!this.scope) return null;
    return (this.scope.conversationIds ??= new IdFactory(new Rng(seedOf(this.deps.config.seed, 'conversations', this.reservations.take('conversations')))));
  }

  /** Draws a shared number (Redis INCR) for a counter the exchange asked for. */
  private async reserve(counter: string): Promise<number> {
    // Kept as long as what it numbered (ids drawn again would be ids still stored), refreshed on use.
    return orUnavailable(incrementCounter(this.client, `${this.prefix}n:${counter}`, this.retention.keepMs), this.deps.log);
  }

  /** Loads what an exchange can read into the local stores; returns the loaded conversations' metadata, to see changes to it. */
  private async hydrate(reads: StoreReads): Promise<Map<string, string>> {
    const responses = new Set(reads.responses);
    const conversations = new Set(reads.conversations);
    if (reads.items.length > 0) {
      // Where each referenced item lives: its response or conversation is loaded with the rest.
      const places = await orUnavailable(this.client.mget(reads.items.map((id) => `${this.prefix}i:${id}`)), this.deps.log);
      for (const place of places) {
        if (place?.startsWith('r:')) responses.add(place.slice(2));
        else if (place?.startsWith('c:')) conversations.add(place.slice(2));
      }
    }
    const metadata = new Map<string, string>();
    if (responses.size === 0 && conversations.size === 0) return metadata;
    const batch = this.client.pipeline();
    const chainLength = String(this.deps.config.maxChainLength + 1);
    for (const id of responses) (batch as unknown as Scripted).getChain(this.prefix, id, chainLength, this.heldFinished(id) ? '1' : '0');
    for (const id of conversations) batch.get(`${this.prefix}c:${id}`).lrange(`${this.prefix}c:${id}:ids`, 0, -1).hgetall(`${this.prefix}c:${id}:items`);
    const results = await this.exec(batch);
    let at = 0;
    const changedElsewhere: string[] = [];
    for (const id of responses) if (!this.loadResponse(id, results[at++] as string[])) changedElsewhere.push(id);
    // A response held here finished whose stored end differs (another replica's end was written first): read whole.
    if (changedElsewhere.length > 0) {
      const again = this.client.pipeline();
      for (const id of changedElsewhere) (again as unknown as Scripted).getChain(this.prefix, id, chainLength, '0');
      const chains = await this.exec(again);
      changedElsewhere.forEach((id, i) => this.loadResponse(id, chains[i] as string[]));
    }
    for (const id of conversations) {
      const [meta, ids, items] = results.slice(at, (at += 3)) as [string | null, string[], Record<string, string>];
      if (meta === null) {
        this.deps.conversations.forget(id);
        continue;
      }
      const conversation = decodeConversation(meta, ids, items);
      if (!conversation) {
        // One that does not decode is missing (a 404 for it), not a failure of every exchange that meets it.
        this.deps.conversations.forget(id);
        continue;
      }
      this.deps.conversations.load(conversation);
      metadata.set(id, JSON.stringify(conversation.metadata));
    }
    return metadata;
  }

  /** Whether this process holds the response finished (not generating), and with it the chain it continues. */
  private heldFinished(id: string): boolean {
    const local = this.deps.store.get(id);
    return local !== undefined && TERMINAL_STATUSES.has(local.status) && !this.deps.live.isLive(id);
  }

  /**
   * Loads a response (and its chain) as GET_CHAIN returned it into the local store, or forgets it when
   * it is gone. False when a response held here finished ended otherwise in Redis: it must be read whole.
   */
  private loadResponse(id: string, chain: string[]): boolean {
    const { store, live } = this.deps;
    if (chain.length === 1 && chain[0].startsWith('#')) {
      // Held here finished (heldFinished): still there, and ended as here, it is kept as it is.
      const local = store.get(id);
      if (local === undefined || chain[0] !== `#${local.status}`) return false;
      store.load(local);
      return true;
    }
    // A record this process holds stays the same object when it cannot have changed elsewhere:
    // generating here (until the store says it ended: then it ends here too), or finished here —
    // unless another replica's end was written first (the first end written is the fleet's).
    const known = (recordId: string, stored: StoredResponse): ResponseRecord | undefined => {
      const local = store.get(recordId);
      if (!local) return undefined;
      const endedThere = TERMINAL_STATUSES.has(stored.status);
      if (live.isLive(recordId)) {
        if (endedThere) live.endedElsewhere(recordId, stored);
        return local;
      }
      // Ended here, not yet in Redis: our write is on its way.
      return TERMINAL_STATUSES.has(local.status) && (!endedThere || stored.status === local.status) ? local : undefined;
    };
    const record = rebuildChain(chain, known);
    // None stored, or a stored value that does not decode: missing (a 404), not a failure of every exchange that meets it.
    if (!record) {
      store.forget(id);
      return true;
    }
    store.load(record);
    // Still generating, begun elsewhere (maybe on a replica gone since): played here from its schedule.
    if (record.schedule && !TERMINAL_STATUSES.has(record.status) && !live.isLive(record.id)) {
      live.adopt(record);
      // Its end may have been published while this load was on its way (and so not heard): asked once more.
      void this.endedElsewhere(record.id);
    }
    return true;
  }

  /** Takes the changes told so far, encoded now. */
  private drain(): [Command, string[]][] {
    const changes = this.pending;
    this.pending = [];
    const { prefix } = this;
    const { maxStoredResponses, maxConversations, redactFields } = this.deps.config;
    const { responseMs, keepMs } = this.retention;
    return changes.map((change): [Command, string[]] => {
      switch (change.kind) {
        case 'stored':
          return ['putResponse', [prefix, change.record.id, encodeResponse(change.record, redactFields), responseMs, String(maxStoredResponses), keepMs]];
        case 'updated':
          return ['updateResponse', [prefix, change.record.id, encodeResponse(change.record, redactFields), keepMs, ...conversationTurn(change.record)]];
        case 'deleted':
          return ['deleteResponse', [prefix, change.id]];
        case 'conversation':
          return ['createConversation', [prefix, change.conversation.id, encodeConversationMeta(change.conversation), String(maxConversations), keepMs]];
        case 'conversation-deleted':
          return ['deleteConversation', [prefix, change.id]];
        case 'appended':
          return ['appendItems', [prefix, change.conversation.id, keepMs, ...itemPairs(change.items)]];
        case 'item-deleted':
          return ['deleteItem', [prefix, change.conversation.id, change.itemId]];
      }
    });
  }

  /** Writes changes (and the loaded conversations whose metadata changed) in one atomic round trip. */
  private async write(commands: [Command, string[]][], metadata: ReadonlyMap<string, string> = new Map()): Promise<void> {
    for (const [id, before] of metadata) {
      const conversation = this.deps.conversations.get(id);
      if (conversation && JSON.stringify(conversation.metadata) !== before) commands.push(['updateConversation', [this.prefix, id, encodeConversationMeta(conversation), this.retention.keepMs]]);
    }
    if (commands.length === 0) return;
    const batch = this.client.multi();
    for (const [name, args] of commands) (batch as unknown as Scripted)[name](...args);
    await this.exec(batch);
  }

  /** Drops what was told of `record` and not written yet: its copy here stopped unwritten (this process stops, the job goes on). */
  withdraw(record: ResponseRecord): void {
    this.pending = this.pending.filter((change) => !('record' in change) || change.record !== record);
  }

  /** Changes made outside an exchange (a generation ending) are written on the next turn, together. */
  private told(change: Change): void {
    this.pending.push(change);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const commands = this.drain();
      this.write(commands).catch((err: Error) => this.deps.log.warn(`could not write ${commands.length} change(s) to the Redis store: ${err.message}`));
    });
  }

  responseStored(record: ResponseRecord): void {
    this.told({ kind: 'stored', record });
  }
  responseUpdated(record: ResponseRecord): void {
    this.told({ kind: 'updated', record });
  }
  responseDeleted(id: string): void {
    this.told({ kind: 'deleted', id });
  }
  conversationCreated(conversation: ConversationRecord): void {
    this.told({ kind: 'conversation', conversation });
  }
  conversationDeleted(id: string): void {
    this.told({ kind: 'conversation-deleted', id });
  }
  itemsAppended(conversation: ConversationRecord, items: readonly GenericItem[]): void {
    this.told({ kind: 'appended', conversation, items: [...items] });
  }
  itemDeleted(conversation: ConversationRecord, itemId: string): void {
    this.told({ kind: 'item-deleted', conversation, itemId });
  }

  /** Resolves once the connection is up (at once, unless Redis is away and ioredis is reconnecting). */
  ready(): Promise<void> {
    if (this.client.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => this.client.once('ready', () => resolve()));
  }

  /** Closes the connection (after the generations stopped): their last changes are written first. */
  async close(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.subscriber.disconnect();
    await this.client.quit().catch(() => this.client.disconnect());
  }

  /** Forgets the changes not yet written (a reset); the shared state itself is the fleet's. */
  clearLocal(): void {
    this.pending = [];
  }

  private async exec(batch: ChainableCommander): Promise<unknown[]> {
    const results = await orUnavailable(batch.exec(), this.deps.log);
    if (!results) throw storeUnavailable();
    return results.map(([err, value]) => {
      if (err) {
        this.deps.log.warn(`Redis store command failed: ${err.message}`);
        throw storeUnavailable();
      }
      return value;
    });
  }

}

/**
 * A generation's end that gives its conversation the turn (as Conversations.settle does in memory):
 * the conversation id and item id / item JSON pairs, appended by the script only if this end is the
 * one written. Nothing for any other change.
 */
function conversationTurn(record: ResponseRecord): string[] {
  const turn = turnOf(record);
  return turn ? [turn.conversation, ...itemPairs(turn.items)] : [];
}

/** Items as the scripts take them: id / JSON pairs. */
function itemPairs(items: readonly GenericItem[]): string[] {
  return items.flatMap((item) => [String(item.id), JSON.stringify(item)]);
}
