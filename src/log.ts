/**
 * Structured logs (pino, JSON lines on stderr — stdout is reserved for the start-up URL). The level
 * is `--log-level`; by default `info`, and `silent` under a test runner (jest, vitest, NODE_ENV=test)
 * so a suite's output stays clean.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function defaultLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  return env.JEST_WORKER_ID !== undefined || env.VITEST !== undefined || env.NODE_ENV === 'test' ? 'silent' : 'info';
}

export function createLogger(level: LogLevel): Logger {
  return pino({ name: 'responses-emulator', level, base: undefined }, pino.destination({ fd: 2, sync: true }));
}
