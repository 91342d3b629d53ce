import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, OPTIONS, parseEnvValue, parseInstant, resolveConfig, type EmulatorOptions } from '../../src/config';

describe('configuration', () => {
  test('defaults', () => {
    expect(resolveConfig()).toEqual({
      port: 4010,
      host: '127.0.0.1',
      seed: '0',
      fixedTimeMs: null,
      maxStoredResponses: 10000,
      responseTtlMs: 0,
      store: 'memory',
      maxConversations: 10000,
      bodyLimitBytes: 50 * 1024 * 1024,
      timing: { queueMs: 0, ttftMs: 0, tokensPerSecond: 0, jitter: 0 },
      backgroundTiming: { queueMs: 100, ttftMs: 150, tokensPerSecond: 400, jitter: 0 },
      chunkTokens: 3,
      keepAliveMs: 15000,
      fixturesDir: null,
      strict: false,
      replaySpeed: 0,
      keepFixtureIds: false,
      watchFixtures: false,
      upstream: null,
      recordMode: 'none',
      testIdHeader: 'x-test-id',
      redactHeaders: [],
      redactFields: [],
      logLevel: 'silent',
      apiKeys: [],
      rpm: null,
      tpm: null,
      chaos: [],
      journalSize: 1000,
      admin: true,
      dialect: 'openai',
      modelSnapshots: false,
      aitronosToolFinishReason: 'tool_calls',
      requestTimeoutMs: 30000,
      shutdownGraceMs: 5000,
      unknownParams: 'reject',
      allowedHosts: [],
      corsOrigins: [],
      maxFeedConnections: 32,
      maxChainLength: 1000,
      maxConversationItems: 10000,
    });
  });

  test('programmatic options go through the CLI parsers', () => {
    expect(resolveConfig({ port: 0, seed: 7, fixedTime: 1741476542, bodyLimit: '1mb' })).toMatchObject({
      port: 0,
      seed: '7',
      fixedTimeMs: 1741476542000,
      bodyLimitBytes: 1024 * 1024,
    });
    expect(resolveConfig({ fixedTime: new Date('2025-03-09T00:00:00Z') }).fixedTimeMs).toBe(Date.parse('2025-03-09T00:00:00Z'));
  });

  test.each([
    [{ port: 70000 }, /port must be between 0 and 65535/],
    [{ port: 'abc' as unknown as number }, /port must be an integer/],
    [{ host: ' ' }, /host must not be empty/],
    [{ maxStoredResponses: 0 }, /max-stored-responses must be between/],
    [{ bodyLimit: 'lots' }, /body-limit must be a size/],
    [{ fixedTime: 'yesterday' }, /fixed-time must be/],
    [{ seed: 'x'.repeat(300) }, /seed must be 1 to 256 characters/],
    [{ prot: 1 } as object, /Unknown option 'prot'/],
    [{ timing: 'warp' }, /unknown timing preset 'warp'/],
    [{ timing: 'ttft=-1' }, /'ttft' must be a non-negative number/],
    [{ timing: 'jitter=2' }, /jitter must be between 0 and 1/],
    [{ timing: 'speed=3' }, /unknown timing key 'speed'/],
    [{ chunkTokens: 0 }, /chunk-tokens must be between/],
    [{ keepAlive: -1 }, /keep-alive must be between/],
    [{ backgroundTiming: 'queue=x' }, /background-timing: 'queue' must be a non-negative number/],
    [{ responseTtl: -5 }, /response-ttl must be between/],
    [{ store: 'redis://' }, /store must be 'memory' or a Redis URL/],
    [{ store: 'redis://:secret@localhost:6379/x' }, /store must be 'memory' or a Redis URL.*got 'redis:\/\/:\*\*\*@localhost:6379\/x'/],
    // A password with '/' or '@' in it (unencoded) is not printed, whatever part of the URL it seems to be.
    [{ store: 'redis://u:se/cret@localhost:6379' }, /store must be 'memory' or a Redis URL.*got 'redis:\/\/\*\*\*@localhost:6379'/],
    [{ store: 'redis://u:p@ss/x@localhost:6379/x' }, /store must be 'memory' or a Redis URL.*got 'redis:\/\/\*\*\*@localhost:6379\/x'/],
    [{ maxConversations: 0 }, /max-conversations must be between/],
    [{ strict: 'maybe' as unknown as boolean }, /strict must be true or false \(or 1\/0, yes\/no, on\/off\), got 'maybe'/],
    [{ replaySpeed: -1 }, /replay-speed must be a number from 0 to 1000/],
    [{ upstream: 'ftp://x' }, /upstream must be an http\(s\) URL/],
    [{ recordMode: 'some' as 'all' }, /record-mode must be one of none, all, missing/],
    [{ recordMode: 'all', fixtures: 'x' }, /record-mode all needs --upstream/],
    [{ recordMode: 'all', upstream: 'http://x' }, /record-mode all needs --fixtures/],
    [{ testIdHeader: 'not a header' }, /test-id-header must be a header name/],
    [{ logLevel: 'loud' as 'info' }, /log-level must be one of/],
    [{ dialect: 'aitronos' as 'openai' }, /dialect must be one of openai, open-responses/],
    [{ aitronosToolFinishReason: 'tools' as 'toolCalls' }, /aitronos-tool-finish-reason must be one of tool_calls, toolCalls/],
    [{ chaos: 'rate_limit=0.5,server_error=0.6' }, /add up to 1.1/],
    [{ chaos: 'meltdown=0.1' }, /unknown fault 'meltdown'/],
    [{ chaos: 'rate_limit' }, /expected <fault>=<probability/],
    [{ chaos: 'rate_limit;after=x=0.1' }, /bad parameter 'after=x'/],
    [{ rpm: 0 }, /rpm/],
    [{ journalSize: -1 }, /journal-size/],
    [{ admin: 'maybe' as unknown as boolean }, /admin/],
  ] as [object, RegExp][])('%j is refused', (options, message) => {
    expect(() => resolveConfig(options as EmulatorOptions)).toThrow(ConfigError);
    expect(() => resolveConfig(options as EmulatorOptions)).toThrow(message);
  });

  test('timing specs: presets, keys, or both', () => {
    expect(resolveConfig({ timing: 'realistic' }).timing).toEqual({ queueMs: 800, ttftMs: 450, tokensPerSecond: 60, jitter: 0.25 });
    expect(resolveConfig({ timing: 'realistic,jitter=0' }).timing).toEqual({ queueMs: 800, ttftMs: 450, tokensPerSecond: 60, jitter: 0 });
    expect(resolveConfig({ timing: 'ttft=120, tps=30' }).timing).toEqual({ queueMs: 0, ttftMs: 120, tokensPerSecond: 30, jitter: 0 });
    expect(resolveConfig({ backgroundTiming: 'queue=5' }).backgroundTiming).toEqual({ queueMs: 5, ttftMs: 0, tokensPerSecond: 0, jitter: 0 });
  });

  test('instants: Unix seconds or ISO-8601', () => {
    expect(parseInstant('1741476542')).toBe(1741476542000);
    expect(parseInstant('2025-03-09T00:00:00Z')).toBe(Date.parse('2025-03-09T00:00:00Z'));
  });

  test('allowed hosts and CORS origins are normalised', () => {
    expect(resolveConfig({ allowedHosts: 'Emulator, .SVC.test ,all' }).allowedHosts).toEqual(['emulator', '.svc.test', 'all']);
    expect(resolveConfig({ corsOrigins: 'http://LOCALHOST:5173/, https://app.test' }).corsOrigins).toEqual(['http://localhost:5173', 'https://app.test']);
    expect(() => resolveConfig({ corsOrigins: 'null' })).toThrow(ConfigError);
  });

  test('switches parse their value: true/1/yes/on, false/0/no/off (any case) and empty', () => {
    for (const raw of ['true', '1', 'yes', 'on', 'TRUE', ' On ', 'Yes']) expect(resolveConfig({ strict: raw as unknown as boolean }).strict).toBe(true);
    for (const raw of ['false', '0', 'no', 'off', 'FALSE', ' Off ', 'No', '']) expect(resolveConfig({ strict: raw as unknown as boolean }).strict).toBe(false);
    expect(resolveConfig({ admin: 'off' as unknown as boolean }).admin).toBe(false);
  });

  test('an environment variable is parsed by its option; an error names the variable', () => {
    expect(parseEnvValue('RESPONSES_EMULATOR_STRICT', 'false')).toBe(false);
    expect(parseEnvValue('RESPONSES_EMULATOR_STRICT', '0')).toBe(false);
    expect(parseEnvValue('RESPONSES_EMULATOR_STRICT', 'no')).toBe(false);
    expect(parseEnvValue('RESPONSES_EMULATOR_STRICT', 'on')).toBe(true);
    expect(() => parseEnvValue('RESPONSES_EMULATOR_STRICT', 'maybe')).toThrow(
      new ConfigError("RESPONSES_EMULATOR_STRICT: strict must be true or false (or 1/0, yes/no, on/off), got 'maybe'."),
    );
    expect(() => parseEnvValue('RESPONSES_EMULATOR_PORT', 'abc')).toThrow(/^RESPONSES_EMULATOR_PORT: port must be an integer, got 'abc'\.$/);
    expect(() => parseEnvValue('RESPONSES_EMULATOR_TIMING', 'warp')).toThrow(/^RESPONSES_EMULATOR_TIMING: timing: unknown timing preset 'warp'/);
    // Every option's parser errors through the same path, so each bad value names its own variable.
    for (const spec of OPTIONS) {
      try {
        parseEnvValue(spec.env, '\u0000 not a value \u0000');
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as Error).message.startsWith(`${spec.env}: `)).toBe(true);
      }
    }
  });

  test('the README documents every option with its flag, env var and default', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    for (const spec of OPTIONS) {
      const flag = spec.flag.split(' ')[0];
      const row = readme.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${flag}`));
      expect(row).toBeDefined();
      expect(row).toContain(`\`${spec.env}\``);
      if (spec.default !== null && spec.default !== "") expect(row).toContain(`\`${spec.default}\``);
    }
  });
});
