/**
 * Structured logs (pino, JSON lines on stderr — stdout is reserved for the start-up URL). The level
 * is `--log-level`; by default `info`, and `silent` under a test runner (jest, vitest, NODE_ENV=test)
 * so a suite's output stays clean.
 *
 * pino is loaded when the first line is written, not at start-up: the first exchange's line is
 * written after its reply has gone out, so cold start never waits for it.
 *
 * Lines are written asynchronously (a blocking write per exchange cost 23–48 µs under load), in
 * batches of up to FLUSH_BYTES or every FLUSH_EVERY_MS, whichever comes first (a write per line
 * cost ~5% of the main thread's time under load), and flushed when the process exits, an uncaught
 * exception included. Bounded: past MAX_BUFFERED_BYTES
 * waiting for a slow stderr, lines are dropped rather than held. A process killed by a signal it
 * does not handle (SIGKILL, or SIGTERM with no handler) loses the lines not yet written.
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
/**
 * Lines are written once this much has gathered (about 60 exchange lines; a write per 20 lines
 * still cost ~1.5% of the main thread under load)… just under sonic-boom's largest single write
 * (MAX_WRITE_BYTES), which it requires.
 */
const FLUSH_BYTES = 12 * 1024;
const MAX_WRITE_BYTES = 16 * 1024;
/** …or at the latest this often, so a quiet server's lines still show in a terminal at once to the eye. */
const FLUSH_EVERY_MS = 100;

function open(level: LogLevel): PinoLogger {
  const pino = require('pino') as typeof import('pino');
  return pino({ name: 'responses-emulator', level, base: undefined }, pino.destination({ fd: 2, sync: false, maxLength: MAX_BUFFERED_BYTES, minLength: FLUSH_BYTES, maxWrite: MAX_WRITE_BYTES, periodicFlush: FLUSH_EVERY_MS }));
}
