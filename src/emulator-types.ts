/**
 * The shapes the emulator's core operations take and give (Emulator in src/emulator.ts): per-request
 * options that come from headers, a created response, a compaction.
 */
import type { TimingModel } from './engine/timing';
import type { StreamInterruption } from './faults/stream-interruption';
import type { Generation } from './state/generation-playback';
import type { ResponseRecord } from './model/response-record';

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
  interruption?: StreamInterruption;
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

export interface CreatedResponse {
  record: ResponseRecord;
  /** Present while the response is still being generated (streams, timed responses). */
  generation: Generation | null;
  /** Milliseconds the transport waits before its first byte (a fixture's `slow` fault). */
  delayMs: number;
}

export type { CompactionResult } from './engine/compact-response';
