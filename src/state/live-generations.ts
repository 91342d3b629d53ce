/**
 * The responses being generated right now: each one's events played out over time by a Generation,
 * and the ways they end early (a client gone, a cancel, a shutdown). A response is settled (its
 * conversation gets the turn) when its generation stops.
 */
import { unixSeconds } from '../clock';
import { eventsFor, type EventOptions } from '../render/events';
import { interruptRecord } from '../render/partial-outcome';
import { renderResponse } from '../render/response';
import { eventDelays, recordedDelays, type TimingModel } from '../engine/timing';
import { Rng } from '../random';
import { Generation } from './generation-playback';
import type { Interruption, ResponseRecord } from '../model/response-record';

/** What a shared store (`--store redis://…`) hears of generations; see src/state/redis/shared-generations.ts. */
export interface GenerationHooks {
  /** begin() made a generation (its schedule is stamped for other replicas). */
  begun(generation: Generation, nowMs: number, timing: TimingModel): void;
  /** Its response started generating (`queued` → `in_progress`): another replica polling it sees it progress. */
  progressed(record: ResponseRecord): void;
}

export class LiveGenerations {
  private readonly running = new Map<string, Generation>();
  /** True while every generation is stopped because this process stops (a shutdown, a reset). */
  private closing = false;

  constructor(
    private readonly config: { chunkTokens: number; replaySpeed: number },
    /** Called once a generation stops, with its response's final state; `closing` when this process stopped it (shutdown, reset). */
    private readonly onStop: (record: ResponseRecord, closing: boolean) => void,
    /** A shared store's hooks; null with the memory store (nobody listens). */
    private readonly hooks: GenerationHooks | null = null,
  ) {}

  /** Events are rendered with the configured chunk size; obfuscation is the client's choice. */
  eventOptions(obfuscation: boolean): EventOptions {
    return { obfuscation, chunkTokens: this.config.chunkTokens };
  }

  /**
   * A Generation for a created response (start it once subscribers are attached): its events, cut
   * short by `interruption`, with delays from the recording or the timing model. `nowMs` is the
   * creation time, from which the completion time is reckoned.
   */
  begin(record: ResponseRecord, nowMs: number, timing: TimingModel, interruption: Interruption | undefined): Generation {
    const verbatim = record.verbatim;
    const eventOptions = this.eventOptions(record.request.include_obfuscation);
    if (interruption) interruptRecord(record, interruption, eventOptions);
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
      this.running.delete(g.record.id);
      this.onStop(g.record, this.closing);
    });
    this.running.set(record.id, generation);
    const { hooks } = this;
    if (hooks) {
      hooks.begun(generation, nowMs, timing);
      generation.subscribe({ event: (event) => void (event.type === 'response.in_progress' && hooks.progressed(generation.record)), end: () => undefined });
    }
    return generation;
  }

  /** The running generation of a response, if it is still being generated. */
  get(id: string): Generation | undefined {
    return this.running.get(id);
  }

  /** The ids of the responses generating now. */
  ids(): string[] {
    return [...this.running.keys()];
  }

  has(id: string): boolean {
    return this.running.has(id);
  }

  /** How many responses are generating right now (a leak shows up here). */
  get size(): number {
    return this.running.size;
  }

  /** Stops a generation that nobody will receive (client gone): the response ends `cancelled` with what was produced. */
  abandon(generation: Generation): void {
    if (generation.state !== 'running') return;
    // The outcome is settled before listeners hear the end, so anything they render is final.
    interruptRecord(generation.record, { kind: 'cancelled', after: generation.emittedCount }, this.eventOptions(generation.record.request.include_obfuscation));
    generation.record.status = 'cancelled';
    generation.abort();
  }

  /** Stops every running generation at once; their responses end cancelled. */
  abandonAll(): void {
    this.closing = true;
    try {
      for (const generation of [...this.running.values()]) this.abandon(generation);
    } finally {
      this.closing = false;
    }
  }

  /** Each response still generating ends now with an `error` event (and `failed`) carrying `message`. */
  endAll(message: string): void {
    this.closing = true;
    try {
      for (const generation of [...this.running.values()]) {
        const options = this.eventOptions(generation.record.request.include_obfuscation);
        interruptRecord(generation.record, { kind: 'error', after: generation.emittedCount, message }, options);
        generation.endWith(eventsFor(generation.record, options));
      }
    } finally {
      this.closing = false;
    }
  }
}
