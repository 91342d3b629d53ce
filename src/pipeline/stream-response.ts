/**
 * Connects a response's events to an HTTP reply: a live stream (POST with stream:true), a resumed
 * or replayed stream (GET ?stream=true&starting_after=N), or a JSON reply that waits for a timed
 * generation to finish. A client that leaves its own generation stops it. Events go out in the
 * caller's dialect (`renderer`); a stream that ended (not one cut short) gets the dialect's terminator.
 */
import type { ReplyChannel } from './context';
import { canonicalStream, type StreamRenderer, type StreamRendering } from '../dialects/dialect';
import type { ResponseDelivery } from '../core/services';
import type { StreamEvent } from '../render/events';
import { eventsFor } from '../render/events';
import type { Generation } from '../state/generation-playback';
import type { ResponseRecord } from '../model/response-record';
import { openSse, type SseWriter } from './sse';

export interface StreamOptions {
  /** Send only events whose sequence_number is greater than this. */
  after: number;
  obfuscation: boolean;
  /** The client owns the generation: when it leaves, generation stops (foreground streams). */
  ownsGeneration: boolean;
  /** The dialect's rendering of the events (default: the canonical OpenAI events). */
  rendering?: StreamRendering;
}

export function streamGeneration(res: ReplyChannel, core: Pick<ResponseDelivery, 'config' | 'abandon'>, generation: Generation, options: StreamOptions): void {
  const sse = openSse(res, core.config.keepAliveMs);
  const renderer = (options.rendering ?? canonicalStream)(generation.record);
  let ended = false;
  const unsubscribe = generation.subscribe(
    {
      event: (e) => writeEvent(sse, renderer, options.obfuscation ? e : withoutObfuscation(e)),
      end: () => {
        ended = true;
        finish(sse, renderer, generation.record);
      },
    },
    options.after,
  );
  res.once('close', () => {
    if (ended) return;
    unsubscribe();
    if (options.ownsGeneration) core.abandon(generation);
  });
  generation.start();
}

/** A finished response's events, re-rendered from the record: identical to the original stream. */
export function replayRecord(res: ReplyChannel, core: Pick<ResponseDelivery, 'eventOptions'>, record: ResponseRecord, options: Omit<StreamOptions, 'ownsGeneration'>): void {
  const sse = openSse(res, 0);
  const renderer = (options.rendering ?? canonicalStream)(record);
  for (const event of eventsFor(record, core.eventOptions(options.obfuscation)).events) {
    if (event.sequence_number > options.after) writeEvent(sse, renderer, event);
  }
  finish(sse, renderer, record);
}

/** A non-streaming reply for a timed generation: sent when it finishes; a client that leaves stops it. */
export function respondWhenDone(res: ReplyChannel, core: Pick<ResponseDelivery, 'abandon'>, generation: Generation, send: () => void): void {
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
    core.abandon(generation);
  });
  generation.start();
}

function writeEvent(sse: SseWriter, renderer: StreamRenderer, event: StreamEvent): void {
  for (const frame of renderer.render(event)) sse.event(frame);
}

/** Ends the stream; one cut short (a dropped connection) gets no terminator. */
function finish(sse: SseWriter, renderer: StreamRenderer, record: ResponseRecord): void {
  if (renderer.terminator !== null && record.interruption?.kind !== 'cut') sse.data(renderer.terminator);
  sse.end();
}

function withoutObfuscation(event: StreamEvent): StreamEvent {
  if (!('obfuscation' in event)) return event;
  const { obfuscation: _dropped, ...rest } = event;
  return rest as StreamEvent;
}
