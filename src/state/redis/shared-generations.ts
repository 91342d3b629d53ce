/**
 * Responses still generating, across replicas (`--store redis://…`): background jobs, resumed streams
 * and cancels work through any replica, and a job whose replica died is finished by the next one asked.
 *
 * A generation's events and delays are a pure function of its record and timing model, so any
 * replica can play it from the same start time. The replica that begins one stamps its schedule on
 * the record (GenerationSchedule: the start time on the wall clock replicas share, the timing model,
 * the creation time), written with it. A replica that loads a stored response still generating, and
 * does not play it, adopts it: it begins the same generation and starts it as far in as the time
 * elapsed since its start (GET polls see its status by time, `GET ?stream=true&starting_after=N`
 * follows it live, a cancel stops it). There is no polling loop: a job is played where it is asked for.
 *
 * Its end is written like any generation's, and the first terminal state written wins (the store's
 * script keeps a stored terminal status and publishes who ended: src/state/redis/scripts.ts). A
 * replica playing a response that ended elsewhere ends its own copy the same way (told on the
 * `finished` channel, or seeing it when it loads the response): a cancel is a cancel here too.
 * A replica that stops (shutdown, reset) does not end the fleet's jobs: it stops its copies unwritten.
 *
 * One race is left: a cancel whose response's completion is written elsewhere between the cancel's
 * load and its write answers `cancelled`, while the completion stands (every later read says so).
 */
import type { GenerationSchedule, ResponseRecord } from '../../model/response-record';
import type { TimingModel } from '../../engine/timing';
import { eventsFor } from '../../render/events';
import type { Generation } from '../generation-playback';
import type { GenerationHooks, LiveGenerations } from '../live-generations';
import type { ResponseStore } from '../response-store';
import { sharedClock } from './rate-limits';

/** What a shared store needs of the generations here (src/state/redis/redis-state.ts). */
export interface LiveCopies {
  isLive(id: string): boolean;
  /** The responses playing here (re-checked against the store when its end messages may have been missed). */
  liveIds(): string[];
  /** A response playing here is terminal in the shared store (`stored`): its copy here ends with that state. */
  endedElsewhere(id: string, stored: Omit<ResponseRecord, 'previous'>): void;
  /** A stored response still generating that nobody here plays: play it from its schedule. */
  adopt(record: ResponseRecord): void;
}

export class SharedGenerations implements GenerationHooks, LiveCopies {
  private generations: LiveGenerations | null = null;
  /** Responses this replica plays that another began (their progress is not written again from here). */
  private readonly adopted = new Set<string>();
  /** Responses whose copy here ended because the shared store says they ended: nothing to write. */
  private readonly endedFromStore = new Set<string>();
  private adopting = false;

  constructor(
    private readonly deps: {
      store: ResponseStore;
      /** A turn that ended gives its conversation the turn (a response not stored: see `stopped`). */
      settle(record: ResponseRecord): void;
      /** Drops what was told of a record and not written yet (a copy stopped unwritten). */
      withdraw(record: ResponseRecord): void;
      /** Writes a generation's end to the shared store (first end wins; its conversation's turn with it). */
      writeEnd(record: ResponseRecord): void;
    },
  ) {}

  attach(generations: LiveGenerations): void {
    this.generations = generations;
  }

  begun(generation: Generation, nowMs: number, timing: TimingModel): void {
    // Only a stored response can be found by another replica.
    if (this.adopting || !generation.record.request.store) return;
    // Stamped now (written with the response), again when it really starts (it may wait for its client, a delay).
    const schedule: GenerationSchedule = { startedAt: sharedClock(), timing, createdMs: nowMs };
    generation.record.schedule = schedule;
    generation.onStart = () => {
      schedule.startedAt = sharedClock();
      this.deps.store.updated(generation.record);
    };
  }

  progressed(record: ResponseRecord): void {
    if (!this.adopted.has(record.id)) this.deps.store.updated(record);
  }

  isLive(id: string): boolean {
    return this.generations!.has(id);
  }

  liveIds(): string[] {
    return this.generations!.ids();
  }

  adopt(record: ResponseRecord): void {
    const schedule = record.schedule!;
    this.adopting = true;
    let generation: Generation;
    try {
      generation = this.generations!.begin(record, schedule.createdMs, schedule.timing, record.interruption ?? undefined);
    } finally {
      this.adopting = false;
    }
    this.adopted.add(record.id);
    generation.start(Math.max(0, sharedClock() - schedule.startedAt));
  }

  endedElsewhere(id: string, stored: Omit<ResponseRecord, 'previous'>): void {
    const generation = this.generations!.get(id);
    if (!generation || generation.state !== 'running') return;
    const { record } = generation;
    record.outcome = stored.outcome;
    record.interruption = stored.interruption;
    this.endedFromStore.add(id);
    if (stored.status === 'cancelled') {
      // As a cancel here: its clients' streams end where they are.
      record.status = 'cancelled';
      return generation.abort();
    }
    // Ended a moment earlier elsewhere (clocks a few ms apart): what is left goes out now.
    generation.endWith(eventsFor(record, this.generations!.eventOptions(record.request.include_obfuscation)));
  }

  /** A generation here stopped: its end is written (once, first terminal write wins), unless it is the fleet's job going on elsewhere. */
  stopped(record: ResponseRecord, closing: boolean): void {
    const adopted = this.adopted.delete(record.id);
    if (this.endedFromStore.delete(record.id)) return;
    const { store } = this.deps;
    const stored = store.get(record.id) === record;
    if (closing && stored && (adopted || record.request.background)) {
      // This process stops, the job does not: another replica finishes it when asked.
      this.deps.withdraw(record);
      store.forget(record.id);
      return;
    }
    // A stored response's end is written with its conversation's turn in one script, even when this
    // replica's store no longer holds it (evicted, or dropped after a delete elsewhere): the script
    // writes it only if no other end was, and gives the turn once. A response not stored is nobody
    // else's: its turn is given here.
    if (record.request.store) this.deps.writeEnd(record);
    else this.deps.settle(record);
  }
}
