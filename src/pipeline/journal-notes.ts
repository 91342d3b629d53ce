/**
 * How the pipeline tells the request journal what happened to an exchange: its ExchangeLog (opened on
 * arrival, kept in `locals.exchange`) hears of the body, the first byte, the reply, events, who
 * answered. Each helper is a no-op for exchanges that are not journaled (the admin pages).
 */
import type { AnsweredBy, JournalEntry } from '../journal/journal';
import type { ExchangeLog } from '../journal/exchange-log';
import type { ResponseRecord } from '../model/response-record';
import type { RequestParsing } from '../core/services';
import { UNKNOWN_PARAMS_HEADER, unknownParamsPolicyFor, type UnknownParamsPolicy } from '../validation/unknown-params';
import type { ReplyChannel } from './context';

export function exchangeOf(res: ReplyChannel): ExchangeLog | undefined {
  return res.locals.exchange;
}

/** The request's JSON body has been read: the journal shows it from now on (a running stream too). */
export function noteRequestBody(res: ReplyChannel, body: unknown): void {
  exchangeOf(res)?.requestBody(body);
}

/** The reply's first byte is going out now. */
export function noteFirstByte(res: ReplyChannel): void {
  exchangeOf(res)?.firstByte();
}

/** The reply's JSON body; `text` is that body as sent, when the caller has it. */
export function noteJsonBody(res: ReplyChannel, body: unknown, text?: string): void {
  exchangeOf(res)?.body(body, text);
}

export function noteEvent(res: ReplyChannel, event: unknown): void {
  exchangeOf(res)?.event(event);
}

/** Who answered (null: unchanged), and the fixture, fault or response id involved. */
export function noteAnswer(res: ReplyChannel, answeredBy: AnsweredBy | null, details: Partial<Pick<JournalEntry, 'fixture' | 'fault' | 'responseId'>> = {}): void {
  exchangeOf(res)?.answer(answeredBy, details);
}

/** How this request's body treats unknown parameters (`--unknown-params`). */
export function unknownParamsPolicy(core: Pick<RequestParsing, 'config'>, res: ReplyChannel): UnknownParamsPolicy {
  return unknownParamsPolicyFor(core.config.unknownParams, res, noteUnknownParams);
}

/** Parameters dropped from the request (`--unknown-params warn`): named in a header and the journal. */
export function noteUnknownParams(res: ReplyChannel, paths: readonly string[]): void {
  if (!res.headersSent) res.setHeader(UNKNOWN_PARAMS_HEADER, unknownParamsHeader(paths));
  exchangeOf(res)?.unknownParams(paths);
}

/** The longest header value written; past it the list ends with `+N` (the journal keeps every path). */
export const MAX_UNKNOWN_PARAMS_HEADER = 2048;

/**
 * The paths, comma-separated, as a valid header value: anything but visible ASCII (and `%`, `,`, `+`) is
 * percent-encoded as UTF-8, so a parameter named in any script can neither break the reply nor the list.
 */
export function unknownParamsHeader(paths: readonly string[]): string {
  const encoded = paths.map((p) => p.replace(/[^\x21-\x7e]|[%,+]/gu, (c) => [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')));
  let value = '';
  for (let i = 0; i < encoded.length; i++) {
    const next = value === '' ? encoded[i] : `${value},${encoded[i]}`;
    if (next.length > MAX_UNKNOWN_PARAMS_HEADER) return `${value}${value === '' ? '' : ','}+${encoded.length - i}`;
    value = next;
  }
  return value;
}

export function noteCreated(res: ReplyChannel, record: ResponseRecord): void {
  exchangeOf(res)?.created(record);
}

/** Node's header object (names already lower-cased) as plain strings, repeated headers joined. */
export function flatHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
