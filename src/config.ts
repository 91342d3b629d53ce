/**
 * Every option of the emulator, documented once: its default, its CLI flag, its environment variable
 * and how a raw string is parsed. The CLI builds its flags from this table; the library validates
 * programmatic options with the same parsers; the README's options table is checked against it.
 */
import bytes from 'bytes';
import { defaultLogLevel, LOG_LEVELS, type LogLevel } from './log';
import { ChaosSpecError, parseChaos, type ChaosRate } from './faults/chaos';
import { DEFAULT_BACKGROUND_TIMING, parseTiming, TimingSpecError, type TimingModel } from './engine/timing';
import { UNKNOWN_PARAMS_MODES, type UnknownParamsMode } from './validation/unknown-params';

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
  fixturesDir: string | null;
  strict: boolean;
  replaySpeed: number;
  keepFixtureIds: boolean;
  watchFixtures: boolean;
  upstream: string | null;
  recordMode: 'none' | 'all' | 'missing';
  testIdHeader: string;
  redactHeaders: string[];
  redactFields: string[];
  logLevel: LogLevel;
  apiKeys: string[];
  rpm: number | null;
  tpm: number | null;
  chaos: ChaosRate[];
  journalSize: number;
  admin: boolean;
  /** Which dialect answers `/v1/responses` (Open Responses is always at `/open-responses/v1/…`). */
  dialect: 'openai' | 'open-responses';
  /** Responses name the dated snapshot of an aliased model (`gpt-4o` → `gpt-4o-2024-08-06`), as the live API does. */
  modelSnapshots: boolean;
  /** Aitronos `finishReason` of a tool-calling answer (the seeds show `tool_calls`; the field list says `toolCalls`). */
  aitronosToolFinishReason: 'tool_calls' | 'toolCalls';
  /** A client must send a whole request (headers and body) within this many ms (slow-loris protection). */
  requestTimeoutMs: number;
  /** On SIGTERM/SIGINT, in-flight responses get this many ms to finish before they are ended. */
  shutdownGraceMs: number;
  /** A parameter the schemas do not know: the API's 400 (`reject`), or dropped and reported (`warn`). */
  unknownParams: UnknownParamsMode;
  /** Host names accepted in `Host` besides loopback ones; `all` turns the check off (DNS-rebinding protection). */
  allowedHosts: string[];
  /** Browser origins allowed to call the API routes (CORS); admin routes never are. */
  corsOrigins: string[];
  /** Open connections to the live admin feed (`/__emulator/events`) at once. */
  maxFeedConnections: number;
  /** Longest previous_response_id chain a request may continue (responses in the chain). */
  maxChainLength: number;
  /** Most items a conversation may hold. */
  maxConversationItems: number;
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
  fixtures?: string | null;
  strict?: boolean;
  replaySpeed?: number;
  keepFixtureIds?: boolean;
  watchFixtures?: boolean;
  upstream?: string | null;
  recordMode?: 'none' | 'all' | 'missing';
  testIdHeader?: string;
  redactHeaders?: string;
  redactFields?: string;
  logLevel?: LogLevel;
  apiKey?: string;
  rpm?: number;
  tpm?: number;
  chaos?: string;
  journalSize?: number;
  admin?: boolean;
  dialect?: 'openai' | 'open-responses';
  modelSnapshots?: boolean;
  aitronosToolFinishReason?: 'tool_calls' | 'toolCalls';
  requestTimeout?: number;
  shutdownGrace?: number;
  unknownParams?: UnknownParamsMode;
  allowedHosts?: string;
  corsOrigins?: string;
  maxFeedConnections?: number;
  maxChainLength?: number;
  maxConversationItems?: number;
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

/** A parser accepting exactly one of `values`. */
function oneOf<T extends string>(name: string, values: readonly T[]): (raw: string) => T {
  return (raw) => {
    const value = raw.trim();
    if (!(values as readonly string[]).includes(value)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got '${raw}'.`);
    return value as T;
  };
}

function timingOption(name: string): (raw: string) => TimingModel {
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
      const host = raw.trim();
      if (host === '') throw new ConfigError('host must not be empty.');
      if (!/^[A-Za-z0-9.:%[\]-]{1,253}$/.test(host)) throw new ConfigError(`host must be a host name or an IP address, got '${raw.slice(0, 80)}'.`);
      return host;
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
      if (raw.length === 0 || raw.length > 256) throw new ConfigError('seed must be 1 to 256 characters.');
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
  {
    key: 'fixturesDir',
    option: 'fixtures',
    flag: '--fixtures <dir>',
    env: `${ENV_PREFIX}FIXTURES`,
    default: null,
    description: "Directory of fixture files (JSON or YAML). The command uses ./fixtures when it exists (--no-fixtures: none); the emulator's own examples load only when named.",
    parse: (raw) => {
      if (raw.trim() === '') throw new ConfigError('fixtures must name a directory (--no-fixtures loads none).');
      return raw.trim();
    },
  },
  {
    key: 'strict',
    option: 'strict',
    flag: '--strict',
    env: `${ENV_PREFIX}STRICT`,
    default: 'false',
    description: 'Answer only from fixtures: a request no fixture matches is an error naming the nearest fixture and what differed.',
    parse: boolean('strict'),
  },
  {
    key: 'replaySpeed',
    option: 'replaySpeed',
    flag: '--replay-speed <factor>',
    env: `${ENV_PREFIX}REPLAY_SPEED`,
    default: '0',
    description: 'Recorded streams replay at this multiple of their recorded speed (2 = twice as fast); 0 replays without delays.',
    parse: (raw) => {
      const n = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1000) throw new ConfigError(`replay-speed must be a number from 0 to 1000, got '${raw}'.`);
      return n;
    },
  },
  {
    key: 'keepFixtureIds',
    option: 'keepFixtureIds',
    flag: '--keep-fixture-ids',
    env: `${ENV_PREFIX}KEEP_FIXTURE_IDS`,
    default: 'false',
    description: 'Every fixture keeps the ids and times it was written or recorded with, as `keepIds: true` does; by default each answer gets fresh ones.',
    parse: boolean('keep-fixture-ids'),
  },
  {
    key: 'watchFixtures',
    option: 'watchFixtures',
    flag: '--watch-fixtures',
    env: `${ENV_PREFIX}WATCH_FIXTURES`,
    default: 'false',
    description: 'Reload the fixtures directory when its files change (for development).',
    parse: boolean('watch-fixtures'),
  },
  {
    key: 'upstream',
    option: 'upstream',
    flag: '--upstream <url>',
    env: `${ENV_PREFIX}UPSTREAM`,
    default: null,
    description: 'Base URL of a real Responses API to record from (e.g. https://api.openai.com/v1).',
    parse: (raw) => {
      let url: URL;
      try {
        url = new URL(raw.trim());
      } catch {
        throw new ConfigError(`upstream must be an http(s) URL, got '${raw}'.`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`upstream must be an http(s) URL, got '${raw}'.`);
      return url.toString().replace(/\/$/, '');
    },
  },
  {
    key: 'recordMode',
    option: 'recordMode',
    flag: '--record-mode <mode>',
    env: `${ENV_PREFIX}RECORD_MODE`,
    default: 'none',
    description: 'none: replay only; all: proxy and record every request; missing: replay what fixtures match, record the rest.',
    parse: oneOf('record-mode', ['none', 'all', 'missing'] as const),
  },
  {
    key: 'testIdHeader',
    option: 'testIdHeader',
    flag: '--test-id-header <name>',
    env: `${ENV_PREFIX}TEST_ID_HEADER`,
    default: 'x-test-id',
    description: 'Request header naming the test a request belongs to: it names recordings, tags journal entries, scopes fault counts; fixtures can match on it.',
    parse: (raw) => {
      const name = raw.trim().toLowerCase();
      if (!/^[a-z0-9-]{1,64}$/.test(name)) throw new ConfigError(`test-id-header must be a header name, got '${raw}'.`);
      return name;
    },
  },
  {
    key: 'redactHeaders',
    option: 'redactHeaders',
    flag: '--redact-headers <names>',
    env: `${ENV_PREFIX}REDACT_HEADERS`,
    default: '',
    description: 'More header names to redact (comma-separated). Always redacted: cookies and every header whose name contains key, token, secret, auth or password.',
    parse: (raw) =>
      list(raw).map((h) => {
        if (!HEADER_NAME.test(h)) throw new ConfigError(`redact-headers: '${h.slice(0, 80)}' is not a header name.`);
        return h.toLowerCase();
      }),
  },
  {
    key: 'redactFields',
    option: 'redactFields',
    flag: '--redact-fields <paths>',
    env: `${ENV_PREFIX}REDACT_FIELDS`,
    default: '',
    description: 'More request body fields to redact (comma-separated dotted paths, e.g. metadata.email). Tool credentials (tools[].authorization, secret tools[].headers) always are.',
    parse: list,
  },
  {
    key: 'logLevel',
    option: 'logLevel',
    flag: '--log-level <level>',
    env: `${ENV_PREFIX}LOG_LEVEL`,
    default: null,
    description: 'fatal, error, warn, info, debug, trace or silent. Default: info; silent under a test runner.',
    parse: (raw) => {
      const level = raw.trim().toLowerCase();
      if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new ConfigError(`log-level must be one of ${LOG_LEVELS.join(', ')}, got '${raw}'.`);
      return level as LogLevel;
    },
  },
  {
    key: 'apiKeys',
    option: 'apiKey',
    flag: '--api-key <keys>',
    env: `${ENV_PREFIX}API_KEY`,
    default: null,
    description: 'Accepted API keys (comma-separated). Unset: any key, or none, is accepted. Set: a missing or unknown key is a 401.',
    parse: (raw) => {
      const keys = list(raw);
      // An empty value must not quietly turn authentication off.
      if (keys.length === 0) throw new ConfigError('api-key must name at least one key (leave it unset to accept any key).');
      for (const key of keys) if (!/^[\x21-\x7e]{1,512}$/.test(key)) throw new ConfigError('api-key: keys are 1 to 512 visible ASCII characters, without spaces.');
      return keys;
    },
  },
  {
    key: 'rpm',
    option: 'rpm',
    flag: '--rpm <n>',
    env: `${ENV_PREFIX}RPM`,
    default: null,
    description: 'Requests per minute per API key; past it, the API\'s 429. Unset: never limited (the headers still report a budget of 10000 counting down).',
    parse: integer('rpm', 1, 100_000_000),
  },
  {
    key: 'tpm',
    option: 'tpm',
    flag: '--tpm <n>',
    env: `${ENV_PREFIX}TPM`,
    default: null,
    description: 'Tokens per minute per API key (input + output); past it, the API\'s 429. Unset: never limited (the headers still report a budget of 30000000 counting down).',
    parse: integer('tpm', 1, 10_000_000_000),
  },
  {
    key: 'chaos',
    option: 'chaos',
    flag: '--chaos <rates>',
    env: `${ENV_PREFIX}CHAOS`,
    default: '',
    description: 'Random faults, seeded: <fault>=<probability>,… e.g. rate_limit=0.05,server_error=0.01.',
    parse: (raw) => {
      try {
        return parseChaos(raw);
      } catch (err) {
        if (err instanceof ChaosSpecError) throw new ConfigError(`chaos: ${err.message}.`);
        throw err;
      }
    },
  },
  {
    key: 'journalSize',
    option: 'journalSize',
    flag: '--journal-size <n>',
    env: `${ENV_PREFIX}JOURNAL_SIZE`,
    default: '1000',
    description: 'How many exchanges the request journal keeps (the oldest go first); 0 keeps none.',
    parse: integer('journal-size', 0, 100_000),
  },
  {
    key: 'admin',
    option: 'admin',
    flag: '--admin <enabled>',
    env: `${ENV_PREFIX}ADMIN`,
    default: 'true',
    description: 'Serve the /__emulator/ inspector and admin endpoints (they require an API key when --api-key is set).',
    parse: boolean('admin'),
  },
  {
    key: 'dialect',
    option: 'dialect',
    flag: '--dialect <name>',
    env: `${ENV_PREFIX}DIALECT`,
    default: 'openai',
    description: 'Who answers POST /v1/responses (and /v1/responses/compact, and the WebSocket there): openai or open-responses. Open Responses is always served under /open-responses/v1/, Aitronos at /v1/model/response.',
    parse: oneOf('dialect', ['openai', 'open-responses'] as const),
  },
  {
    key: 'modelSnapshots',
    option: 'modelSnapshots',
    flag: '--model-snapshots',
    env: `${ENV_PREFIX}MODEL_SNAPSHOTS`,
    default: 'false',
    description: "Name the dated snapshot in a Response's model, as the live API does (gpt-4o → gpt-4o-2024-08-06; the table is in src/models.ts). Off: the model is echoed as requested.",
    parse: boolean('model-snapshots'),
  },
  {
    key: 'aitronosToolFinishReason',
    option: 'aitronosToolFinishReason',
    flag: '--aitronos-tool-finish-reason <value>',
    env: `${ENV_PREFIX}AITRONOS_TOOL_FINISH_REASON`,
    default: 'tool_calls',
    description: "Aitronos finishReason when the answer calls tools: tool_calls (as the seeds' example shows) or toolCalls (as their field list says).",
    parse: oneOf('aitronos-tool-finish-reason', ['tool_calls', 'toolCalls'] as const),
  },
  {
    key: 'requestTimeoutMs',
    option: 'requestTimeout',
    flag: '--request-timeout <ms>',
    env: `${ENV_PREFIX}REQUEST_TIMEOUT`,
    default: '30000',
    description: 'A client must send its whole request (headers and body) within this time, or the connection is closed (slow-loris protection). Streams being answered are not limited.',
    parse: integer('request-timeout', 100, 3_600_000),
  },
  {
    key: 'shutdownGraceMs',
    option: 'shutdownGrace',
    flag: '--shutdown-grace <ms>',
    env: `${ENV_PREFIX}SHUTDOWN_GRACE`,
    default: '5000',
    description: 'On SIGTERM/SIGINT: stop accepting, let in-flight responses finish for up to this long, then end the rest with an error event and exit 0. A second signal exits at once.',
    parse: integer('shutdown-grace', 0, 600_000),
  },
  {
    key: 'unknownParams',
    option: 'unknownParams',
    flag: '--unknown-params <mode>',
    env: `${ENV_PREFIX}UNKNOWN_PARAMS`,
    default: 'reject',
    description: "A request parameter the emulator does not know: reject answers the API's 400 unknown_parameter; warn drops it, answers, and names it in the x-emulator-unknown-params header, the journal and the inspector.",
    parse: oneOf('unknown-params', UNKNOWN_PARAMS_MODES),
  },
  {
    key: 'allowedHosts',
    option: 'allowedHosts',
    flag: '--allowed-hosts <hosts>',
    env: `${ENV_PREFIX}ALLOWED_HOSTS`,
    default: '',
    description:
      'Host names accepted in the Host header besides loopback ones (localhost, *.localhost, 127.0.0.0/8, [::1]) and the --host address (comma-separated; .example.com allows its subdomains too); all accepts any. Others get 403 (DNS-rebinding protection).',
    parse: (raw) =>
      list(raw).map((h) => {
        const host = h.toLowerCase();
        if (host !== 'all' && !/^\.?[a-z0-9_.:[\]-]{1,253}$/.test(host)) throw new ConfigError(`allowed-hosts: '${h.slice(0, 80)}' is not a host name.`);
        return host;
      }),
  },
  {
    key: 'corsOrigins',
    option: 'corsOrigins',
    flag: '--cors-origins <origins>',
    env: `${ENV_PREFIX}CORS_ORIGINS`,
    default: '',
    description:
      'Browser origins (e.g. http://localhost:5173) allowed to call the API routes and open WebSockets, with CORS headers and preflight; comma-separated. Admin routes never answer other origins.',
    parse: (raw) =>
      list(raw).map((o) => {
        let url: URL;
        try {
          url = new URL(o);
        } catch {
          throw new ConfigError(`cors-origins: '${o.slice(0, 80)}' is not an origin (scheme://host[:port]).`);
        }
        if (url.origin === 'null' || url.pathname.length > 1 || url.search || url.hash) throw new ConfigError(`cors-origins: '${o.slice(0, 80)}' is not an origin (scheme://host[:port]).`);
        return url.origin;
      }),
  },
  {
    key: 'maxFeedConnections',
    option: 'maxFeedConnections',
    flag: '--max-feed-connections <n>',
    env: `${ENV_PREFIX}MAX_FEED_CONNECTIONS`,
    default: '32',
    description: 'Open connections to the live admin feed (/__emulator/events) at once; one more gets 429.',
    parse: integer('max-feed-connections', 1, 10_000),
  },
  {
    key: 'maxChainLength',
    option: 'maxChainLength',
    flag: '--max-chain-length <n>',
    env: `${ENV_PREFIX}MAX_CHAIN_LENGTH`,
    default: '1000',
    description: 'Longest previous_response_id chain a request may continue (in responses); longer gets 400 chain_too_long.',
    parse: integer('max-chain-length', 1, 1_000_000),
  },
  {
    key: 'maxConversationItems',
    option: 'maxConversationItems',
    flag: '--max-conversation-items <n>',
    env: `${ENV_PREFIX}MAX_CONVERSATION_ITEMS`,
    default: '10000',
    description: 'Most items one conversation may hold; a request that would add more gets 400 conversation_too_long.',
    parse: integer('max-conversation-items', 1, 10_000_000),
  },
] as const satisfies readonly OptionSpec<keyof ResolvedConfig>[];

/** Switches: an empty value is off, as an unset one is (`RESPONSES_EMULATOR_STRICT=` in a shell script). */
function boolean(name: string): (raw: string) => boolean {
  return (raw) => {
    const v = raw.trim().toLowerCase();
    if (v === 'true' || v === '1' || v === 'yes' || v === 'on') return true;
    if (v === 'false' || v === '0' || v === 'no' || v === 'off' || v === '') return false;
    throw new ConfigError(`${name} must be true or false (or 1/0, yes/no, on/off), got '${raw}'.`);
  };
}

/**
 * Parses the value of an option's environment variable with the option's own parser. An error names
 * the variable: the user set it somewhere (a shell profile, a CI file) and may not see it on the command line.
 */
export function parseEnvValue(env: string, raw: string): unknown {
  const spec = OPTIONS.find((o) => o.env === env);
  if (!spec) throw new ConfigError(`${env} is not an option's environment variable.`);
  try {
    return spec.parse(raw);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${env}: ${err.message}`);
    throw err;
  }
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseInstant(raw: string): number {
  const text = raw.trim();
  if (/^\d{1,12}$/.test(text)) return Number(text) * 1000;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) throw new ConfigError(`fixed-time must be Unix seconds or an ISO-8601 date, got '${raw}'.`);
  return ms;
}

/** Defaults that depend on the environment. */
const DYNAMIC_DEFAULTS: Partial<Record<keyof ResolvedConfig, () => unknown>> = { logLevel: () => defaultLogLevel(), apiKeys: () => [] };

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;

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
      out[spec.key] = spec.default === null ? (DYNAMIC_DEFAULTS[spec.key]?.() ?? null) : spec.parse(spec.default);
    } else if (given instanceof Date) {
      if (Number.isNaN(given.getTime())) throw new ConfigError(`${spec.option} is an invalid Date.`);
      out[spec.key] = given.getTime();
    } else if (typeof given === 'string' || typeof given === 'number' || typeof given === 'boolean') {
      out[spec.key] = spec.parse(String(given));
    } else {
      throw new ConfigError(`${spec.option} must be a string or a number.`);
    }
  }
  const config = out as unknown as ResolvedConfig;
  if (config.recordMode !== 'none' && !config.upstream) throw new ConfigError(`record-mode ${config.recordMode} needs --upstream <url>.`);
  if (config.recordMode !== 'none' && !config.fixturesDir) throw new ConfigError(`record-mode ${config.recordMode} needs --fixtures <dir> to write to.`);
  return config;
}
