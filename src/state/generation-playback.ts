/**
 * Drives one response's events through time: each event goes out after its delay (measured against
 * absolute targets, so rounding never accumulates), subscribers receive them as they happen, and
 * late subscribers first catch up on what they missed (stream resumption). Zero delays run
 * synchronously; timed ones wait on the clock all generations share. Aborting cancels the only wait;
 * nothing outlives the generation.
 */
import type { EventList, StreamEvent } from '../model/stream-events';
import type { ResponseRecord } from '../model/response-record';
import { generationClock, type ClockEntry, type EventClock } from './event-clock';

export interface GenerationListener {
  event(event: StreamEvent): void;
  end(): void;
}

export type GenerationState = 'running' | 'finished' | 'aborted';

export class Generation {
  state: GenerationState = 'running';
  private started = false;
  private emitted = 0;
  private timer: ClockEntry | null = null;
  private targets: number[];
  private readonly listeners = new Set<GenerationListener>();
  private startedAt = 0;
  /** Told when it starts (a shared store stamps the start time others replay from); null: nobody listens. */
  onStart: ((generation: Generation) => void) | null = null;

  constructor(
    readonly record: ResponseRecord,
    public list: EventList,
    delays: readonly number[],
    private readonly onStop: (generation: Generation) => void,
    /** Timed events wait on this shared clock (one timer for all generations; see event-clock.ts). */
    private readonly clock: EventClock = generationClock,
  ) {
    let at = 0;
    this.targets = delays.map((d) => (at += d));
  }

  get emittedCount(): number {
    return this.emitted;
  }

  /** Milliseconds from start to the last event. */
  get durationMs(): number {
    return this.targets.length > 0 ? this.targets[this.targets.length - 1] : 0;
  }

  /**
   * Begins emitting (once; later calls do nothing). Attach the first subscribers before. A replica
   * taking over a generation begun elsewhere starts it `alreadyElapsedMs` in: the events already due
   * go out at once, the rest on schedule (past the end, it finishes at once).
   */
  start(alreadyElapsedMs = 0): void {
    if (this.started) return;
    this.started = true;
    this.startedAt = performance.now() - alreadyElapsedMs;
    this.onStart?.(this);
    this.run();
  }

  /**
   * Receives every event after sequence number `after` (already emitted ones at once), then `end()`.
   * Returns the unsubscribe function.
   */
  subscribe(listener: GenerationListener, after = -1): () => void {
    for (let i = Math.max(0, after + 1); i < this.emitted; i++) listener.event(this.list.events[i]);
    if (this.state !== 'running') {
      listener.end();
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Ends at once with `list`, whose first events are the ones already sent (e.g. the same prefix then
   * an `error` event at server shutdown): what remains of it goes out now, then the stream ends.
   */
  endWith(list: EventList): void {
    if (this.state !== 'running') return;
    this.clearTimer();
    this.list = list;
    const now = this.started ? performance.now() - this.startedAt : 0;
    this.targets = list.events.map((_, i) => (i < this.emitted ? this.targets[i] : now));
    if (this.started) this.run();
    else this.start();
  }

  /** Stops generating at once (client gone, or cancelled). The caller records the outcome. */
  abort(): void {
    if (this.state !== 'running') return;
    this.state = 'aborted';
    this.clearTimer();
    this.finish();
  }

  /** `run` bound once, rather than a new closure per timed event. */
  private readonly resume = (): void => this.run();

  private run(): void {
    this.timer = null;
    const events = this.list.events;
    while (this.state === 'running' && this.emitted < events.length) {
      const wait = this.targets[this.emitted] - (performance.now() - this.startedAt);
      if (wait > 0.5) {
        this.timer = this.clock.schedule(wait, this.resume);
        return;
      }
      const event = events[this.emitted++];
      this.advanceStatus(event);
      for (const listener of this.listeners) listener.event(event);
    }
    if (this.state === 'running') {
      this.state = 'finished';
      this.record.status = this.record.outcome.status;
      this.finish();
    }
  }

  private advanceStatus(event: StreamEvent): void {
    if (event.type === 'response.in_progress') this.record.status = 'in_progress';
  }

  private finish(): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    this.onStop(this);
    for (const listener of listeners) listener.end();
  }

  private clearTimer(): void {
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = null;
  }
}
