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
  return { level, isLevelEnabled: enabled, error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug') };
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
  return pino({ name: 'responses-emulator', level, base: undefined }, (stderrLines ??= openStderr(pino)));
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
