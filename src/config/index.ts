/**
 * The emulator's configuration: the option table (./table) and the two ways a value reaches it, an
 * environment variable (parseEnvValue; the CLI hands commander's values to the same parsers) and a
 * library option (resolveConfig, which also applies the defaults and checks options that depend on
 * each other).
 */
import { ConfigError } from './parsers';
import { OPTIONS } from './table';
import type { EmulatorOptions, ResolvedConfig } from './types';

export { ConfigError, parseInstant } from './parsers';
export { DEFAULT_FIXTURES_DIR, OPTIONS } from './table';
export type { EmulatorOptions, ResolvedConfig } from './types';

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

/** Applies defaults and validates programmatic options with the same parsers the CLI uses. */
/** Whether the recording proxy answers the API's requests (a record mode, and an upstream to record from). */
export function isRecording(config: Pick<ResolvedConfig, 'recordMode' | 'upstream'>): boolean {
  return config.recordMode !== 'none' && !!config.upstream;
}

export function resolveConfig(options: EmulatorOptions = {}): ResolvedConfig {
  const out: Partial<Record<keyof ResolvedConfig, unknown>> = {};
  const known = new Set<string>(OPTIONS.map((o) => o.option));
  for (const name of Object.keys(options)) {
    if (!known.has(name)) throw new ConfigError(`Unknown option '${name}'. Known options: ${[...known].join(', ')}.`);
  }
  for (const spec of OPTIONS) {
    const given = options[spec.option];
    if (given === undefined || given === null) {
      out[spec.key] = spec.default === null ? (('dynamicDefault' in spec ? spec.dynamicDefault() : null) ?? null) : spec.parse(spec.default);
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
