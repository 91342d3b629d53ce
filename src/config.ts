/**
 * Every option of the emulator, documented once: its default, its CLI flag, its environment variable
 * and how a raw string is parsed. The CLI builds its flags from this table; the library validates
 * programmatic options with the same parsers; the README's options table is checked against it.
 */
import bytes from 'bytes';
import { DEFAULT_BACKGROUND_TIMING, parseTiming, TimingSpecError, type TimingModel } from './engine/timing';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ResolvedConfig {
  port: number;
  host: string;
  seed: string;
  /** When set, every timestamp the emulator writes is this instant (ms since epoch). */
  fixedTimeMs: number | null;
  maxStoredResponses: number;
  responseTtlMs: number;
  maxConversations: number;
  bodyLimitBytes: number;
  timing: TimingModel;
  backgroundTiming: TimingModel;
  chunkTokens: number;
  keepAliveMs: number;
}

/** Options accepted by `startEmulator` / `createApp`; each is also a CLI flag and an env var. */
export interface EmulatorOptions {
  port?: number;
  host?: string;
  seed?: string | number;
  fixedTime?: string | number | Date | null;
  maxStoredResponses?: number;
  responseTtl?: number;
  maxConversations?: number;
  bodyLimit?: string | number;
  timing?: string;
  backgroundTiming?: string;
  chunkTokens?: number;
  keepAlive?: number;
}

interface OptionSpec<K extends keyof ResolvedConfig> {
  key: K;
  option: keyof EmulatorOptions;
  flag: string;
  env: string;
  default: string | null;
  description: string;
  parse(raw: string): ResolvedConfig[K];
}

const ENV_PREFIX = 'RESPONSES_EMULATOR_';

function integer(name: string, min: number, max: number): (raw: string) => number {
  return (raw) => {
    const text = raw.trim();
    if (!/^-?\d+$/.test(text)) throw new ConfigError(`${name} must be an integer, got '${raw}'.`);
    const n = Number(text);
    if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}.`);
    return n;
  };
}

function timingOption(name: string): (raw: string) => TimingModel {
  return (raw) => {
    try {
      return parseTiming(raw);
    } catch (err) {
      if (err instanceof TimingSpecError) throw new ConfigError(`${name}: ${err.message}.`);
      throw err;
    }
  };
}

export const OPTIONS = [
  {
    key: 'port',
    option: 'port',
    flag: '--port <port>',
    env: `${ENV_PREFIX}PORT`,
    default: '4010',
    description: 'TCP port to listen on; 0 picks a free port (the printed URL tells which).',
    parse: integer('port', 0, 65535),
  },
  {
    key: 'host',
    option: 'host',
    flag: '--host <host>',
    env: `${ENV_PREFIX}HOST`,
    default: '127.0.0.1',
    description: 'Interface to bind. Only loopback by default.',
    parse: (raw) => {
      if (raw.trim() === '') throw new ConfigError('host must not be empty.');
      return raw.trim();
    },
  },
  {
    key: 'seed',
    option: 'seed',
    flag: '--seed <seed>',
    env: `${ENV_PREFIX}SEED`,
    default: '0',
    description: 'Global seed (any string). Same seed + same request = same answer. Per request: header x-emulator-seed.',
    parse: (raw) => {
      if (raw.length > 256) throw new ConfigError('seed must be at most 256 characters.');
      return raw;
    },
  },
  {
    key: 'fixedTimeMs',
    option: 'fixedTime',
    flag: '--fixed-time <time>',
    env: `${ENV_PREFIX}FIXED_TIME`,
    default: null,
    description: 'Freeze the clock at this instant (Unix seconds or ISO-8601) so whole responses are byte-identical across runs.',
    parse: parseInstant,
  },
  {
    key: 'maxStoredResponses',
    option: 'maxStoredResponses',
    flag: '--max-stored-responses <n>',
    env: `${ENV_PREFIX}MAX_STORED_RESPONSES`,
    default: '10000',
    description: 'How many responses the in-memory store keeps; the oldest is evicted first.',
    parse: integer('max-stored-responses', 1, 10_000_000),
  },
  {
    key: 'responseTtlMs',
    option: 'responseTtl',
    flag: '--response-ttl <seconds>',
    env: `${ENV_PREFIX}RESPONSE_TTL`,
    default: '0',
    description: 'Forget stored responses this many seconds after they were created; 0 keeps them until evicted by --max-stored-responses.',
    parse: (raw) => integer('response-ttl', 0, 365 * 24 * 3600)(raw) * 1000,
  },
  {
    key: 'maxConversations',
    option: 'maxConversations',
    flag: '--max-conversations <n>',
    env: `${ENV_PREFIX}MAX_CONVERSATIONS`,
    default: '10000',
    description: 'How many conversations are kept; the oldest is evicted first.',
    parse: integer('max-conversations', 1, 10_000_000),
  },
  {
    key: 'bodyLimitBytes',
    option: 'bodyLimit',
    flag: '--body-limit <size>',
    env: `${ENV_PREFIX}BODY_LIMIT`,
    default: '50mb',
    description: 'Largest accepted request body (e.g. 50mb, 512kb); larger bodies get HTTP 413.',
    parse: (raw) => {
      const n = bytes.parse(raw.trim());
      if (n === null || !Number.isFinite(n) || n < 1024 || n > 1024 ** 3) {
        throw new ConfigError(`body-limit must be a size between 1kb and 1gb, got '${raw}'.`);
      }
      return n;
    },
  },
  {
    key: 'timing',
    option: 'timing',
    flag: '--timing <spec>',
    env: `${ENV_PREFIX}TIMING`,
    default: 'instant',
    description: 'Stream timing: a preset (instant, realistic, slow) and/or ttft=<ms>,tps=<tokens/s>,jitter=<0-1>. Per request: header x-emulator-timing.',
    parse: timingOption('timing'),
  },
  {
    key: 'backgroundTiming',
    option: 'backgroundTiming',
    flag: '--background-timing <spec>',
    env: `${ENV_PREFIX}BACKGROUND_TIMING`,
    default: DEFAULT_BACKGROUND_TIMING,
    description: 'Timing of background responses (same syntax as --timing, plus queue=<ms>). Per request: header x-emulator-timing.',
    parse: timingOption('background-timing'),
  },
  {
    key: 'chunkTokens',
    option: 'chunkTokens',
    flag: '--chunk-tokens <n>',
    env: `${ENV_PREFIX}CHUNK_TOKENS`,
    default: '3',
    description: 'Each streamed delta carries a seeded 1 to n tokens.',
    parse: integer('chunk-tokens', 1, 64),
  },
  {
    key: 'keepAliveMs',
    option: 'keepAlive',
    flag: '--keep-alive <ms>',
    env: `${ENV_PREFIX}KEEP_ALIVE`,
    default: '15000',
    description: 'During a silence this long, a stream gets a `: keep-alive` comment; 0 turns them off.',
    parse: integer('keep-alive', 0, 600_000),
  },
] as const satisfies readonly OptionSpec<keyof ResolvedConfig>[];

export function parseInstant(raw: string): number {
  const text = raw.trim();
  if (/^\d{1,12}$/.test(text)) return Number(text) * 1000;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) throw new ConfigError(`fixed-time must be Unix seconds or an ISO-8601 date, got '${raw}'.`);
  return ms;
}

/** Applies defaults and validates programmatic options with the same parsers the CLI uses. */
export function resolveConfig(options: EmulatorOptions = {}): ResolvedConfig {
  const out: Partial<Record<keyof ResolvedConfig, unknown>> = {};
  const known = new Set<string>(OPTIONS.map((o) => o.option));
  for (const name of Object.keys(options)) {
    if (!known.has(name)) throw new ConfigError(`Unknown option '${name}'. Known options: ${[...known].join(', ')}.`);
  }
  for (const spec of OPTIONS) {
    const given = options[spec.option];
    if (given === undefined || given === null) {
      out[spec.key] = spec.default === null ? null : spec.parse(spec.default);
    } else if (given instanceof Date) {
      if (Number.isNaN(given.getTime())) throw new ConfigError(`${spec.option} is an invalid Date.`);
      out[spec.key] = given.getTime();
    } else if (typeof given === 'string' || typeof given === 'number') {
      out[spec.key] = spec.parse(String(given));
    } else {
      throw new ConfigError(`${spec.option} must be a string or a number.`);
    }
  }
  return out as ResolvedConfig;
}
