/**
 * The emulator's core: dialect-free operations over the store and the engine. HTTP routes (and, later,
 * WebSocket and in-process transports) parse a dialect's request into a CanonicalRequest, call these,
 * and render the result in their dialect.
 */
import type { GenericItem } from './canonical/items';
import type { CanonicalRequest } from './canonical/request';
import { systemClock, fixedClock, unixSeconds, type Clock } from './clock';
import type { ResolvedConfig } from './config';
import { contentKey } from './engine/content-key';
import { countInputTokens } from './engine/input-tokens';
import { planResponse } from './engine/planner';
import { tokenizerForModel, warmUpTokenizers } from './engine/tokenizer';
import { invalidRequest, notFound } from './errors';
import { IdFactory, requestId } from './ids';
import { Rng, seedOf } from './random';
import { assignInputItemIds, resolveItemReferences } from './state/input-items';
import { contextAfter, type ResponseRecord } from './state/response-record';
import { ResponseStore } from './state/response-store';
import { SchemaRegistry } from './validation/schema-registry';

/** Per-request knobs that come from headers rather than the body. */
export interface RequestOptions {
  /** Overrides the global seed for this request (header `x-emulator-seed`). */
  seed?: string;
}

const WARM_SCHEMAS = ['openai/create-response.json', 'openai/token-counts-body.json'];

/** Identical requests are counted so that each gets fresh ids; the counter table is cleared at this size. */
const MAX_TRACKED_REQUESTS = 100_000;

export class Emulator {
  readonly clock: Clock;
  readonly store: ResponseStore;
  private readonly occurrences = new Map<string, number>();
  private requestIds: Rng;

  constructor(
    readonly config: ResolvedConfig,
    readonly schemas: SchemaRegistry = SchemaRegistry.load(),
  ) {
    this.clock = config.fixedTimeMs === null ? systemClock : fixedClock(config.fixedTimeMs);
    this.store = new ResponseStore(config.maxStoredResponses);
    this.requestIds = new Rng(seedOf(config.seed, 'request-ids'));
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

  createResponse(request: CanonicalRequest, options: RequestOptions = {}): ResponseRecord {
    const seed = options.seed ?? this.config.seed;
    const previous = this.previousRecord(request);
    const history = previous ? contextAfter(previous) : [];
    const input = resolveItemReferences(request.input, (id) => this.store.findItem(id));
    const key = contentKey(request, [...history, ...input]);

    // Ids depend on how many times this exact request was seen, so repeats get distinct ids while
    // a re-run of the same test sequence gets the same ones.
    const ids = new IdFactory(new Rng(seedOf(seed, 'ids', key, this.nextOccurrence(seed + key))));
    const id = ids.next('response');
    const storedInput = assignInputItemIds(input, ids);
    const plan = planResponse({ request, history, input: storedInput, rng: new Rng(seedOf(seed, 'content', key)), ids });

    const now = unixSeconds(this.clock);
    const record: ResponseRecord = {
      id,
      created_at: now,
      completed_at: now,
      status: plan.status,
      request,
      input: storedInput,
      plan,
      previous,
    };
    if (request.store) this.store.add(record);
    return record;
  }

  /** The exact `usage.input_tokens` that POST /responses would report for the same body. */
  countInputTokens(request: CanonicalRequest): number {
    const previous = this.previousRecord(request);
    const history: GenericItem[] = previous ? contextAfter(previous) : [];
    const input = resolveItemReferences(request.input, (id) => this.store.findItem(id));
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

  /** Forgets every stored response and repeat counter, as a fresh start would. */
  reset(): void {
    this.store.clear();
    this.occurrences.clear();
    this.requestIds = new Rng(seedOf(this.config.seed, 'request-ids'));
  }

  private previousRecord(request: CanonicalRequest): ResponseRecord | null {
    if (!request.previous_response_id) return null;
    const previous = this.store.get(request.previous_response_id);
    if (!previous) {
      throw invalidRequest(
        `Previous response with id '${request.previous_response_id}' not found.`,
        'previous_response_id',
        'previous_response_not_found',
      );
    }
    return previous;
  }

  private nextOccurrence(key: string): number {
    if (this.occurrences.size >= MAX_TRACKED_REQUESTS) this.occurrences.clear();
    const n = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, n);
    return n;
  }
}
