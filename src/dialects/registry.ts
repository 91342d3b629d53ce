/**
 * Every dialect the emulator speaks, and which one answers a path. Adding a dialect is one folder
 * under src/dialects/ with a `dialect.ts` exporting a `Dialect`, plus its schemas (README "A new
 * dialect"): `npm run build` lists it in list.generated.ts, and in config's `--dialect` choices when
 * its `paths.asDefault` is given. Registry order: the fallback (the dialect that owns no paths)
 * first, then by folder name; it matters only for `paths.owned` (the first match wins).
 */
import type { ResolvedConfig } from '../config';
import type { Dialect } from './dialect';
import { DIALECT_FILES } from './list.generated';

export const DIALECTS = DIALECT_FILES satisfies Readonly<Record<string, Dialect>>;

export type DialectName = keyof typeof DIALECTS;

/** Every dialect, in registry order. */
export const DIALECT_LIST: readonly Dialect[] = Object.values(DIALECTS);

/** The dialect of a path no other dialect takes, and of anything answered before a path is known. */
export const FALLBACK_DIALECT: Dialect = DIALECTS.openai;

const FALLBACK_NAME: DialectName = 'openai';
const NAMES = Object.keys(DIALECTS) as DialectName[];
const OWNING: readonly DialectName[] = NAMES.filter((name) => DIALECTS[name].paths.owned !== null);

/** The name of the dialect that answers a path (see DialectPaths for the rule); `DIALECTS[name]` is the dialect. */
export function dialectOfPath(path: string, config: Pick<ResolvedConfig, 'dialect'>): DialectName {
  for (const name of OWNING) if (DIALECTS[name].paths.owned!.test(path)) return name;
  const chosen = config.dialect as DialectName;
  return DIALECTS[chosen]?.paths.asDefault?.test(path) ? chosen : FALLBACK_NAME;
}
