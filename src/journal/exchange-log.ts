/**
 * One exchange being written into the journal, whatever the transport (HTTP, WebSocket): opened on
 * arrival, so the inspector sees requests in flight; filled in as the reply goes out (its body, or
 * each event with its time); closed with its status. Closing also writes the exchange's log line.
 * The request body is kept as soon as it has been read, so a running stream shows it too.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ExchangeServices } from '../core/services';
import { carriesCredentials, journaledHeaders, keptReplyHeaders, redactedKeptHeaders, redactEcho, redactFields, type HeaderSource, type KeptHeaders } from '../redact';
import type { ResponseRecord } from '../model/response-record';
import { boundedCopy, journalBody, MAX_LAZY_TEXT, type AnsweredBy, type EntryParts, type JournalEntry, type JournalSlot } from './journal';
import { inputPreview, modelOf } from './request-summary';


export class ExchangeLog implements EntryParts {
  private readonly e: JournalEntry;
  /** The entry's place in the journal (whether it is still kept, whether it has been read). */
  private readonly slot: JournalSlot;
  private readonly started = performance.now();
  private bodyKept = false;
  /**
   * What the entry shows, kept raw until it is first read (`reveal`): the arrival time, the request's
   * headers as they arrived and the redaction list then, whether the model and input preview are
   * still to be read from the kept body, the reply's headers as sent, the reply body's text as sent.
   */
  private readonly arrivedMs: number;
  private arrivedHeaders: IncomingHttpHeaders | null;
  private readonly redactHeaders: readonly string[];
  private summaryPending = false;
  private sentHeaders: KeptHeaders | null = null;
  private sentText: string | null = null;

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
    this.arrivedMs = core.clock.nowMs();
    this.arrivedHeaders = headers;
    this.redactHeaders = config.redactHeaders;
    this.e = {
      id,
      // The time and headers are written by `reveal` (before anyone reads the entry); a placeholder keeps the key order.
      at: '',
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
      request: { headers: NOT_YET, body: null },
      response: null,
      events: [],
      open: true,
    };
    // Set apart rather than spread into the literal: a spread makes every entry's creation a generic copy.
    if (core.shared) this.e.replica = core.shared.replica;
    this.slot = core.journal.add(this.e, this);
  }

  /** The entry as readers see it (worked out in full, as the journal hands it out). */
  get entry(): JournalEntry {
    return this.slot.shownEntry();
  }

  /** The test id the request carried (null: none). */
  get testId(): string | null {
    return this.e.testId;
  }

  /** Writes what was kept raw into the entry: exactly what it would have shown written at once. */
  reveal(): void {
    const e = this.e;
    e.at = isoTime(this.arrivedMs);
    if (this.arrivedHeaders !== null) e.request.headers = journaledHeaders(this.arrivedHeaders, this.redactHeaders);
    this.arrivedHeaders = null;
    if (this.summaryPending) this.summarize();
    if (this.sentHeaders !== null) e.response!.headers = redactedKeptHeaders(this.sentHeaders, this.redactHeaders);
    this.sentHeaders = null;
    if (this.sentText !== null) e.response = journalBody(e.response!.headers, this.sentText);
    this.sentText = null;
  }

  /**
   * The request body, once read (a JSON body parsed, a WebSocket frame received): kept redacted and
   * bounded, with the model and input preview the list shows. The first call wins: what the journal
   * shows is the body as it arrived.
   */
  requestBody(body: unknown): void {
    if (this.keepBody(body)) this.core.journal.updated(this.slot);
  }

  private keepBody(body: unknown): boolean {
    if (this.bodyKept || body === undefined) return false;
    this.bodyKept = true;
    this.e.request.body = boundedCopy(redactFields(body, this.core.config.redactFields));
    // Read from the journal's own copy, which nothing else changes: the same whenever it is read.
    if (this.slot.shown) this.summarize();
    else this.summaryPending = true;
    return true;
  }

  private summarize(): void {
    const e = this.e;
    e.model = modelOf(e.request.body);
    e.inputPreview = inputPreview(e.request.body);
    this.summaryPending = false;
  }

  firstByte(): void {
    if (this.e.firstByteMs === null) this.e.firstByteMs = this.elapsed();
  }

  /**
   * The reply's JSON body. `text`, when given, is that body exactly as it was sent: the journal keeps
   * it instead of a copy and parses it only if someone reads the entry. A Response echoes request
   * fields, so --redact-fields applies to it too (then it is copied, redacted, at once).
   */
  body(body: unknown, text?: string): void {
    const e = this.e;
    const headers = e.response?.headers ?? {};
    const paths = this.core.config.redactFields;
    const echo = body !== null && typeof body === 'object' && 'response' in body ? (body as { response: unknown }).response : body;
    this.sentText = null;
    if (text === undefined || paths.length > 0 || carriesCredentials(echo)) e.response = { headers, body: boundedCopy(redactEcho(body, paths)) };
    else if (this.slot.shown || text.length > MAX_LAZY_TEXT) e.response = journalBody(headers, text);
    else {
      // The text is kept as it is until the entry is read (then as journalBody keeps it).
      e.response = { headers, body: null };
      this.sentText = text;
    }
  }

  /** One event of a stream, with its time since the request arrived. */
  event(event: unknown): void {
    this.firstByte();
    this.core.journal.addEvent(this.slot, this.elapsed(), redactEcho(event, this.core.config.redactFields));
  }

  /** Who answered (null: unchanged), and the fixture, fault or response id involved. */
  answer(answeredBy: AnsweredBy | null, details: Partial<Pick<JournalEntry, 'fixture' | 'fault' | 'responseId'>> = {}): void {
    if (answeredBy !== null) this.e.answeredBy = answeredBy;
    Object.assign(this.e, details);
  }

  /** Parameters dropped from the request because the emulator does not know them (`--unknown-params warn`). */
  unknownParams(noted: readonly string[]): void {
    // Once each: with a shared store an exchange's endpoint may run twice (src/state/reservations.ts).
    const paths = noted.filter((path) => !this.e.unknownParams?.includes(path));
    if (paths.length === 0) return;
    this.e.unknownParams = [...(this.e.unknownParams ?? []), ...paths];
    this.core.journal.updated(this.slot);
    this.core.log.warn({ request_id: this.e.id, unknown_params: paths }, `unknown parameters ignored: ${paths.join(', ')}`);
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
    const e = this.e;
    if (!e.open) return;
    e.open = false;
    e.durationMs = this.elapsed();
    this.keepBody(requestBody ?? null);
    e.status = status;
    if (reply) {
      e.response ??= { headers: {}, body: null };
      const kept = keptReplyHeaders(reply);
      if (this.slot.shown) e.response.headers = redactedKeptHeaders(kept, this.redactHeaders);
      else this.sentHeaders = kept;
    }
    if (status !== null && status >= 400 && e.answeredBy === 'emulator') e.answeredBy = 'error';
    this.core.journal.updated(this.slot);
    this.core.log.exchange(e);
  }

  private elapsed(): number {
    return Math.round((performance.now() - this.started) * 10) / 10;
  }
}

/** The request headers' place in an entry until `reveal` writes them (no reader ever sees it). */
const NOT_YET: Record<string, string> = Object.freeze({}) as Record<string, string>;

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
