/**
 * Reads what a client actually sent and got, from the emulator's request journal: the client tests
 * check the wire as well as what the client made of it.
 */
import type { RunningEmulator } from '../../src/index';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Exchange {
  /** The request body the client sent. */
  body: Json;
  /** The Response the client was given: the JSON body, or the one a stream's terminal event carried. */
  response: Json;
  /** A stream's event types in order (empty for a JSON answer). */
  eventTypes: string[];
}

/** Every `POST /v1/responses` since the last reset, oldest first. */
export function responsesExchanges(emulator: RunningEmulator): Exchange[] {
  return emulator
    .requests({ method: 'POST', path: '/v1/responses' })
    .filter((entry) => entry.path === '/v1/responses')
    .reverse()
    .map((entry) => {
      const events = entry.events.map((e) => e.event as Json);
      const terminal = events.find((e) => ['response.completed', 'response.incomplete', 'response.failed'].includes(e.type));
      return {
        body: entry.request.body as Json,
        response: (terminal ? terminal.response : entry.response?.body) as Json,
        eventTypes: events.map((e) => e.type as string),
      };
    });
}

/** The `function_call_output` items a request body sent back. */
export function functionOutputs(body: Json): Json[] {
  return (Array.isArray(body.input) ? body.input : []).filter((item: Json) => item.type === 'function_call_output');
}
