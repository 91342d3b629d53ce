// Type-checked by `npm run typecheck` against the built package's declarations. Never run.
// The option types are derived from the one option table (src/config/); this pins the shape users
// see in dist/index.d.ts to the hand-written interfaces they replaced, so a table edit that changes
// what a user may pass, or what `core.config` holds, fails the type check. Each field is compared
// both ways (optional, readonly and exact type), not just assignability.
import type { EmulatorOptions, ResolvedConfig } from 'responses-emulator';

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
type TimingModel = ResolvedConfig['timing'];
type ChaosRate = ResolvedConfig['chaos'][number];

/** True only when A and B are the same type (the identity trick tsd and type-fest use). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectTrue<T extends true>(): T | void {}

interface ExpectedEmulatorOptions {
  port?: number;
  host?: string;
  seed?: string | number;
  fixedTime?: string | number | Date | null;
  maxStoredResponses?: number;
  responseTtl?: number;
  store?: string;
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
  unknownParams?: 'reject' | 'warn';
  allowedHosts?: string;
  corsOrigins?: string;
  maxFeedConnections?: number;
  maxChainLength?: number;
  maxConversationItems?: number;
}

interface ExpectedResolvedConfig {
  port: number;
  host: string;
  seed: string;
  fixedTimeMs: number | null;
  maxStoredResponses: number;
  responseTtlMs: number;
  store: string;
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
  dialect: 'openai' | 'open-responses';
  modelSnapshots: boolean;
  aitronosToolFinishReason: 'tool_calls' | 'toolCalls';
  requestTimeoutMs: number;
  shutdownGraceMs: number;
  unknownParams: 'reject' | 'warn';
  allowedHosts: string[];
  corsOrigins: string[];
  maxFeedConnections: number;
  maxChainLength: number;
  maxConversationItems: number;
}

expectTrue<Equal<EmulatorOptions, ExpectedEmulatorOptions>>();
expectTrue<Equal<ResolvedConfig, ExpectedResolvedConfig>>();
// The timing model and chaos rates keep their own shapes (a timing model is not `any`).
expectTrue<Equal<TimingModel extends { ttftMs: number } ? true : false, true>>();
expectTrue<Equal<ChaosRate extends { probability: number } ? true : false, true>>();
