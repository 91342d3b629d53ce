/**
 * The request journal: a bounded record of every exchange — the request (credentials redacted),
 * how it was answered (fixture, synthesis, fault, recording…), the status, timings, and the
 * response body or the stream's events with their times. Served at /__emulator/requests, watched
 * live by the inspector page, and available from the library API.
 */

import type { ResponseRecord } from '../model/response-record';

/** A created response's request, its stored input and the response it continued. */
export type RecordOrigin = Pick<ResponseRecord, 'request' | 'input' | 'previous'>;

export type AnsweredBy = 'synthesis' | 'fixture' | 'fault' | 'recording' | 'store' | 'error' | 'emulator';

/** Where an injected fault came from: the request's header, `--chaos`, a fixture, or `nextRequestFails` (queued). */
export type FaultSource = 'header' | 'chaos' | 'fixture' | 'queued';

export interface JournalEntry {
  id: string;
  /** ISO time the request arrived (wall clock, for people reading the journal). */
  at: string;
  method: string;
  /** Path and query string (secrets in the query redacted). */
  path: string;
  dialect: string;
  testId: string | null;
  /** The body's `model`, once the body has been read (null before, or when it names none). */
  model: string | null;
  /** The latest user text, cut short (see request-summary.ts), once the body has been read. */
  inputPreview: string | null;
  status: number | null;
  /** `synthesis`, `fixture`, `fault`, `recording` (sent upstream), `store` (a stored object), `error` (refused), `emulator`. */
  answeredBy: AnsweredBy;
  /** The fixture that answered, when one did. */
  fixture: { name: string; source: string } | null;
  /** The fault injected, as written (e.g. `rate_limit;retry_after=0`), and where it came from. */
  fault: { spec: string; source: FaultSource } | null;
  responseId: string | null;
  /** Request parameters the emulator did not know and dropped (`--unknown-params warn`); null: none. */
  unknownParams: string[] | null;
  durationMs: number | null;
  firstByteMs: number | null;
  request: { headers: Record<string, string>; body: unknown };
  response: { headers: Record<string, string>; body: unknown } | null;
  events: { t: number; event: unknown }[];
  /** True while the exchange is still going (a stream, a timed response). */
  open: boolean;
  /** Which replica answered (`replica-<n>`), with a shared store (`--store redis://…`); absent with the memory store. */
  replica?: string;
}

export interface JournalFilter {
  testId?: string;
  path?: string;
  method?: string;
  status?: number;
  answeredBy?: string;
  fixture?: string;
  limit?: number;
}

/** `added` and `updated` carry the entry; `removed` (entries deleted or the journal cleared) carries none. */
export type JournalListener = (change: 'added' | 'updated' | 'removed', entry: JournalEntry | null) => void;

/**
 * Bodies and events are bounded too: long strings and arrays are cut, a long stream keeps its first events,
 * and the journal as a whole holds at most MAX_TOTAL_EVENTS events (older exchanges go first), so
 * its memory stays bounded however long the streams are.
 */
export const MAX_STRING = 20_000;
/** Arrays keep their first MAX_ARRAY items (a note says how many there were). */
export const MAX_ARRAY = 1_000;
export const MAX_EVENTS = 5_000;
export const MAX_TOTAL_EVENTS = 100_000;
/**
 * How many `store: false` exchanges keep what their response was made from (for "copy as fixture"):
 * nothing else holds it, and a request's input may be megabytes. Older ones are copied from the
 * journaled (bounded) body. A stored response's origin costs nothing more: the response store holds it.
 */
export const MAX_UNSTORED_ORIGINS = 100;

/**
 * An entry's place in the journal, handed back by `add`: whether the journal still keeps it, and
 * what its response was made from (see `Journal.recordOf`). The writer of an entry holds it, so
 * neither needs looking up by entry on each exchange.
 */
export class JournalSlot {
  /** False once evicted or removed: an entry no longer kept takes no more events nor record. */
  held = false;
  origin: RecordOrigin | undefined = undefined;
  /**
   * Whether the entry has been handed to a reader (listed, got, sent to a listener). Until then its
   * writer may keep some of what it shows raw (see `EntryParts`); from then on it writes it in full.
   */
  shown = false;

  constructor(
    readonly entry: JournalEntry,
    /** The writer's parts of the entry still to work out (null: none). */
    private parts: EntryParts | null = null,
  ) {}

  /** The entry as readers see it: what its writer kept raw is worked out the first time. */
  shownEntry(): JournalEntry {
    if (!this.shown) {
      this.shown = true;
      const parts = this.parts;
      this.parts = null;
      parts?.reveal();
    }
    return this.entry;
  }
}

/**
 * What the writer of an entry keeps raw until the entry is first handed to a reader — its arrival
 * time, redacted headers, the list's model and input preview, the reply body's journal form — and
 * works out then, exactly as it would have on the request path: most entries are never read (they
 * leave the journal unread), and the request path is what limits throughput.
 */
export interface EntryParts {
  /** Writes what was kept raw into the entry (called once, before any reader sees it). */
  reveal(): void;
}

export class Journal {
  /**
   * The kept entries' slots, oldest first, as a ring: `count` of them from `head`, wrapping at
   * `capacity`. Eviction moves `head` instead of shifting the array (a shift of a long array is a
   * runtime call that moves or trims it, once per exchange once the journal is full).
   */
  private readonly ring: (JournalSlot | undefined)[] = [];
  private head = 0;
  private count = 0;
  private readonly listeners = new Set<JournalListener>();
  private totalEvents = 0;
  /**
   * The slots whose record only the journal holds (`store: false`), oldest first; at most
   * MAX_UNSTORED_ORIGINS: nothing else holds what such a response was made from, and a request's
   * input may be megabytes. A stored response's origin costs nothing more: the response store holds it.
   */
  private readonly unstored: JournalSlot[] = [];

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.count;
  }

  /** The i-th kept slot, oldest first (0 ≤ i < size). */
  private at(i: number): JournalSlot {
    return this.ring[(this.head + i) % this.capacity]!;
  }

  /**
   * Keeps an entry (evicting the oldest past capacity); its slot, for events and its record. `parts`:
   * what its writer will work out when the entry is first read.
   */
  add(entry: JournalEntry, parts: EntryParts | null = null): JournalSlot {
    const slot = new JournalSlot(entry, parts);
    if (this.capacity === 0) return slot;
    if (this.count === this.capacity) this.evictOldest();
    // Places fill in order from 0 before the ring first wraps, so the next one is either in the array or its end.
    const place = (this.head + this.count) % this.capacity;
    if (place === this.ring.length) this.ring.push(slot);
    else this.ring[place] = slot;
    this.count++;
    slot.held = true;
    this.totalEvents += entry.events.length;
    this.emit('added', slot);
    return slot;
  }

  /** Appends a stream event to a kept entry (dropped past the entry's and the journal's bounds). */
  addEvent(slot: JournalSlot, t: number, event: unknown): void {
    const entry = slot.entry;
    if (!slot.held || entry.events.length >= MAX_EVENTS) return;
    entry.events.push({ t, event: boundedCopy(event) });
    this.totalEvents++;
    while (this.totalEvents > MAX_TOTAL_EVENTS && this.count > 1 && this.at(0) !== slot) this.evictOldest();
    this.emit('updated', slot);
  }

  private evictOldest(): void {
    const gone = this.at(0);
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    this.release(gone);
  }

  /** A slot no longer kept: it lets go of its record, and its events leave the journal's count. */
  private release(gone: JournalSlot): void {
    gone.held = false;
    gone.origin = undefined;
    this.totalEvents -= gone.entry.events.length;
  }

  /** Tells listeners an entry changed (its status, its events). */
  updated(slot: JournalSlot): void {
    this.emit('updated', slot);
  }

  /** Notes the response an exchange created (see `recordOf`). */
  attachRecord(slot: JournalSlot, record: ResponseRecord): void {
    if (!slot.held) return;
    slot.origin = { request: record.request, input: record.input, previous: record.previous };
    if (record.request.store) return;
    this.unstored.push(slot);
    if (this.unstored.length > MAX_UNSTORED_ORIGINS) this.unstored.shift()!.origin = undefined;
  }

  /**
   * What a kept create exchange's response was made from (never serialised): what "copy as fixture"
   * reads the request's match keys from. Only the request side of the record (not its output,
   * already in the entry), and held only while the entry is.
   */
  recordOf(entry: JournalEntry): RecordOrigin | undefined {
    return this.slotOf(entry)?.origin;
  }

  private slotOf(entry: JournalEntry): JournalSlot | undefined {
    for (let i = this.count - 1; i >= 0; i--) {
      const slot = this.at(i);
      if (slot.entry === entry) return slot;
    }
    return undefined;
  }

  get(id: string): JournalEntry | undefined {
    for (let i = 0; i < this.count; i++) {
      const slot = this.at(i);
      if (slot.entry.id === id) return slot.shownEntry();
    }
    return undefined;
  }

  /** Newest first. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (let i = this.count - 1; i >= 0 && out.length < (filter.limit ?? Infinity); i--) {
      const slot = this.at(i);
      if (matches(slot.entry, filter)) out.push(slot.shownEntry());
    }
    return out;
  }

  /** Forgets the entries matching `filter` (all by default); returns how many. */
  remove(filter: JournalFilter = {}): number {
    const before = this.count;
    const kept: JournalSlot[] = [];
    for (let i = 0; i < before; i++) {
      const slot = this.at(i);
      if (!matches(slot.entry, filter)) kept.push(slot);
      else this.release(slot);
    }
    // What is kept starts the ring again, oldest first.
    this.ring.length = 0;
    for (const slot of kept) this.ring.push(slot);
    this.head = 0;
    this.count = kept.length;
    // Forgotten entries let go of their records too.
    const stillHeld = this.unstored.filter((slot) => slot.held);
    this.unstored.splice(0, this.unstored.length, ...stillHeld);
    if (kept.length < before) this.emit('removed', null);
    return before - kept.length;
  }

  clear(): void {
    this.remove();
  }

  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: 'added' | 'updated' | 'removed', slot: JournalSlot | null): void {
    if (this.listeners.size === 0) return;
    const entry = slot && slot.shownEntry();
    for (const listener of this.listeners) listener(change, entry);
  }
}

function matches(e: JournalEntry, filter: JournalFilter): boolean {
  return (
    (filter.testId === undefined || e.testId === filter.testId) &&
    (filter.path === undefined || e.path.includes(filter.path)) &&
    (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
    (filter.status === undefined || e.status === filter.status) &&
    (filter.answeredBy === undefined || e.answeredBy === filter.answeredBy) &&
    (filter.fixture === undefined || e.fixture?.name === filter.fixture)
  );
}

/** What lists show of an entry: everything but the bodies and events. */
export function summarize(e: JournalEntry): JournalSummary {
  const { request: _request, response: _response, events, ...rest } = e;
  return { ...rest, eventCount: events.length };
}

export type JournalSummary = Omit<JournalEntry, 'request' | 'response' | 'events'> & { eventCount: number };

/** Above this size a sent body is copied (its long strings cut) at once rather than kept as text. */
export const MAX_LAZY_TEXT = 64 * 1024;

/**
 * A reply's `{headers, body}` for the journal from the JSON text that was sent. Keeping the text costs
 * nothing on the request path (it is immutable, and exactly what went over the wire); it is parsed,
 * and its long strings cut, the first time the body is read (JSON.stringify reads it too: the getter
 * is an own enumerable property). Large bodies are copied at once so the journal stays small.
 */
export function journalBody(headers: Record<string, string>, text: string): { headers: Record<string, string>; body: unknown } {
  if (text.length > MAX_LAZY_TEXT) return { headers, body: boundedCopy(JSON.parse(text)) };
  let parsed: { value: unknown } | null = null;
  return {
    headers,
    get body(): unknown {
      parsed ??= { value: boundedCopy(JSON.parse(text)) };
      return parsed.value;
    },
  };
}

/** A copy of a body fit for the journal: long strings and arrays cut, nothing shared with the live object. */
export function boundedCopy(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} characters)` : value;
  if (value === null || typeof value !== 'object' || depth > 64) return value;
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ARRAY).map((v) => boundedCopy(v, depth + 1));
    return value.length > MAX_ARRAY ? [...kept, `… (${value.length} items)`] : kept;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = boundedCopy(v, depth + 1);
  return out;
}
