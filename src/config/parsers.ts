/**
 * The parsers options are read with: each turns the raw string of a flag, an environment variable or
 * a library option into its resolved value, or throws a ConfigError saying what is wrong with it.
 * The option table (./table) names one parser per option; these are the reusable and the long ones.
 */
import bytes from 'bytes';
import { redactUrl } from '../redact';
import { LOG_LEVELS, type LogLevel } from '../log';
import { ChaosSpecError, parseChaos, type ChaosRate } from '../faults/chaos';
import { parseTiming, TimingSpecError, type TimingModel } from '../engine/timing';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function integer(name: string, min: number, max: number): (raw: string) => number {
  return (raw) => {
    const text = raw.trim();
    if (!/^-?\d+$/.test(text)) throw new ConfigError(`${name} must be an integer, got '${raw}'.`);
    const n = Number(text);
    if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}.`);
    return n;
  };
}

/** A parser accepting exactly one of `values`. */
export function oneOf<T extends string>(name: string, values: readonly T[]): (raw: string) => T {
  return (raw) => {
    const value = raw.trim();
    if (!(values as readonly string[]).includes(value)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got '${raw}'.`);
    return value as T;
  };
}

/** Switches: an empty value is off, as an unset one is (`RESPONSES_EMULATOR_STRICT=` in a shell script). */
export function boolean(name: string): (raw: string) => boolean {
  return (raw) => {
    const v = raw.trim().toLowerCase();
    if (v === 'true' || v === '1' || v === 'yes' || v === 'on') return true;
    if (v === 'false' || v === '0' || v === 'no' || v === 'off' || v === '') return false;
    throw new ConfigError(`${name} must be true or false (or 1/0, yes/no, on/off), got '${raw}'.`);
  };
}

export function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function timingOption(name: string): (raw: string) => TimingModel {
  return (raw) => {
    if (raw.trim() === '') throw new ConfigError(`${name} must not be empty (instant, realistic, or ttft=…,tps=…).`);
    try {
      return parseTiming(raw);
    } catch (err) {
      if (err instanceof TimingSpecError) throw new ConfigError(`${name}: ${err.message}.`);
      throw err;
    }
  };
}

export function parseInstant(raw: string): number {
  const text = raw.trim();
  if (/^\d{1,12}$/.test(text)) return Number(text) * 1000;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) throw new ConfigError(`fixed-time must be Unix seconds or an ISO-8601 date, got '${raw}'.`);
  return ms;
}

export function parseHost(raw: string): string {
  const host = raw.trim();
  if (host === '') throw new ConfigError('host must not be empty.');
  if (!/^[A-Za-z0-9.:%[\]-]{1,253}$/.test(host)) throw new ConfigError(`host must be a host name or an IP address, got '${raw.slice(0, 80)}'.`);
  return host;
}

export function parseSeed(raw: string): string {
  if (raw.length === 0 || raw.length > 256) throw new ConfigError('seed must be 1 to 256 characters.');
  return raw;
}

export function parseBodyLimit(raw: string): number {
  const n = bytes.parse(raw.trim());
  if (n === null || !Number.isFinite(n) || n < 1024 || n > 1024 ** 3) {
    throw new ConfigError(`body-limit must be a size between 1kb and 1gb, got '${raw}'.`);
  }
  return n;
}

export function parseFixturesDir(raw: string): string {
  if (raw.trim() === '') throw new ConfigError('fixtures must name a directory (--no-fixtures loads none).');
  return raw.trim();
}

export function parseReplaySpeed(raw: string): number {
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1000) throw new ConfigError(`replay-speed must be a number from 0 to 1000, got '${raw}'.`);
  return n;
}

export function parseUpstream(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`upstream must be an http(s) URL, got '${raw}'.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`upstream must be an http(s) URL, got '${raw}'.`);
  return url.toString().replace(/\/$/, '');
}

/**
 * `--store`: `memory`, or a Redis URL. The URL is checked here (scheme, host, port, a numeric db) so a
 * typo is a configuration error at startup rather than a connection error later; it is kept as given.
 */
export function parseStore(raw: string): string {
  const value = raw.trim();
  if (value === 'memory') return value;
  const refuse = (): never => {
    throw new ConfigError(`store must be 'memory' or a Redis URL (redis://[user:pass@]host:port[/db], rediss://…), got '${redactUrl(value)}'.`);
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse();
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname || (url.pathname !== '' && !/^\/\d*$/.test(url.pathname)) || url.search || url.hash) refuse();
  return value;
}

export function parseTestIdHeader(raw: string): string {
  const name = raw.trim().toLowerCase();
  if (!/^[a-z0-9-]{1,64}$/.test(name)) throw new ConfigError(`test-id-header must be a header name, got '${raw}'.`);
  return name;
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;

export function parseRedactHeaders(raw: string): string[] {
  return list(raw).map((h) => {
    if (!HEADER_NAME.test(h)) throw new ConfigError(`redact-headers: '${h.slice(0, 80)}' is not a header name.`);
    return h.toLowerCase();
  });
}

export function parseLogLevel(raw: string): LogLevel {
  const level = raw.trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new ConfigError(`log-level must be one of ${LOG_LEVELS.join(', ')}, got '${raw}'.`);
  return level as LogLevel;
}

export function parseApiKeys(raw: string): string[] {
  const keys = list(raw);
  // An empty value must not quietly turn authentication off.
  if (keys.length === 0) throw new ConfigError('api-key must name at least one key (leave it unset to accept any key).');
  for (const key of keys) if (!/^[\x21-\x7e]{1,512}$/.test(key)) throw new ConfigError('api-key: keys are 1 to 512 visible ASCII characters, without spaces.');
  return keys;
}

export function chaosOption(raw: string): ChaosRate[] {
  try {
    return parseChaos(raw);
  } catch (err) {
    if (err instanceof ChaosSpecError) throw new ConfigError(`chaos: ${err.message}.`);
    throw err;
  }
}

export function parseAllowedHosts(raw: string): string[] {
  return list(raw).map((h) => {
    const host = h.toLowerCase();
    if (host !== 'all' && !/^\.?[a-z0-9_.:[\]-]{1,253}$/.test(host)) throw new ConfigError(`allowed-hosts: '${h.slice(0, 80)}' is not a host name.`);
    return host;
  });
}

export function parseCorsOrigins(raw: string): string[] {
  return list(raw).map((o) => {
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      throw new ConfigError(`cors-origins: '${o.slice(0, 80)}' is not an origin (scheme://host[:port]).`);
    }
    if (url.origin === 'null' || url.pathname.length > 1 || url.search || url.hash) throw new ConfigError(`cors-origins: '${o.slice(0, 80)}' is not an origin (scheme://host[:port]).`);
    return url.origin;
  });
}
