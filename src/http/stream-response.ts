/**
 * Connects a response's events to an HTTP reply: a live stream (POST with stream:true), a resumed
 * or replayed stream (GET ?stream=true&starting_after=N), or a JSON reply that waits for a timed
 * generation to finish. A client that leaves its own generation stops it.
 */
import type { Response } from 'express';
import type { Emulator } from '../emulator';
import type { StreamEvent } from '../render/events';
import { eventsFor } from '../render/events';
import type { Generation } from '../state/generation';
import type { ResponseRecord } from '../state/response-record';
import { openSse } from './sse';

export interface StreamOptions {
  /** Send only events whose sequence_number is greater than this. */
  after: number;
  obfuscation: boolean;
  /** The client owns the generation: when it leaves, generation stops (foreground streams). */
  ownsGeneration: boolean;
}

export function streamGeneration(res: Response, emulator: Emulator, generation: Generation, options: StreamOptions): void {
  const sse = openSse(res, emulator.config.keepAliveMs);
  let ended = false;
  const unsubscribe = generation.subscribe(
    {
      event: (e) => sse.event(options.obfuscation ? e : withoutObfuscation(e)),
      end: () => {
        ended = true;
        sse.end();
      },
    },
    options.after,
  );
  res.once('close', () => {
    if (ended) return;
    unsubscribe();
    if (options.ownsGeneration) emulator.abandon(generation);
  });
  generation.start();
}

/** A finished response's events, re-rendered from the record: identical to the original stream. */
export function replayRecord(res: Response, emulator: Emulator, record: ResponseRecord, options: Omit<StreamOptions, 'ownsGeneration'>): void {
  const sse = openSse(res, 0);
  for (const event of eventsFor(record, emulator.eventOptions(options.obfuscation)).events) {
    if (event.sequence_number > options.after) sse.event(event);
  }
  sse.end();
}

/** A non-streaming reply for a timed generation: sent when it finishes; a client that leaves stops it. */
export function respondWhenDone(res: Response, emulator: Emulator, generation: Generation, send: () => void): void {
  let ended = false;
  const unsubscribe = generation.subscribe({
    event: () => undefined,
    end: () => {
      ended = true;
      if (!res.destroyed) send();
    },
  });
  res.once('close', () => {
    if (ended) return;
    unsubscribe();
    emulator.abandon(generation);
  });
  generation.start();
}

function withoutObfuscation(event: StreamEvent): StreamEvent {
  if (!('obfuscation' in event)) return event;
  const { obfuscation: _dropped, ...rest } = event;
  return rest as StreamEvent;
}
