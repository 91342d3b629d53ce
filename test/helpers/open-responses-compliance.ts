/**
 * The checks of the Open Responses compliance suite (openresponses/openresponses,
 * src/lib/compliance-tests.ts and its stream-order state machine), re-implemented here because the
 * suite is not published on npm: every body and event validated against the specification's schemas
 * (the OpenAPI document in ../shared/reference), event order, and the WebSocket turn protocol.
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { openResponsesOracle } from './oracle';
import { parseSse } from './sse';

type Json = Record<string, unknown>;

/** The 24 streaming event types → their schema names, read from the specification's SSE `oneOf`. */
export function streamingEventSchemas(): Map<string, string> {
  const spec = JSON.parse(readFileSync(openResponsesOracle.path, 'utf8')) as Json;
  const post = ((spec.paths as Json)['/responses'] as Json).post as Json;
  const sse = (((post.responses as Json)['200'] as Json).content as Json)['text/event-stream'] as { schema: { oneOf: { $ref: string }[] } };
  const schemas = (spec.components as { schemas: Record<string, { properties: { type: { enum: string[] } } }> }).schemas;
  const out = new Map<string, string>();
  for (const { $ref } of sse.schema.oneOf) {
    const name = $ref.split('/').pop()!;
    out.set(schemas[name].properties.type.enum[0], name);
  }
  return out;
}

/** Every event must be one of the 24 and valid against its schema (the suite's `streamingSchema`). */
export function schemaErrorsOfEvents(events: Json[]): string[] {
  const byType = streamingEventSchemas();
  const errors: string[] = [];
  for (const event of events) {
    const name = byType.get(String(event.type));
    if (!name) errors.push(`Event validation failed for ${String(event.type)}: not a streaming event of the specification`);
    else errors.push(...openResponsesOracle.errors(name, event).map((e) => `${String(event.type)}: ${e}`));
  }
  return errors;
}

const NEXT_STATE: Record<string, string[]> = {
  idle: ['response.created', 'response.queued', 'response.in_progress', 'response.failed'],
  'response.created': ['response.queued', 'response.in_progress'],
  'response.queued': ['response.in_progress'],
  'response.in_progress': ['response.completed', 'response.failed', 'response.incomplete'],
};
const TERMINAL = new Set(['response.completed', 'response.failed', 'response.incomplete']);

/** The suite's `streamingEventOrder` rules; returns violations as `[RULE] message`. */
export function orderViolations(events: Json[]): string[] {
  const errors: string[] = [];
  let sequence = -1;
  let state = 'idle';
  const items = new Map<string, 'open' | 'done'>();
  const parts = new Map<string, 'open' | 'done'>();
  for (const e of events) {
    const type = String(e.type);
    const seq = Number(e.sequence_number);
    if (!(seq > sequence)) errors.push(`[NON_MONOTONIC_SEQUENCE] ${seq} after ${sequence} (event: '${type}')`);
    sequence = seq;
    if (type.startsWith('response.') && 'response' in e) {
      if (!(NEXT_STATE[state] ?? []).includes(type)) errors.push(`[INVALID_RESPONSE_TRANSITION] (state: '${state}', event: '${type}')`);
      state = type;
      continue;
    }
    if (type === 'response.output_item.added' || type === 'response.output_item.done') {
      const id = String((e.item as Json).id);
      if (type.endsWith('added')) {
        if (items.has(id)) errors.push(`[DUPLICATE_ITEM] ${id}`);
        items.set(id, 'open');
      } else {
        if (items.get(id) !== 'open') errors.push(`[UNKNOWN_ITEM] ${id} (event: '${type}')`);
        items.set(id, 'done');
      }
      continue;
    }
    const itemId = String(e.item_id);
    if (type === 'response.content_part.added' || type === 'response.reasoning_summary_part.added') {
      const key = `${itemId}:${type.includes('summary') ? `s${String(e.summary_index)}` : String(e.content_index)}`;
      if (items.get(itemId) !== 'open') errors.push(`[UNKNOWN_ITEM] ${itemId} (event: '${type}')`);
      if (parts.has(key)) errors.push(`[DUPLICATE_PART] ${key}`);
      parts.set(key, 'open');
    } else if (type === 'response.content_part.done' || type === 'response.reasoning_summary_part.done') {
      const key = `${itemId}:${type.includes('summary') ? `s${String(e.summary_index)}` : String(e.content_index)}`;
      if (parts.get(key) !== 'open') errors.push(`[UNKNOWN_PART] ${key} (event: '${type}')`);
      parts.set(key, 'done');
    } else if (type.startsWith('response.function_call_arguments')) {
      if (items.get(itemId) !== 'open') errors.push(`[UNKNOWN_ITEM] ${itemId} (event: '${type}')`);
    } else if (type !== 'error') {
      // Text, refusal, annotation and reasoning deltas/dones go into an open part of an open item.
      const key = `${itemId}:${type.includes('summary') ? `s${String(e.summary_index)}` : String(e.content_index)}`;
      if (items.get(itemId) !== 'open' || parts.get(key) !== 'open') errors.push(`[PART_NOT_OPEN] ${key} (event: '${type}')`);
    }
  }
  if (!TERMINAL.has(state)) errors.push(`[RESPONSE_NOT_TERMINATED] (state: '${state}')`);
  for (const [id, s] of items) if (s !== 'done') errors.push(`[ITEM_NOT_TERMINATED] ${id}`);
  for (const [key, s] of parts) if (s !== 'done') errors.push(`[CONTENT_PART_NOT_TERMINATED] ${key}`);
  return errors;
}

export interface SseResult {
  status: number;
  headers: Headers;
  events: Json[];
  /** The `.response` of the last terminal event (what the suite validates as the final response). */
  final: Json | null;
  frames: { event: string | undefined; data: string }[];
  raw: string;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Json }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer test-key', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

export async function postSse(url: string, body: Json, headers: Record<string, string> = {}): Promise<SseResult> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer test-key', ...headers }, body: JSON.stringify({ ...body, stream: true }) });
  const raw = await res.text();
  const { frames, events } = parseSse(raw);
  return { status: res.status, headers: res.headers, events, final: terminalResponse(events), frames, raw };
}

export function terminalResponse(events: Json[]): Json | null {
  const last = [...events].reverse().find((e) => TERMINAL.has(String(e.type)));
  return (last?.response as Json | undefined) ?? null;
}

export interface WsTurn {
  events: Json[];
  final: Json | null;
  errorCode: string | null;
  /** Why the turn ended abnormally (timeout, close, [DONE] before a terminal event). */
  failure: string | null;
}

/** One WebSocket connection, run turn by turn as the suite does (a turn ends at a terminal event or an error). */
export class WsSession {
  private constructor(private readonly ws: WebSocket) {}

  static open(url: string, headers: Record<string, string> = { authorization: 'Bearer test-key' }): Promise<WsSession> {
    const ws = new WebSocket(url, { headers: { 'content-type': 'application/json', ...headers } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsSession(ws)));
      ws.once('error', reject);
    });
  }

  /** One turn, to its terminal event (no timer: a hang is caught by the test runner's timeout). */
  turn(body: Json): Promise<WsTurn> {
    return new Promise((resolve) => {
      const turn: WsTurn = { events: [], final: null, errorCode: null, failure: null };
      const finish = (): void => {
        this.ws.off('message', onMessage);
        this.ws.off('close', onClose);
        resolve(turn);
      };
      const onMessage = (data: WebSocket.RawData): void => {
        const text = data.toString();
        if (text === '[DONE]') {
          if (!turn.final && !turn.errorCode) turn.failure = 'Received [DONE] before a terminal WebSocket event';
          return finish();
        }
        const event = JSON.parse(text) as Json;
        turn.events.push(event);
        if (TERMINAL.has(String(event.type))) {
          turn.final = event.response as Json;
          return finish();
        }
        const code = (event.error as Json | undefined)?.code;
        if (event.type === 'error' || typeof code === 'string') {
          turn.errorCode = typeof code === 'string' ? code : null;
          return finish();
        }
      };
      const onClose = (): void => {
        turn.failure = 'WebSocket closed before a terminal response event';
        finish();
      };
      this.ws.on('message', onMessage);
      this.ws.once('close', onClose);
      this.ws.send(JSON.stringify(body));
    });
  }

  close(): void {
    this.ws.close();
  }
}
