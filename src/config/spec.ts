/**
 * What one row of the option table holds, and the few ways the library takes a value that differ from
 * what the option resolves to. The option types users see (EmulatorOptions, ResolvedConfig) are derived
 * from the rows in ./types, so a row is the only place an option is written.
 */

/** Library values wider than the resolved value's own type (the rest follow from the parser; see ./types). */
export interface AcceptedAs {
  /** A string, or a number that is read as one (`seed: 42`, `bodyLimit: 1_048_576`). */
  'text or number': string | number;
  /** Unix seconds, an ISO-8601 string, a Date; null for the system clock. */
  instant: string | number | Date | null;
  /** A string; null leaves the option unset. */
  'text or null': string | null;
}

export interface OptionSpec {
  /** Its name in the resolved config (`core.config`). */
  key: string;
  /** Its name as a library option (`startEmulator({ … })`). */
  option: string;
  /** Commander's flag syntax; a flag without `<value>` is a switch. */
  flag: string;
  env: string;
  /** The raw default, parsed like a given value; null: unset (or `dynamicDefault`). Shown in --help and the README. */
  default: string | null;
  description: string;
  parse(raw: string): unknown;
  /** When the library accepts more than the parser's result type says (see AcceptedAs). */
  accepts?: keyof AcceptedAs;
  /** A default that depends on the environment, computed when the config is resolved. */
  dynamicDefault?: () => unknown;
}
