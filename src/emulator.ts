/**
 * The emulator's core: dialect-free operations over the store and the engine. HTTP routes (and, later,
 * WebSocket and in-process transports) parse a dialect's request into a CanonicalRequest, call these,
 * and render the result in their dialect.
 */
import { clearUserSchemas } from './engine/user-schemas';
import type { GenericItem } from './canonical/items';
import type { CanonicalRequest } from './canonical/request';
import { systemClock, fixedClock, unixSeconds, type Clock } from './clock';
import { contentKey } from './engine/content-key';
import { countInputTokens } from './engine/input-tokens';
import { planResponse, warmupPlan } from './engine/planner';
import { checkToolOutputs } from './engine/request-checks';
import { fitContextWindow } from './engine/context-window';
import { checkChainLength, checkConversationRoom } from './state/length-limits';
import { tokenizerForModel, warmUpTokenizers } from './engine/tokenizer';
import { ApiError, invalidRequest, notFound } from './errors';
import { FixtureSet, type MatchContext } from './fixtures/fixture-set';
import { echoRequest, fixtureError, FixtureMiss, recordedDelays, terminalResponse, verbatimOf } from './fixtures/replay';
import { planFromReply, replyFromResponse } from './fixtures/reply-plan';
import type { Fixture, FixtureReply, LoadedFixture } from './fixtures/types';
import { RuntimeFixtures } from './fixtures/runtime-fixtures';
import { FaultQueue } from './faults/fault-queue';
import { freshenVerbatim, IdMap, withoutPinnedIds } from './fixtures/fresh-ids';
import { endsWithToolOutput, trailingToolOutputText } from './fixtures/tool-turns';
import { checkFixtures, loadFixtureDir, type LoadReport } from './fixtures/load';
import { ConfigError, type ResolvedConfig } from './config';
import { createLogger, type Logger } from './log';
import { latestUserText } from './engine/planner';
import { DEFAULT_SLOW_MS, FaultSignal, parseFault, STREAM_FAULTS, type Fault } from './faults/faults';
import { Chaos } from './faults/chaos';
import { Journal } from './journal/journal';
import { RateLimiter } from './state/rate-limiter';
import { compact, compactionItem } from './engine/compaction';
import type { PlanUsage } from './model/plan';
import { ConversationStore, type ConversationRecord } from './state/conversation-store';
import { IdFactory, requestId } from './ids';
import { compactKey, fingerprint, Rng, seedOf } from './random';
import { assignInputItemIds, resolveItemReferences } from './state/input-items';
import { chainDepth, contextAfter, outcomeFromPlan, outcomeFromResponse, type Interruption, type ResponseRecord, type Verbatim } from './model/response-record';
import { Generation } from './state/generation';
import { eventsFor, type EventOptions } from './render/events';
import { interruptRecord } from './render/partial-outcome';
import { renderResponse } from './render/response';
import { snapshotName } from './models';
import { eventDelays, isInstant, type TimingModel } from './engine/timing';
import { ResponseStore } from './state/response-store';
import { SchemaRegistry } from './validation/schema-registry';

/** What `addFixtures` and `useFixtures` take: a fixture, a list, or a file's `{fixtures: [...]}`. */
export type FixtureInput = Fixture | readonly Fixture[] | { fixtures: readonly Fixture[] };

/** Per-request knobs that come from headers rather than the body. */
export interface RequestOptions {
  /** Request headers, names lower-cased (fixtures can match on them). */
  headers?: Record<string, string>;
  /** The wire dialect the request came in (fixtures can match on it). */
  dialect?: string;
  /** Throw FixtureMiss instead of synthesising when no fixture matches (recording what is missing). */
  requireFixture?: boolean;
  /** Overrides the global seed for this request (header `x-emulator-seed`). */
  seed?: string;
  /** Overrides the timing model for this request (header `x-emulator-timing`). */
  timing?: TimingModel;
  /** Makes the stream stop early with a fault (header `x-emulator-fault`). */
  interruption?: Omit<Interruption, 'kind'> & { kind: 'error' | 'failed' | 'cut' };
  /** Whose token budget the response is charged to (the API key); unset: not rate limited. */
  rateLimitKey?: string;
  /**
   * Responses only this caller can continue from, looked up before the store: a WebSocket
   * connection keeps its recent responses (also `store: false` ones) in memory.
   */
  connectionResponses?: ReadonlyMap<string, ResponseRecord>;
  /**
   * Prepare only (a WebSocket `response.create` with `generate: false`): no fixture, no output. The
   * response completes at once with its input counted, and a later turn can continue from it.
   */
  warmup?: boolean;
}

export interface CompactionResult {
  id: string;
  created_at: number;
  output: GenericItem[];
  usage: PlanUsage;
}

export interface CreatedResponse {
  record: ResponseRecord;
  /** Present while the response is still being generated (streams, timed responses). */
  generation: Generation | null;
  /** Milliseconds the transport waits before its first byte (a fixture's `slow` fault). */
  delayMs: number;
}

const WARM_SCHEMAS = ['openai/create-response.json', 'openai/token-counts-body.json'];

/** Identical requests are counted so that each gets fresh ids; the counter table is cleared at this size. */
const MAX_TRACKED_REQUESTS = 100_000;

/** A stream fault as the stream's interruption (after 3 events unless it says otherwise). */
export function streamInterruption(fault: Fault): NonNullable<RequestOptions['interruption']> {
  return { kind: STREAM_FAULTS[fault.kind], after: fault.after ?? 3, ...(fault.message ? { message: fault.message } : {}) };
}

/** The facts fixtures match on. */
function matchContext(
  request: CanonicalRequest,
  context: readonly GenericItem[],
  previous: ResponseRecord | null,
  conversationItems: readonly GenericItem[] | null,
  options: RequestOptions,
): MatchContext {
  return {
    request,
    input: latestUserText(context),
    turn: previous ? chainDepth(previous) + 1 : 1 + (conversationItems ?? []).filter((i) => i.type === 'message' && i.role === 'assistant').length,
    endsWithToolOutput: endsWithToolOutput(request.input),
    toolOutput: trailingToolOutputText(request.input),
    headers: options.headers ?? {},
    dialect: options.dialect ?? 'openai',
  };
}

export class Emulator {
  readonly clock: Clock;
  readonly log: Logger;
  readonly store: ResponseStore;
  readonly conversations: ConversationStore;
  /** The loaded fixtures (files, and `addFixtures`); kept across resets. */
  readonly fixtures = new FixtureSet();
  /** Per-test fixtures (`useFixtures`), consulted first; dropped by `resetFixtures()` and `reset()`. */
  readonly runtimeFixtures = new RuntimeFixtures();
  /** Faults for the next requests (`failNextRequests`); dropped by `reset()`. */
  readonly queuedFaults = new FaultQueue();
  private readonly generations = new Map<string, Generation>();
  private conversationIds: IdFactory;
  private readonly occurrences = new Map<string, number>();
  /** Recorded ids replaced by live ones in replayed fixture replies, both ways. */
  readonly replayIds = new IdMap();
  private requestIds: Rng;
  /** Every exchange, bounded (`--journal-size`); the transports write it, /__emulator/ reads it. */
  readonly journal: Journal;
  /** Per-key request and token budgets (`--rpm`, `--tpm`). */
  readonly rateLimiter: RateLimiter;
  /** Seeded random faults (`--chaos`). */
  readonly chaos: Chaos;
  /** How many times each counted fault (`count=N`) has been served, per test id and spec. */
  private readonly faultUses = new Map<string, number>();

  constructor(
    readonly config: ResolvedConfig,
    readonly schemas: SchemaRegistry = SchemaRegistry.load(),
  ) {
    this.clock = config.fixedTimeMs === null ? systemClock : fixedClock(config.fixedTimeMs);
    this.log = createLogger(config.logLevel);
    this.store = new ResponseStore(config.maxStoredResponses, config.responseTtlMs);
    this.conversations = new ConversationStore(config.maxConversations);
    this.requestIds = new Rng(seedOf(config.seed, 'request-ids'));
    this.conversationIds = new IdFactory(new Rng(seedOf(config.seed, 'conversations')));
    this.journal = new Journal(config.journalSize);
    this.rateLimiter = new RateLimiter(config.rpm, config.tpm);
    this.chaos = new Chaos(config.chaos, config.seed);
  }

  /** Does the one-time work (schema compilation, tokenizer loading) ahead of the first request. */
  warmUp(): void {
    for (const ref of WARM_SCHEMAS) this.schemas.validator(ref);
    warmUpTokenizers();
  }

  /** `req_…` ids, a reproducible sequence per seed. */
  nextRequestId(): string {
    return requestId(this.requestIds);
  }

  /**
   * Plans a response and starts it. Without a stream, delays or faults it is finished at once;
   * otherwise a Generation delivers its events over time (start it once subscribers are attached).
   */
  createResponse(request: CanonicalRequest, options: RequestOptions = {}): CreatedResponse {
    const seed = options.seed ?? this.config.seed;
    const previous = this.previousRecord(request, options.connectionResponses);
    const conversation = request.conversation ? this.getConversation(request.conversation, 'conversation') : null;
    const history = previous ? contextAfter(previous) : conversation ? [...conversation.items] : [];
    const input = resolveItemReferences(request.input, (id) => this.findItem(id));
    const key = contentKey(request, [...history, ...input]);

    // Ids depend on how many times this exact request was seen, so repeats get distinct ids while
    // a re-run of the same test sequence gets the same ones.
    const occurrence = this.nextOccurrence(seed + key);
    const ids = new IdFactory(new Rng(seedOf(seed, 'ids', key, occurrence)));
    const id = ids.next('response');
    const storedInput = assignInputItemIds(input, ids);
    const context = [...history, ...storedInput];
    checkToolOutputs(context);
    if (conversation) checkConversationRoom(conversation, storedInput.length, this.config.maxConversationItems, 'input');
    // What the model sees: everything, unless it exceeds the context window (400, or the oldest items dropped).
    const seen = fitContextWindow(request, { history, input: storedInput });

    const fixture = options.warmup ? null : this.findFixture(request, context, previous, conversation?.items ?? null, options);
    // A fixture's ids and times are its own only with keepIds; otherwise each answer gets fresh ones.
    const keepIds = fixture !== null && (fixture.keepIds ?? this.config.keepFixtureIds);
    const fixtureReply = fixture ? this.effectiveReply(fixture, request.stream) : null;
    const reply = fixtureReply && !keepIds ? withoutPinnedIds(fixtureReply) : fixtureReply;
    let delayMs = 0;
    if (reply?.fault) {
      const fault = parseFault(reply.fault);
      if (fault.kind === 'slow') delayMs = fault.delayMs ?? DEFAULT_SLOW_MS;
      else if (fault.kind in STREAM_FAULTS) options = { ...options, interruption: streamInterruption(fault) };
      else throw new FaultSignal(fault, request.model);
    }
    const nowMs = reply?.createdAt !== undefined ? reply.createdAt * 1000 : this.clock.nowMs();
    const recorded = reply ? verbatimOf(reply, request.stream) : null;
    const echoed = recorded ? echoRequest(recorded, request) : null;
    const verbatim =
      echoed && !keepIds
        ? freshenVerbatim(echoed, {
            responseId: id,
            nowSec: unixSeconds(nowMs),
            previousResponseId: request.previous_response_id,
            conversation: request.conversation,
            rng: new Rng(seedOf(seed, 'replay-ids', key, occurrence)),
            ids: this.replayIds,
          })
        : echoed;
    // A fixture that names only a fault (`slow`, a stream fault) shapes the delivery, not the content:
    // the answer is the one synthesis gives, as with the same fault in the header.
    const plan = reply && !reply.fault
      ? planFromReply(verbatim ? replyFromResponse(verbatim.response) : reply, { request, context: [...seen.history, ...seen.input], ids, rng: new Rng(seedOf(seed, 'content', key)), warn: (w) => this.log.warn(`fixture ${fixture?.label}: ${w}`) })
      : options.warmup
        ? warmupPlan(request, context)
        : planResponse({ request, history: seen.history, input: seen.input, rng: new Rng(seedOf(seed, 'content', key)), ids, year: new Date(this.clock.nowMs()).getUTCFullYear() });

    if (options.rateLimitKey !== undefined) {
      this.rateLimiter.spendTokens(options.rateLimitKey, plan.usage.input_tokens + plan.usage.output_tokens, request.model);
    }

    // With keepIds a fixture may pin the id and the creation time (documented examples reproduced exactly).
    const record: ResponseRecord = {
      id: verbatim ? String(verbatim.response.id) : (reply?.id ?? id),
      created_at: verbatim ? Number(verbatim.response.created_at ?? unixSeconds(nowMs)) : unixSeconds(nowMs),
      status: request.background ? 'queued' : 'in_progress',
      request,
      input: storedInput,
      plan,
      outcome: verbatim ? outcomeFromResponse(verbatim.response) : outcomeFromPlan(plan, unixSeconds(nowMs)),
      interruption: null,
      stream_seed: seedOf(seed, 'stream', key),
      verbatim,
      answeredBy: fixture ? { kind: 'fixture', name: fixture.label, source: fixture.source } : { kind: 'synthesis' },
      previous,
    };
    if (this.config.modelSnapshots && snapshotName(request.model) !== request.model) record.echo_model = snapshotName(request.model);
    if (request.store) this.store.add(record);

    const timing = options.timing ?? (request.background ? this.config.backgroundTiming : this.config.timing);
    if (!request.stream && !request.background && (isInstant(timing) || verbatim) && !options.interruption) {
      record.status = record.outcome.status;
      this.settle(record);
      return { record, generation: null, delayMs };
    }
    const eventOptions = this.eventOptions(request.include_obfuscation);
    if (options.interruption) interruptRecord(record, options.interruption, eventOptions);
    const list = eventsFor(record, eventOptions);
    const delays = verbatim?.events
      ? recordedDelays(verbatim.events, this.config.replaySpeed)
      : eventDelays(list.weights, timing, new Rng(record.stream_seed).fork('timing'));
    const durationMs = delays.reduce((a, b) => a + b, 0);
    if (!verbatim && record.outcome.status === 'completed') {
      // The terminal snapshot was rendered before the duration was known: it says when generation ends.
      record.outcome.completed_at = unixSeconds(nowMs + durationMs);
      const last = list.events[list.events.length - 1];
      if (last.type === 'response.completed') last.response = renderResponse(record, 'completed', 'event');
    }
    const generation = new Generation(record, list, delays, (g) => {
      this.generations.delete(g.record.id);
      this.settle(g.record);
    });
    this.generations.set(record.id, generation);
    // A background response runs on its own; it starts after the caller has answered (it is queued
    // first) and after any stream subscriber has attached.
    if (request.background) setImmediate(() => generation.start());
    return { record, generation, delayMs };
  }

  /**
   * The fixture answering this request, if any. With --strict (or when recording what is missing),
   * no match is an error that names the nearest fixture and what differed.
   */
  private findFixture(
    request: CanonicalRequest,
    context: GenericItem[],
    previous: ResponseRecord | null,
    conversationItems: GenericItem[] | null,
    options: RequestOptions,
  ): LoadedFixture | null {
    if (this.fixtures.size === 0 && this.runtimeFixtures.size === 0 && !this.config.strict && !options.requireFixture) return null;
    const ctx = matchContext(request, context, previous, conversationItems, options);
    // Per-test fixtures win over loaded ones; both are asked, so every `nth` counter sees the request.
    const runtime = this.runtimeFixtures.match(ctx);
    const loaded = this.fixtures.match(ctx);
    const fixture = runtime ?? loaded;
    if (fixture) return fixture;
    if (options.requireFixture) throw new FixtureMiss();
    if (!this.config.strict) return null;
    // The closest of either layer (a stable sort: per-test fixtures first among equals).
    const nearest = [this.runtimeFixtures.nearest(ctx), this.fixtures.nearest(ctx)].filter((n) => n !== null).sort((x, y) => x.differences.length - y.differences.length)[0];
    const detail = nearest
      ? ` The nearest fixture is ${nearest.fixture.label} (${nearest.fixture.source}); it differs in ${nearest.differences.join('; ')}.`
      : ' No fixtures are loaded.';
    throw new ApiError(400, 'invalid_request_error', `No fixture matches this request (strict mode).${detail}`, null, 'fixture_not_found');
  }

  /** What fixtures match on, for a request as it would be answered now (the recorder writes these keys). */
  matchContextFor(request: CanonicalRequest, options: RequestOptions = {}): MatchContext {
    const previous = this.previousRecordOrNull(request);
    const conversation = request.conversation ? (this.conversations.get(request.conversation) ?? null) : null;
    const history = previous ? contextAfter(previous) : conversation ? [...conversation.items] : [];
    const input = request.input.map((item) => (item.type === 'item_reference' ? (this.findItem(String(item.id)) ?? item) : item));
    return matchContext(request, [...history, ...input], previous, conversation?.items ?? null, options);
  }

  /**
   * What fixtures matched on when `record` was created, read back afterwards (the inspector's "copy
   * as fixture"): its own chain, and a conversation as it was before this turn's items were added.
   */
  matchContextOfRecord(record: Pick<ResponseRecord, 'request' | 'input' | 'previous'>, options: RequestOptions = {}): MatchContext {
    const conversation = record.request.conversation ? (this.conversations.get(record.request.conversation) ?? null) : null;
    let before: GenericItem[] | null = null;
    if (conversation) {
      const first = record.input[0]?.id;
      const at = first === undefined ? -1 : conversation.items.findIndex((item) => item.id === first);
      before = at < 0 ? [...conversation.items] : conversation.items.slice(0, at);
    }
    const history = record.previous ? contextAfter(record.previous) : (before ?? []);
    return matchContext(record.request, [...history, ...record.input], record.previous, before, options);
  }

  /**
   * Keeps an exchange recorded from an upstream as a local response (replayed verbatim on GET), so a
   * chain continued with its id works locally too.
   */
  storeRecorded(request: CanonicalRequest, response: Record<string, unknown>, events?: Verbatim['events']): ResponseRecord | null {
    if (typeof response.id !== 'string' || !request.store) return null;
    const previous = this.previousRecordOrNull(request);
    const outcome = outcomeFromResponse(response);
    const record: ResponseRecord = {
      id: response.id,
      created_at: Number(response.created_at ?? unixSeconds(this.clock.nowMs())),
      status: outcome.status,
      request,
      input: assignInputItemIds(request.input.filter((i) => i.type !== 'item_reference'), this.conversationIds),
      plan: { items: outcome.output, status: outcome.status === 'cancelled' ? 'failed' : outcome.status, incomplete_reason: outcome.incomplete_reason, error: outcome.error, usage: outcome.usage },
      outcome,
      interruption: null,
      stream_seed: 0,
      verbatim: { response, ...(events ? { events } : {}) },
      answeredBy: { kind: 'recording', upstream: this.config.upstream ?? '' },
      previous,
    };
    this.store.add(record);
    return record;
  }

  /** Loads (or reloads) the fixtures directory; on errors the fixtures in force are kept. */
  loadFixtures(dir: string = this.config.fixturesDir ?? './fixtures'): LoadReport {
    const report = loadFixtureDir(dir, this.schemas);
    if (report.errors.length === 0) this.fixtures.replace(report.fixtures);
    return report;
  }

  /**
   * Adds fixtures after the loaded ones, kept like them across resets: one fixture object, a list,
   * or `{fixtures: [...]}`, validated like a file. Throws ConfigError listing the problems.
   */
  addFixtures(value: FixtureInput, source = 'runtime'): void {
    for (const fixture of this.checkedFixtures(value, source)) this.fixtures.add(fixture);
  }

  /**
   * Adds per-test fixtures: they win over the loaded ones (the newest call first) until
   * `resetFixtures()` or `reset()`. Validated like a file; throws ConfigError listing the problems.
   */
  useFixtures(value: FixtureInput, source = 'runtime'): void {
    this.runtimeFixtures.add(this.checkedFixtures(value, source));
  }

  /** Drops the per-test fixtures: the loaded ones (files, `addFixtures`) answer again. */
  resetFixtures(): void {
    this.runtimeFixtures.clear();
  }

  private checkedFixtures(value: FixtureInput, source: string): LoadedFixture[] {
    const checked = checkFixtures(value, source, this.schemas);
    if (checked.errors.length > 0) throw new ConfigError(`Invalid fixture:\n${checked.errors.join('\n')}`);
    return checked.fixtures;
  }

  /** The next `count` API requests without an `x-emulator-fault` header get this fault (queued after earlier ones). */
  failNextRequests(fault: Fault, count = 1): void {
    this.queuedFaults.add(fault, count);
  }

  /**
   * An error reply is thrown here. A recording of the other kind than the request asks for (a JSON
   * Response for a stream, a stream for JSON) becomes its output and usage, to be re-rendered.
   */
  private effectiveReply(fixture: LoadedFixture, stream: boolean): FixtureReply {
    const reply = fixture.reply;
    if (reply.error) throw fixtureError(reply.error);
    if (stream && reply.response && !reply.events) return replyFromResponse(reply.response);
    if (!stream && reply.events && !reply.response) {
      const response = terminalResponse(reply.events);
      if (response) return replyFromResponse(response);
    }
    return reply;
  }

  /** Events are rendered with the configured chunk size; obfuscation is the client's choice. */
  eventOptions(obfuscation: boolean): EventOptions {
    return { obfuscation, chunkTokens: this.config.chunkTokens };
  }

  /** The running generation of a response, if it is still being generated. */
  liveGeneration(id: string): Generation | undefined {
    return this.generations.get(id);
  }

  /** How many responses are generating right now (a leak shows up here). */
  get activeGenerations(): number {
    return this.generations.size;
  }

  /** Stops a generation that nobody will receive (client gone): the response ends `cancelled` with what was produced. */
  abandon(generation: Generation): void {
    if (generation.state !== 'running') return;
    // The outcome is settled before listeners hear the end, so anything they render is final.
    interruptRecord(generation.record, { kind: 'cancelled', after: generation.emittedCount }, this.eventOptions(generation.record.request.include_obfuscation));
    generation.record.status = 'cancelled';
    generation.abort();
  }

  /** Cancels a background response. A finished one is returned as it is (cancelling is idempotent). */
  cancelResponse(id: string): ResponseRecord {
    const record = this.getResponse(id);
    if (!record.request.background) throw invalidRequest('Only responses created with background=true can be cancelled.', null, null);
    const live = this.generations.get(id);
    if (live) this.abandon(live);
    return record;
  }

  /** When a response finishes, its conversation (if any) gets this turn's input and output items. */
  private settle(record: ResponseRecord): void {
    const id = record.request.conversation;
    if (!id || (record.status !== 'completed' && record.status !== 'incomplete')) return;
    const conversation = this.conversations.get(id);
    if (conversation) this.conversations.append(conversation, [...record.input, ...record.outcome.output]);
  }

  /** A new conversation (an Aitronos thread with `thread`), under the given id or a fresh one. */
  createConversation(metadata: Record<string, string>, items: GenericItem[], options: { id?: string; thread?: boolean } = {}): ConversationRecord {
    checkConversationRoom(null, items.length, this.config.maxConversationItems, 'items');
    const conversation: ConversationRecord = {
      id: options.id ?? this.conversationIds.next(options.thread ? 'thread' : 'conversation'),
      created_at: unixSeconds(this.clock.nowMs()),
      metadata,
      items: [],
      ...(options.thread ? { thread: true } : {}),
    };
    this.conversations.add(conversation);
    this.addConversationItems(conversation.id, items);
    return conversation;
  }

  /** The thread with this id, created when unknown (as Aitronos does); given metadata replaces its own. */
  ensureThread(id: string, metadata: Record<string, string> | null): ConversationRecord {
    const thread = this.conversations.get(id) ?? this.createConversation({}, [], { id, thread: true });
    if (metadata) thread.metadata = metadata;
    return thread;
  }

  getConversation(id: string, param: string | null = null): ConversationRecord {
    const conversation = this.conversations.get(id);
    if (!conversation) throw new ApiError(404, 'invalid_request_error', `Conversation with id '${id}' not found.`, param, null);
    return conversation;
  }

  deleteConversation(id: string): void {
    this.getConversation(id);
    this.conversations.remove(id);
  }

  /** Adds items (ids assigned, references resolved) and returns them as stored. */
  addConversationItems(id: string, items: GenericItem[]): GenericItem[] {
    const conversation = this.getConversation(id);
    checkConversationRoom(conversation, items.length, this.config.maxConversationItems, 'items');
    const stored = assignInputItemIds(resolveItemReferences(items, (itemId) => this.findItem(itemId)), this.conversationIds);
    this.conversations.append(conversation, stored);
    return stored;
  }

  getConversationItem(id: string, itemId: string): GenericItem {
    const item = this.getConversation(id).items.find((i) => i.id === itemId);
    if (!item) throw notFound(`Item with id '${itemId}' not found.`);
    return item;
  }

  deleteConversationItem(id: string, itemId: string): ConversationRecord {
    const conversation = this.getConversation(id);
    if (!this.conversations.removeItem(conversation, itemId)) throw notFound(`Item with id '${itemId}' not found.`);
    return conversation;
  }

  /** An item by id, from stored responses or any conversation. */
  private findItem(id: string): GenericItem | undefined {
    return this.store.findItem(id) ?? this.conversations.findItem(id);
  }

  /**
   * POST /responses/compact: the user's messages, then one compaction item folding everything else.
   * Not stored: it is a transformation of the input, as in the API.
   */
  compactResponse(request: CanonicalRequest, options: RequestOptions = {}): CompactionResult {
    const seed = options.seed ?? this.config.seed;
    const previous = this.previousRecord(request);
    const history = previous ? contextAfter(previous) : [];
    const input = resolveItemReferences(request.input, (id) => this.findItem(id));
    const key = contentKey(request, [...history, ...input]);
    const ids = new IdFactory(new Rng(seedOf(seed, 'compact', key, this.nextOccurrence(`compact:${seed}${key}`))));
    const id = ids.next('response');
    const tokenizer = tokenizerForModel(request.model);
    const context = [...history, ...assignInputItemIds(input, ids)];
    const { kept, folded, summaryTokens } = compact(tokenizer, context);
    const output: GenericItem[] = [...kept, compactionItem(ids, folded, summaryTokens)];
    const inputTokens = countInputTokens(tokenizer, { instructions: request.instructions, items: context, tools: [], format: undefined });
    if (options.rateLimitKey !== undefined) this.rateLimiter.spendTokens(options.rateLimitKey, inputTokens + summaryTokens, request.model);
    return {
      id,
      created_at: unixSeconds(this.clock.nowMs()),
      output,
      usage: { input_tokens: inputTokens, cached_tokens: 0, output_tokens: summaryTokens, reasoning_tokens: 0, cache_write_tokens: 0 },
    };
  }

  /** Stops every running generation at once; their responses end cancelled. */
  shutdown(): void {
    for (const generation of [...this.generations.values()]) this.abandon(generation);
  }

  /**
   * Server shutdown reached its grace period: each response still generating ends now with an
   * `error` event (and `failed`), so its clients see a well-formed end rather than a cut connection.
   */
  endGenerations(message = 'The server is shutting down. Please retry.'): void {
    for (const generation of [...this.generations.values()]) {
      const options = this.eventOptions(generation.record.request.include_obfuscation);
      interruptRecord(generation.record, { kind: 'error', after: generation.emittedCount, message }, options);
      generation.endWith(eventsFor(generation.record, options));
    }
  }

  /** The exact `usage.input_tokens` that POST /responses would report for the same body. */
  countInputTokens(request: CanonicalRequest): number {
    const previous = this.previousRecord(request);
    const conversation = request.conversation ? this.getConversation(request.conversation, 'conversation') : null;
    const history: GenericItem[] = previous ? contextAfter(previous) : conversation ? [...conversation.items] : [];
    const input = resolveItemReferences(request.input, (id) => this.findItem(id));
    return countInputTokens(tokenizerForModel(request.model), {
      instructions: request.instructions,
      items: [...history, ...input],
      tools: request.tools,
      format: request.text.format,
    });
  }

  getResponse(id: string): ResponseRecord {
    const record = this.store.get(id);
    if (!record) throw notFound(`Response with id '${id}' not found.`);
    return record;
  }

  deleteResponse(id: string): void {
    if (!this.store.remove(id)) throw notFound(`Response with id '${id}' not found.`);
  }

  /**
   * Whether a fault is served now: always, unless it says `count=N` and N requests of this test
   * (header `x-emulator-test-id`) already got it — then the request is answered normally.
   */
  faultApplies(fault: Fault, testId: string | null): boolean {
    if (fault.count === undefined) return true;
    const key = compactKey(`${testId ?? ''}\n${fault.spec}`);
    const used = this.faultUses.get(key) ?? 0;
    if (used >= fault.count) return false;
    if (this.faultUses.size >= MAX_TRACKED_REQUESTS) this.faultUses.clear();
    this.faultUses.set(key, used + 1);
    return true;
  }

  /**
   * Forgets every stored response, conversation, journal entry, rate-limit budget and counter (repeat,
   * fixture `nth`, fault `count`, chaos draws), per-test fixtures and queued faults, as a fresh start
   * would; running generations are stopped.
   */
  reset(): void {
    this.shutdown();
    this.journal.clear();
    this.rateLimiter.clear();
    this.chaos.reset();
    this.faultUses.clear();
    this.store.clear();
    this.conversations.clear();
    this.fixtures.resetCounts();
    this.runtimeFixtures.clear();
    this.queuedFaults.clear();
    clearUserSchemas();
    this.conversationIds = new IdFactory(new Rng(seedOf(this.config.seed, 'conversations')));
    this.occurrences.clear();
    this.replayIds.clear();
    this.requestIds = new Rng(seedOf(this.config.seed, 'request-ids'));
  }

  private previousRecordOrNull(request: CanonicalRequest): ResponseRecord | null {
    return request.previous_response_id ? (this.store.get(request.previous_response_id) ?? null) : null;
  }

  private previousRecord(request: CanonicalRequest, connection?: ReadonlyMap<string, ResponseRecord>): ResponseRecord | null {
    if (!request.previous_response_id) return null;
    const previous = connection?.get(request.previous_response_id) ?? this.store.get(request.previous_response_id);
    if (!previous) {
      throw invalidRequest(
        `Previous response with id '${request.previous_response_id}' not found.`,
        'previous_response_id',
        'previous_response_not_found',
      );
    }
    checkChainLength(previous, this.config.maxChainLength);
    return previous;
  }

  /**
   * How many times this request content has been seen (1 the first time). Counted under a short
   * fingerprint of the content rather than the content itself, so the table stays small; two
   * contents sharing a fingerprint only share a counter, which keeps ids distinct and reproducible.
   */
  private nextOccurrence(key: string): number {
    if (this.occurrences.size >= MAX_TRACKED_REQUESTS) this.occurrences.clear();
    const print = fingerprint(key);
    const n = (this.occurrences.get(print) ?? 0) + 1;
    this.occurrences.set(print, n);
    return n;
  }
}
