/**
 * Structured logs (pino, JSON lines on stderr — stdout is reserved for the start-up URL). The level
 * is `--log-level`; by default `info`, and `silent` under a test runner (jest, vitest, NODE_ENV=test)
 * so a suite's output stays clean.
 *
 * pino is loaded when the first line is written, not at start-up: the first exchange's line is
 * written after its reply has gone out, so cold start never waits for it.
 *
 * Lines are written asynchronously (a blocking write per exchange cost 23–48 µs under load), in
 * batches of about FLUSH_BYTES or every FLUSH_EVERY_MS, whichever comes first (a write per line
 * cost ~5% of the main thread's time under load), and flushed when the process exits, an uncaught
 * exception included. The batch is gathered here as an array of lines, joined once per write:
 * sonic-boom's own batching appends each line to one growing string and measures that string's
 * UTF-8 length on every write (3.3 µs and 6 KB of garbage per line at a 12 KiB batch). Every logger
 * of the process shares one stderr writer, so lines from several emulators never interleave.
 * Bounded: past MAX_BUFFERED_BYTES waiting for a slow stderr, lines are dropped rather than held.
 * A process killed by a signal it does not handle (SIGKILL, or SIGTERM with no handler) loses the
 * lines not yet written.
 */
import type { Logger as PinoLogger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type LogMethod = (objOrMessage: object | string, message?: string) => void;

/** What the emulator logs with: a subset of pino's API. */
export interface Logger {
  readonly level: LogLevel;
  isLevelEnabled(level: LogLevel): boolean;
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
  /** An exchange's line, at info level (see `exchangeLine`). */
  exchange(line: ExchangeLine): void;
}

/** What an exchange's log line says: a journal entry's fields (the entry itself is passed, nothing is copied). */
export interface ExchangeLine {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  readonly durationMs: number | null;
  readonly answeredBy: string;
  readonly fixture: { readonly name: string } | null;
  readonly fault: { readonly spec: string } | null;
  readonly testId: string | null;
}

export function defaultLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  return env.JEST_WORKER_ID !== undefined || env.VITEST !== undefined || env.NODE_ENV === 'test' ? 'silent' : 'info';
}

export function createLogger(level: LogLevel): Logger {
  const rank = (l: LogLevel): number => LOG_LEVELS.indexOf(l);
  const enabled = (l: LogLevel): boolean => level !== 'silent' && l !== 'silent' && rank(l) <= rank(level);
  let pino: PinoLogger | null = null;
  const write =
    (l: 'error' | 'warn' | 'info' | 'debug'): LogMethod =>
    (objOrMessage, message) => {
      if (!enabled(l)) return;
      pino ??= open(level);
      if (typeof objOrMessage === 'string') pino[l](objOrMessage);
      else pino[l](objOrMessage, message);
    };
  const exchange = (line: ExchangeLine): void => {
    if (!enabled('info')) return;
    pino ??= open(level);
    stderrLines!.write(exchangeLine(line, Date.now()));
  };
  return { level, isLevelEnabled: enabled, error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug'), exchange };
}

/** pino's settings: the exchange line below writes what pino would with them. */
const NAME = 'responses-emulator';

/**
 * The line pino writes for `info({ request_id, method, path, status, ms, answered_by, fixture, fault,
 * test_id }, msg)`, byte for byte (test/unit/exchange-line.test.ts compares them), written by hand:
 * pino's generic serialisation of the object, and the join of the many-piece string it builds, cost
 * ~1.2 µs per exchange under load. Same key order (pino's level, time, name, the fields with the
 * undefined ones left out, msg), numbers as pino writes them (not finite: null), strings as pino
 * escapes them (`jsonString`). `time` is pino's: the wall clock in milliseconds.
 */
export function exchangeLine(e: ExchangeLine, time: number): string {
  const fixture = e.fixture?.name;
  const fault = e.fault?.spec;
  return (
    `{"level":30,"time":${time},"name":"${NAME}","request_id":${jsonString(e.id)},"method":${jsonString(e.method)},"path":${jsonString(e.path)}` +
    `,"status":${jsonNumber(e.status)},"ms":${jsonNumber(e.durationMs)},"answered_by":${jsonString(e.answeredBy)}` +
    (fixture === undefined ? '' : `,"fixture":${jsonString(fixture)}`) +
    (fault === undefined ? '' : `,"fault":${jsonString(fault)}`) +
    (e.testId === null ? '' : `,"test_id":${jsonString(e.testId)}`) +
    `,"msg":${jsonString(`${e.method} ${e.path} ${e.status ?? 'no reply'}`)}}\n`
  );
}

function jsonNumber(n: number | null): string {
  return n === null || !Number.isFinite(n) ? 'null' : String(n);
}

/**
 * A string as pino writes it. Most need no escaping (no quote, backslash, control character nor
 * surrogate): then JSON.stringify's text is the string in quotes, found without its work.
 */
function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return escapedString(s);
  }
  return `"${s}"`;
}

/**
 * JSON.stringify's text, except that pino escapes a short string (≤ 100 characters) without control
 * characters by its quotes and backslashes alone, so a lone surrogate stays as it is where
 * JSON.stringify writes `\udXXX`. Only then (rare) is pino's way taken.
 */
function escapedString(s: string): string {
  const json = JSON.stringify(s);
  return s.length > 100 || !json.includes('\\ud') ? json : pinoShortString(s);
}

function pinoShortString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f]/.test(s) ? JSON.stringify(s) : `"${s.replace(/["\\]/g, '\\$&')}"`;
}

/** What may wait for stderr before lines are dropped. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Lines are written once this much has gathered (about 60 exchange lines; a write per 20 lines still cost ~1.5% of the main thread under load)… */
const FLUSH_BYTES = 12 * 1024;
/** …or at the latest this long after the first line of a batch, so a quiet server's lines still show in a terminal at once to the eye. */
const FLUSH_EVERY_MS = 100;

/** pino's destination: gathers lines and hands them to one asynchronous stderr writer a batch at a time. */
class LineBatch {
  private lines: string[] = [];
  /** UTF-16 length of `lines` (close enough to their bytes for a batch size). */
  private length = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly out: { write(chunk: string): unknown }) {}

  write(line: string): void {
    this.lines.push(line);
    this.length += line.length;
    if (this.length >= FLUSH_BYTES) this.flush();
    else if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), FLUSH_EVERY_MS).unref();
  }

  /** Hands the gathered lines to the writer now (`done`, for pino's `logger.flush(cb)`, once handed). */
  flush(done?: () => void): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.length > 0) {
      const chunk = this.lines.join('');
      this.lines = [];
      this.length = 0;
      this.out.write(chunk);
    }
    done?.();
  }
}

let stderrLines: LineBatch | null = null;

function open(level: LogLevel): PinoLogger {
  const pino = require('pino') as typeof import('pino');
  return pino({ name: NAME, level, base: undefined }, (stderrLines ??= openStderr(pino)));
}

function openStderr(pino: typeof import('pino')): LineBatch {
  // Registered before the writer is made, so these run before its own exit handlers (which write
  // out what it holds, synchronously on 'exit'): the lines still gathered here are handed over first.
  process.on('beforeExit', flushStderrLines);
  process.on('exit', flushStderrLines);
  return new LineBatch(pino.destination({ fd: 2, sync: false, maxLength: MAX_BUFFERED_BYTES }));
}

function flushStderrLines(): void {
  stderrLines?.flush();
}
