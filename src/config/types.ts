/**
 * The option types, derived from the option table so no option is written twice: `ResolvedConfig`
 * (what `core.config` holds) and `EmulatorOptions` (what the library accepts). test/testing/consumers/
 * options-shape.ts pins both to the shapes users have always seen.
 */
import type { AcceptedAs } from './spec';
import type { OPTIONS } from './table';

type Row = (typeof OPTIONS)[number];

/** An option whose default is null and that has no dynamic default is null when unset. */
type Unset<R extends Row> = R extends { default: null } ? (R extends { dynamicDefault: () => unknown } ? never : null) : never;

/** The resolved value: what the row's parser returns, or null when the option may stay unset. */
type Resolved<R extends Row> = ReturnType<R['parse']> | Unset<R>;

/**
 * What the library takes for a row: its `accepts` when it has one; else numbers, switches and choices
 * are given as they resolve, and everything else (lists, specs, strings) as a string.
 */
type Accepted<R extends Row> = R extends { accepts: infer A extends keyof AcceptedAs } ? AcceptedAs[A] : GivenAs<ReturnType<R['parse']>>;
type GivenAs<T> = T extends number ? number : T extends boolean ? boolean : string extends T ? string : T extends string ? T : string;

export type ResolvedConfig = { [R in Row as R['key']]: Resolved<R> };

/** Options accepted by `startEmulator` / `createApp`; each is also a CLI flag and an env var. */
export type EmulatorOptions = { [R in Row as R['option']]?: Accepted<R> };
