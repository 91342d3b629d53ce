/**
 * One exchange being written into the journal, whatever the transport (HTTP, WebSocket): opened on
 * arrival, so the inspector sees requests in flight; filled in as the reply goes out (its body, or
 * each event with its time); closed with its status. Closing also writes the exchange's log line.
 * The request body is kept as soon as it has been read, so a running stream shows it too.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ExchangeServices } from '../core/services';
import { carriesCredentials, journaledHeaders, redactedReplyHeaders, redactEcho, redactFields, type HeaderSource } from '../redact';
import type { ResponseRecord } from '../model/response-record';
import { boundedCopy, journalBody, type AnsweredBy, type JournalEntry, type JournalSlot } from './journal';
import { inputPreview, modelOf } from './request-summary';


export class ExchangeLog {
  readonly entry: JournalEntry;
  /** The entry's place in the journal (whether it is still kept). */
  private readonly slot: JournalSlot;
  private readonly started = performance.now();
  private bodyKept = false;

  constructor(
    private readonly core: ExchangeServices,
    id: string,
    method: string,
    /** Path and query, secrets already redacted. */
    path: string,
    /** The headers as they arrived (Node's object): the entry keeps them redacted. */
    headers: IncomingHttpHeaders,
    dialect: string,
  ) {
    const { config } = core;
    const nowMs = core.clock.nowMs();
    this.entry = {
      id,
      at: isoTime(nowMs),
      method,
      path,
      dialect,
      testId: testIdOf(headers[config.testIdHeader]),
      model: null,
      inputPreview: null,
      status: null,
      answeredBy: 'emulator',
      fixture: null,
      fault: null,
      responseId: null,
      unknownParams: null,
      durationMs: null,
      firstByteMs: null,
      request: { headers: journaledHeaders(headers, config.redactHeaders), body: null },
      response: null,
      events: [],
      open: true,
    };
    // Set apart rather than spread into the literal: a spread makes every entry's creation a generic copy.
    if (core.shared) this.entry.replica = core.shared.replica;
    this.slot = core.journal.add(this.entry);
  }

  /**
   * The request body, once read (a JSON body parsed, a WebSocket frame received): kept redacted and
   * bounded, with the model and input preview the list shows. The first call wins: what the journal
   * shows is the body as it arrived.
   */
  requestBody(body: unknown): void {
    if (this.keepBody(body)) this.core.journal.updated(this.entry);
  }

  private keepBody(body: unknown): boolean {
    if (this.bodyKept || body === undefined) return false;
    this.bodyKept = true;
    const e = this.entry;
    e.request.body = boundedCopy(redactFields(body, this.core.config.redactFields));
    e.model = modelOf(e.request.body);
    e.inputPreview = inputPreview(e.request.body);
    return true;
  }

  firstByte(): void {
    if (this.entry.firstByteMs === null) this.entry.firstByteMs = this.elapsed();
  }

  /**
   * The reply's JSON body. `text`, when given, is that body exactly as it was sent: the journal keeps
   * it instead of a copy and parses it only if someone reads the entry. A Response echoes request
   * fields, so --redact-fields applies to it too (then it is copied, redacted, at once).
   */
  body(body: unknown, text?: string): void {
    const headers = this.entry.response?.headers ?? {};
    const paths = this.core.config.redactFields;
    const echo = body !== null && typeof body === 'object' && 'response' in body ? (body as { response: unknown }).response : body;
    this.entry.response = text === undefined || paths.length > 0 || carriesCredentials(echo) ? { headers, body: boundedCopy(redactEcho(body, paths)) } : journalBody(headers, text);
  }

  /** One event of a stream, with its time since the request arrived. */
  event(event: unknown): void {
    this.firstByte();
    this.core.journal.addEvent(this.slot, this.elapsed(), redactEcho(event, this.core.config.redactFields));
  }

  /** Who answered (null: unchanged), and the fixture, fault or response id involved. */
  answer(answeredBy: AnsweredBy | null, details: Partial<Pick<JournalEntry, 'fixture' | 'fault' | 'responseId'>> = {}): void {
    if (answeredBy !== null) this.entry.answeredBy = answeredBy;
    Object.assign(this.entry, details);
  }

  /** Parameters dropped from the request because the emulator does not know them (`--unknown-params warn`). */
  unknownParams(noted: readonly string[]): void {
    // Once each: with a shared store an exchange's endpoint may run twice (src/state/reservations.ts).
    const paths = noted.filter((path) => !this.entry.unknownParams?.includes(path));
    if (paths.length === 0) return;
    this.entry.unknownParams = [...(this.entry.unknownParams ?? []), ...paths];
    this.core.journal.updated(this.entry);
    this.core.log.warn({ request_id: this.entry.id, unknown_params: paths }, `unknown parameters ignored: ${paths.join(', ')}`);
  }

  /** A created response: its fixture or synthesis, and its id (the record is kept for "copy as fixture"). */
  created(record: ResponseRecord): void {
    this.core.journal.attachRecord(this.slot, record);
    const a = record.answeredBy;
    if (a.kind === 'fixture') this.answer('fixture', { fixture: { name: a.name, source: a.source }, responseId: record.id });
    else this.answer(a.kind, { responseId: record.id });
  }

  /**
   * Closes the entry; `status` null when no reply was given (a dropped connection, a hang).
   * `reply`: the reply whose headers were sent, read now (absent when none were).
   */
  finish(status: number | null, requestBody: unknown, reply?: HeaderSource): void {
    const e = this.entry;
    if (!e.open) return;
    e.open = false;
    e.durationMs = this.elapsed();
    this.keepBody(requestBody ?? null);
    e.status = status;
    if (reply) {
      const headers = redactedReplyHeaders(reply, this.core.config.redactHeaders);
      if (e.response) e.response.headers = headers;
      else e.response = { headers, body: null };
    }
    if (status !== null && status >= 400 && e.answeredBy === 'emulator') e.answeredBy = 'error';
    this.core.journal.updated(e);
    this.core.log.exchange(e);
  }

  private elapsed(): number {
    return Math.round((performance.now() - this.started) * 10) / 10;
  }
}

/** The test id header's value as sent (a repeated header joined, as Node joins most). */
function testIdOf(value: string | string[] | undefined): string | null {
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The ISO time of a clock reading; the last one is remembered, since under load many exchanges
 * arrive within the same millisecond (and a fixed clock gives every exchange the same time).
 */
let lastIsoMs = Number.NaN;
let lastIso = '';
function isoTime(ms: number): string {
  if (ms !== lastIsoMs) {
    lastIso = new Date(ms).toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}
