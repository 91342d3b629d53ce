/**
 * The emulator's core, a facade over small services: dialect-free operations over the store and the
 * engine. Transports (HTTP routes, WebSocket, in-process fetch) parse a dialect's request into a
 * CanonicalRequest, call these, and render the result in their dialect. What each step means lives
 * in its own module: context resolution (state/request-context), the answer — fixture or synthesis
 * → plan (core/answer), live generations (state/live-generations), conversations
 * (state/conversations), fixtures in force (fixtures/fixture-library), fault counters.
 */
import { clearUserSchemas } from './engine/user-schemas';
import type { GenericItem } from './canonical/items';
import type { CanonicalRequest } from './canonical/request';
import { systemClock, fixedClock, unixSeconds, type Clock } from './clock';
import { contentKey } from './engine/content-key';
import { countInputTokens } from './engine/input-tokens';
import { checkToolOutputs } from './engine/request-checks';
import { fitContextWindow } from './engine/context-window';
import { answer, type AnswerDeps } from './core/answer';
import { checkConversationRoom } from './state/length-limits';
import { tokenizerForModel, warmUpTokenizers } from './tokenizer';
import { invalidRequest, notFound } from './errors';
import type { FixtureSet, MatchContext } from './fixtures/fixture-set';
import { FixtureLibrary, type FixtureInput } from './fixtures/fixture-library';
import type { RuntimeFixtures } from './fixtures/runtime-fixtures';
import type { LoadReport } from './fixtures/load';
import { FaultQueue } from './faults/fault-queue';
import { IdMap } from './fixtures/fresh-ids';
import type { ResolvedConfig } from './config';
import { createLogger, type Logger } from './log';
import type { Fault } from './faults/faults';
import { Chaos } from './faults/chaos';
import { Journal } from './journal/journal';
import type { RateLimits } from './state/rate-budget';
import type { FaultBudgets } from './state/fault-budgets';
import { andThen, type MaybePromise } from './model/maybe-promise';
import { compactResponse } from './engine/compact-response';
import { recordedResponse } from './state/recorded-response';
import { ConversationStore, type ConversationRecord } from './state/conversation-store';
import { Conversations } from './state/conversations';
import { findStoredItem, previousOrNull, resolveContext, type ContextSources } from './state/request-context';
import { describedMatchContext, matchContextOf } from './fixtures/match-context';
import type { LiveGenerations } from './state/live-generations';
import { Occurrences } from './state/occurrences';
import { IdFactory, requestId } from './ids';
import { ContentSeeds, Rng, seedOf } from './random';
import { assignInputItemIds } from './state/input-items';
import type { ResponseRecord, Verbatim } from './model/response-record';
import { answeredRecord } from './core/answered-record';
import type { Generation } from './state/generation-playback';
import type { EventOptions } from './render/events';
import { isInstant } from './engine/timing';
import { ResponseStore } from './state/response-store';
import type { RedisLink } from './state/redis/link';
import type { RedisState } from './state/redis/redis-state';
import { budgets, storeAndGenerations } from './core/shared-store';
import { SchemaRegistry } from './validation/schema-registry';
import type { CompactionResult, CreatedResponse, RequestOptions } from './emulator-types';
import type { AdminServices, Compaction, ConversationService, ErrorReporting, ExchangeFixtureServices, ExchangeServices, GateServices, InputTokenCounting, RateLimitHeaders, RecordingServices, RequestParsing, ResponseCreation, ResponseDelivery, StoredResponses, TestControlServices, ThreadService } from './core/services';

/** What a first create request needs (each precompiled validator is its own module: the others load on their first use). */
const WARM_SCHEMAS = ['openai/create-response.json'];

/** Implements every narrow service of core/services.ts over one set of stores: modules take the interfaces they use. */
export class Emulator implements RequestParsing, ResponseCreation, StoredResponses, InputTokenCounting, Compaction, ConversationService, ThreadService, GateServices, RateLimitHeaders, ExchangeServices, ErrorReporting, ResponseDelivery, RecordingServices, ExchangeFixtureServices, TestControlServices, AdminServices {
  readonly clock: Clock;
  readonly log: Logger;
  readonly store: ResponseStore;
  readonly conversations: ConversationStore;
  /** The fixtures in force and the choice of the one answering a request. */
  private readonly fixtureLibrary: FixtureLibrary;
  /** The loaded fixtures (files, and `addFixtures`); kept across resets. */
  readonly fixtures: FixtureSet;
  /** Per-test fixtures (`useFixtures`), consulted first; dropped by `resetFixtures()` and `reset()`. */
  readonly runtimeFixtures: RuntimeFixtures;
  /** Faults for the next requests (`failNextRequests`); dropped by `reset()`. */
  readonly queuedFaults = new FaultQueue();
  private readonly generations: LiveGenerations;
  private readonly conversationService: Conversations;
  private conversationIds: IdFactory;
  private readonly occurrences: Occurrences;
  /** The replicas' shared store (`--store redis://…`) around each exchange; null with the memory store. */
  readonly shared: RedisState | null;
  /** Recorded ids and the live ones that replaced them in replayed fixture replies (recorded → live). */
  readonly replayIds = new IdMap();
  private requestIds: Rng;
  /** Every exchange, bounded (`--journal-size`); the transports write it, /__emulator/ reads it. */
  readonly journal: Journal;
  /** Per-key request and token budgets (`--rpm`, `--tpm`): this process's, or shared through Redis (core/shared-store.ts budgets). */
  readonly rateLimiter: RateLimits;
  /** Seeded random faults (`--chaos`). */
  readonly chaos: Chaos;
  /** How many times each counted fault (`count=N`) has been served, per test id and spec: this process's, or shared through Redis. */
  private readonly faultCounters: FaultBudgets;
  /** Where context resolution looks ids up. */
  private readonly sources: ContextSources;
  /** What the answer step reads (made once: createResponse is the hot path). */
  private readonly answerDeps: AnswerDeps;

  constructor(
    readonly config: ResolvedConfig,
    readonly schemas: SchemaRegistry = SchemaRegistry.load(),
    redis: RedisLink | null = null,
  ) {
    this.clock = config.fixedTimeMs === null ? systemClock : fixedClock(config.fixedTimeMs);
    this.log = createLogger(config.logLevel);
    this.store = new ResponseStore(config.maxStoredResponses, config.responseTtlMs);
    this.conversations = new ConversationStore(config.maxConversations);
    this.requestIds = new Rng(seedOf(config.seed, 'request-ids'));
    this.conversationIds = new IdFactory(new Rng(seedOf(config.seed, 'conversations')));
    this.journal = new Journal(config.journalSize);
    ({ rateLimits: this.rateLimiter, faultCounts: this.faultCounters } = budgets(redis, config, this.log));
    this.chaos = new Chaos(config.chaos, config.seed);
    ({ shared: this.shared, generations: this.generations } = storeAndGenerations(redis, { store: this.store, conversations: this.conversations, config, log: this.log, settle: (record) => this.conversationService.settle(record), abandon: (generation) => this.abandon(generation) }));
    this.fixtureLibrary = new FixtureLibrary(schemas, config, this.shared && ((key) => this.shared!.reservations.take(key)));
    this.fixtures = this.fixtureLibrary.fixtures;
    this.runtimeFixtures = this.fixtureLibrary.runtimeFixtures;
    this.sources = { store: this.store, conversations: this.conversations, maxChainLength: config.maxChainLength };
    // With a shared store, occurrences, `nth` and conversation ids are the fleet's counts (no two replicas draw the same).
    this.occurrences = new Occurrences(this.shared?.reservations ?? null);
    this.conversationService = new Conversations(this.conversations, this.clock, config, () => this.shared?.conversationIds() ?? this.conversationIds, (id) => findStoredItem(this.sources, id));
    this.answerDeps = { fixtures: this.fixtureLibrary, clock: this.clock, config, replayIds: this.replayIds, log: this.log };
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
    const resolved = resolveContext(request, this.sources, { lookup: 'strict', conversation: true, connection: options.connectionResponses });
    const { previous, conversation, history, input } = resolved;
    const key = contentKey(request, history, input);
    // Ids depend on how many times this exact request was seen, so repeats get distinct ids while
    // a re-run of the same test sequence gets the same ones.
    const seeds = new ContentSeeds(seed, key); // its hashes, in one pass over the key
    const occurrence = this.occurrences.count(seeds.print);
    const ids = new IdFactory(new Rng(seeds.ids(occurrence)));
    const id = ids.next('response');
    const storedInput = assignInputItemIds(input, ids);
    const context = [...history, ...storedInput];
    checkToolOutputs(context);
    if (conversation) checkConversationRoom(conversation, storedInput.length, this.config.maxConversationItems, 'input');
    // What the model sees: everything, unless it exceeds the context window (400, or the oldest items dropped).
    const seen = fitContextWindow(request, { history, input: storedInput });

    const answered = answer(
      {
        request,
        seed,
        key,
        occurrence,
        contentSeed: seeds.content,
        ids,
        id,
        context,
        seen,
        matchContext: () => matchContextOf(request, resolved, context, options),
        warmup: options.warmup === true,
        requireFixture: options.requireFixture === true,
        interruption: options.interruption,
      },
      this.answerDeps,
    );
    const { plan, verbatim, nowMs, delayMs, interruption } = answered;
    if (options.rateLimitKey !== undefined) {
      this.rateLimiter.spendTokens(options.rateLimitKey, plan.usage.input_tokens + plan.usage.output_tokens, request.model);
    }
    const record = answeredRecord({ request, id, input: storedInput, previous, streamSeed: seeds.stream }, answered, this.config.modelSnapshots);
    if (request.store) this.store.add(record);

    const timing = options.timing ?? (request.background ? this.config.backgroundTiming : this.config.timing);
    if (!request.stream && !request.background && (isInstant(timing) || verbatim) && !interruption) {
      record.status = record.outcome.status;
      this.conversationService.settle(record);
      return { record, generation: null, delayMs };
    }
    const generation = this.generations.begin(record, nowMs, timing, interruption);
    // A background response runs on its own; it starts after the caller has answered (it is queued
    // first) and after any stream subscriber has attached.
    if (request.background) setImmediate(() => generation.start());
    return { record, generation, delayMs };
  }

  /** What fixtures match on, for a request as it would be answered now (the recorder writes these keys). */
  matchContextFor(request: CanonicalRequest, options: RequestOptions = {}): MatchContext {
    return describedMatchContext(request, this.sources, options);
  }

  /**
   * What fixtures matched on when `record` was created, read back afterwards (the inspector's "copy
   * as fixture"): its own chain, and a conversation as it was before this turn's items were added.
   */
  matchContextOfRecord(record: Pick<ResponseRecord, 'request' | 'input' | 'previous'>, options: RequestOptions = {}): MatchContext {
    return describedMatchContext(record.request, this.sources, options, record);
  }

  /** Keeps an exchange recorded upstream as a local response (replayed verbatim on GET): a chain can continue from its id. */
  storeRecorded(request: CanonicalRequest, response: Record<string, unknown>, events?: Verbatim['events']): ResponseRecord | null {
    if (typeof response.id !== 'string' || !request.store) return null;
    const record = recordedResponse(request, response as typeof response & { id: string }, events, {
      previous: previousOrNull(request, this.sources),
      clock: this.clock,
      ids: this.conversationIds,
      upstream: this.config.upstream ?? '',
    });
    this.store.add(record);
    return record;
  }

  /** Loads (or reloads) the fixtures directory; on errors the fixtures in force are kept. */
  loadFixtures(dir?: string): LoadReport {
    return this.fixtureLibrary.load(dir);
  }

  /**
   * Adds fixtures after the loaded ones, kept like them across resets: one fixture object, a list,
   * or `{fixtures: [...]}`, validated like a file. Throws ConfigError listing the problems.
   */
  addFixtures(value: FixtureInput, source = 'runtime'): void {
    this.fixtureLibrary.add(value, source);
  }

  /**
   * Adds per-test fixtures: they win over the loaded ones (the newest call first) until
   * `resetFixtures()` or `reset()`. Validated like a file; throws ConfigError listing the problems.
   */
  useFixtures(value: FixtureInput, source = 'runtime'): void {
    this.fixtureLibrary.use(value, source);
  }

  /** Drops the per-test fixtures: the loaded ones (files, `addFixtures`) answer again. */
  resetFixtures(): void {
    this.fixtureLibrary.clearRuntime();
  }

  /** The next `count` API requests without an `x-emulator-fault` header get this fault (queued after earlier ones). */
  failNextRequests(fault: Fault, count = 1): void {
    this.queuedFaults.add(fault, count);
  }

  /** Events are rendered with the configured chunk size; obfuscation is the client's choice. */
  eventOptions(obfuscation: boolean): EventOptions {
    return this.generations.eventOptions(obfuscation);
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
    this.generations.abandon(generation);
  }

  /** Cancels a background response. A finished one is returned as it is (cancelling is idempotent). */
  cancelResponse(id: string): ResponseRecord {
    const record = this.getResponse(id);
    if (!record.request.background) throw invalidRequest('Only responses created with background=true can be cancelled.', null, null);
    const live = this.generations.get(id);
    if (live) this.generations.abandon(live);
    return record;
  }

  /** A new conversation (an Aitronos thread with `thread`), under the given id or a fresh one. */
  createConversation(metadata: Record<string, string>, items: GenericItem[], options: { id?: string; thread?: boolean } = {}): ConversationRecord {
    return this.conversationService.create(metadata, items, options);
  }

  /** The thread with this id, created when unknown (as Aitronos does); given metadata replaces its own. */
  ensureThread(id: string, metadata: Record<string, string> | null): ConversationRecord {
    return this.conversationService.ensureThread(id, metadata);
  }

  getConversation(id: string, param: string | null = null): ConversationRecord {
    return this.conversationService.get(id, param);
  }

  deleteConversation(id: string): void {
    this.conversationService.delete(id);
  }

  /** Adds items (ids assigned, references resolved) and returns them as stored. */
  addConversationItems(id: string, items: GenericItem[]): GenericItem[] {
    return this.conversationService.addItems(id, items);
  }

  getConversationItem(id: string, itemId: string): GenericItem {
    return this.conversationService.getItem(id, itemId);
  }

  deleteConversationItem(id: string, itemId: string): ConversationRecord {
    return this.conversationService.deleteItem(id, itemId);
  }

  /**
   * POST /responses/compact: the user's messages, then one compaction item folding everything else.
   * Not stored: it is a transformation of the input, as in the API.
   */
  compactResponse(request: CanonicalRequest, options: RequestOptions = {}): CompactionResult {
    const seed = options.seed ?? this.config.seed;
    // Compaction folds the previous_response_id chain only: a conversation is not part of it.
    const { history, input } = resolveContext(request, this.sources, { lookup: 'strict', conversation: false });
    const key = contentKey(request, history, input);
    const ids = new IdFactory(new Rng(seedOf(seed, 'compact', key, this.occurrences.next(`compact:${seed}`, key))));
    const id = ids.next('response');
    const result = compactResponse(request, id, [...history, ...assignInputItemIds(input, ids)], ids, this.clock);
    if (options.rateLimitKey !== undefined) this.rateLimiter.spendTokens(options.rateLimitKey, result.usage.input_tokens + result.usage.output_tokens, request.model);
    return result;
  }

  /** Stops every running generation at once; their responses end cancelled. */
  shutdown(): void {
    this.generations.abandonAll();
  }

  /**
   * Server shutdown reached its grace period: each response still generating ends now with an
   * `error` event (and `failed`), so its clients see a well-formed end rather than a cut connection.
   */
  endGenerations(message = 'The server is shutting down. Please retry.'): void {
    this.generations.endAll(message);
  }

  /** The exact `usage.input_tokens` that POST /responses would report for the same body. */
  countInputTokens(request: CanonicalRequest): number {
    const { history, input } = resolveContext(request, this.sources, { lookup: 'strict', conversation: true });
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
  faultApplies(fault: Fault, testId: string | null): MaybePromise<boolean> {
    return this.faultCounters.applies(fault, testId);
  }

  /** For a request without a fault header of its own: a queued fault (nextRequestFails) first, then a chaos draw. */
  unaskedFault(testId: string | null): MaybePromise<{ fault: Fault; source: 'queued' | 'chaos' } | null> {
    const queued = this.queuedFaults.take();
    if (queued) return { fault: queued, source: 'queued' };
    const drawn = this.chaos.draw();
    return drawn && andThen(this.faultApplies(drawn, testId), (applies) => (applies ? { fault: drawn, source: 'chaos' as const } : null));
  }

  /**
   * Forgets every stored response, conversation, journal entry, rate-limit budget and counter (repeat,
   * fixture `nth`, fault `count`, chaos draws), per-test fixtures and queued faults, as a fresh start
   * would; running generations are stopped. A replica (`--store redis://…`) forgets its own state and
   * copies: what the fleet shares in Redis, budgets included, stays (flush the db to start over).
   */
  reset(): void {
    this.shutdown();
    this.journal.clear();
    this.chaos.reset();
    // This process's own budgets (in memory, cleared at once); a replica's are the fleet's and stay.
    if (!this.shared) for (const budget of [this.rateLimiter, this.faultCounters]) void budget.clear();
    this.store.clear();
    this.conversations.clear();
    this.fixtureLibrary.reset();
    this.queuedFaults.clear();
    clearUserSchemas();
    this.conversationIds = new IdFactory(new Rng(seedOf(this.config.seed, 'conversations')));
    this.occurrences.clear();
    this.shared?.clearLocal();
    this.replayIds.clear();
    this.requestIds = new Rng(seedOf(this.config.seed, 'request-ids'));
  }
}
