/**
 * The core's services, each as the small interface its users call, so that a module depends on what
 * it uses rather than on the whole Emulator (src/emulator.ts), which implements them all. A dialect's
 * endpoints take the response, conversation, token-counting and compaction services; the gate takes
 * its own (config, rate limiter, fault choice); an exchange's journal entry takes config, clock, log
 * and journal, and "copy as fixture" the journal and the match keys; the admin routes and the test
 * controls take what they show and do; the pipeline's steps and the transports take what they call
 * (a reply's rate-limit headers, a response's delivery, the error log, the recording proxy's
 * services), composed where they are used. Tests can hand in stubs with just these members.
 */
import type { GenericItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';
import type { Clock } from '../clock';
import type { ResolvedConfig } from '../config';
import type { CompactionResult, CreatedResponse, RequestOptions } from '../emulator-types';
import type { Fault } from '../faults/faults';
import type { FixtureInput } from '../fixtures/fixture-library';
import type { MatchContext } from '../fixtures/fixture-set';
import type { Journal } from '../journal/journal';
import type { Logger } from '../log';
import type { ResponseRecord, Verbatim } from '../model/response-record';
import type { EventOptions } from '../render/events';
import type { ConversationRecord, ConversationStore } from '../state/conversation-store';
import type { Generation } from '../state/generation-playback';
import type { MaybePromise } from '../model/maybe-promise';
import type { RateLimits } from '../state/rate-budget';
import type { StoreReads } from '../state/store-reads';
import type { SchemaRegistry } from '../validation/schema-registry';

/** What parsing a request body reads: the schemas, and the options that shape the parse. */
export interface RequestParsing {
  readonly schemas: SchemaRegistry;
  readonly config: ResolvedConfig;
}

/** Creating a response (plan, store, start its generation). */
export interface ResponseCreation {
  createResponse(request: CanonicalRequest, options?: RequestOptions): CreatedResponse;
}

/** Stored responses: read back, deleted, cancelled, or followed while still generating. */
export interface StoredResponses {
  getResponse(id: string): ResponseRecord;
  deleteResponse(id: string): void;
  cancelResponse(id: string): ResponseRecord;
  liveGeneration(id: string): Generation | undefined;
}

/** `POST /responses/input_tokens`: what a create would count, without creating anything. */
export interface InputTokenCounting {
  countInputTokens(request: CanonicalRequest): number;
}

/** `POST /responses/compact`: a request's context folded into a compaction item. */
export interface Compaction {
  compactResponse(request: CanonicalRequest, options?: RequestOptions): CompactionResult;
}

/** Conversations and their items (OpenAI's `/conversations` endpoints). */
export interface ConversationService {
  createConversation(metadata: Record<string, string>, items: GenericItem[], options?: { id?: string; thread?: boolean }): ConversationRecord;
  getConversation(id: string, param?: string | null): ConversationRecord;
  deleteConversation(id: string): void;
  addConversationItems(id: string, items: GenericItem[]): GenericItem[];
  getConversationItem(id: string, itemId: string): GenericItem;
  deleteConversationItem(id: string, itemId: string): ConversationRecord;
}

/** Aitronos threads: conversations marked as threads, made on first use, listed and read from the store. */
export interface ThreadService extends Pick<ConversationService, 'createConversation'> {
  ensureThread(id: string, metadata: Record<string, string> | null): ConversationRecord;
  readonly conversations: Pick<ConversationStore, 'list' | 'get'>;
}

/**
 * The fault a request gets: whether a counted one still applies, and one it did not ask for. A
 * Promise when the counts are shared (Redis), a value at once when they are this process's.
 */
export interface FaultChoice {
  faultApplies(fault: Fault, testId: string | null): MaybePromise<boolean>;
  unaskedFault(testId: string | null): MaybePromise<{ fault: Fault; source: 'queued' | 'chaos' } | null>;
}

/** What the gate decides with (besides the journal entry it opens): the options, the rate limiter, the fault choice. */
export interface GateServices extends FaultChoice {
  readonly config: ResolvedConfig;
  readonly rateLimiter: Pick<RateLimits, 'takeRequest'>;
}

/** A reply's `x-ratelimit-*` headers: the caller's budgets as they stand when it goes out. */
export interface RateLimitHeaders {
  readonly rateLimiter: Pick<RateLimits, 'headers'>;
}

/**
 * The replicas' shared store (`--store redis://…`) around an exchange's synchronous part: what it
 * reads loaded first, what it changed written before the reply (src/state/redis/redis-state.ts).
 * Null (or absent, in stubs) with the memory store: the exchange runs as it always has.
 */
export interface SharedExchanges {
  readonly shared?: {
    readonly replica: string;
    exchange<T>(reads: StoreReads, run: () => T): Promise<T>;
  } | null;
}

/** Where unexpected errors are reported (never to the client: src/pipeline/failure.ts). */
export interface ErrorReporting {
  readonly log: Logger;
}

/**
 * A response's events delivered to its client (src/pipeline/stream-response.ts): how they are
 * rendered, a stream's keep-alive, and stopping a generation whose client left.
 */
export interface ResponseDelivery {
  readonly config: ResolvedConfig;
  eventOptions(obfuscation: boolean): EventOptions;
  abandon(generation: Generation): void;
}

/**
 * The recording proxy (src/record/): the keys a request would be matched on, a recorded fixture put in
 * force (`--record-mode missing`), and an upstream's response kept locally so a chain can continue.
 */
export interface RecordingServices {
  readonly config: ResolvedConfig;
  matchContextFor(request: CanonicalRequest, options?: RequestOptions): MatchContext;
  addFixtures(value: FixtureInput, source?: string): void;
  storeRecorded(request: CanonicalRequest, response: Record<string, unknown>, events?: Verbatim['events']): ResponseRecord | null;
}

/** What an exchange needs to be journaled and logged: options, time, the log, the journal, request ids. */
export interface ExchangeServices extends SharedExchanges {
  readonly config: ResolvedConfig;
  readonly clock: Clock;
  readonly log: Logger;
  readonly journal: Journal;
  nextRequestId(): string;
}

/** "Copy as fixture" (journal/exchange-fixture.ts): the exchange's record, and what fixtures matched on when it was created. */
export interface ExchangeFixtureServices {
  readonly config: ResolvedConfig;
  readonly journal: Pick<Journal, 'recordOf'>;
  matchContextOfRecord(record: Pick<ResponseRecord, 'request' | 'input' | 'previous'>, options?: RequestOptions): MatchContext;
}

/** What a test does to a running emulator (testing/controls.ts): fixtures, queued faults, the journal, resets. */
export interface TestControlServices {
  useFixtures(value: FixtureInput, source?: string): void;
  resetFixtures(): void;
  addFixtures(value: FixtureInput, source?: string): void;
  failNextRequests(fault: Fault, count?: number): void;
  readonly journal: Pick<Journal, 'list'>;
  reset(): void;
}

/** The admin routes (`/__emulator/`): health counts, the journal, options, reset. */
export interface AdminServices extends SharedExchanges {
  readonly config: ResolvedConfig;
  readonly journal: Journal;
  readonly store: { readonly size: number };
  readonly fixtures: { readonly size: number };
  readonly activeGenerations: number;
  reset(): void;
}
