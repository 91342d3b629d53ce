/**
 * What to do with a parameter the schemas do not know. The real API refuses it (`400 Unknown
 * parameter: 'x'.`), and so does the emulator by default. Every SDK release adds fields, though, and
 * clients send undocumented ones the API accepts; with `--unknown-params warn` such a parameter is
 * dropped and the request answered, and the caller is told which (the transports put it in a
 * response header, the journal and the inspector).
 */
import type { ValidateFunction } from 'ajv';
import type { ApiError } from '../errors';
import { pointerToSegments, segmentsToParam } from './param-path';
import { mostSpecificError, schemaErrorToApiError } from './schema-errors';

export type UnknownParamsMode = 'reject' | 'warn';

export const UNKNOWN_PARAMS_MODES = ['reject', 'warn'] as const satisfies readonly UnknownParamsMode[];

/** The header naming the parameters dropped from a request answered anyway (`a,tools[0].b`). */
export const UNKNOWN_PARAMS_HEADER = 'x-emulator-unknown-params';

/** A body carrying more unknown parameters than this is refused even in `warn` mode (each costs a validation). */
export const MAX_DROPPED_PARAMS = 64;

export interface UnknownParamsPolicy {
  readonly mode: UnknownParamsMode;
  /** Told the paths of the parameters dropped from a body that is answered anyway. */
  report(paths: readonly string[]): void;
}

/** The API's behaviour: an unknown parameter is a 400. */
export const REJECT_UNKNOWN_PARAMS: UnknownParamsPolicy = { mode: 'reject', report: () => undefined };

/**
 * The policy `--unknown-params` names, for every transport: the API's refusal, or parameters dropped
 * and told to `report` with `target` (the exchange's reply or its journal entry; a function and its
 * target rather than a closure, so that the default mode allocates nothing).
 */
export function unknownParamsPolicyFor<T>(mode: UnknownParamsMode, target: T, report: (target: T, paths: readonly string[]) => void): UnknownParamsPolicy {
  return mode === 'warn' ? { mode, report: (paths) => report(target, paths) } : REJECT_UNKNOWN_PARAMS;
}

/**
 * Validates `body`; returns it (a copy without the unknown parameters, in `warn` mode) or throws the
 * API's error. Unknown parameters are dropped one at a time, each being the error the API would
 * report first, so what is dropped is exactly what `reject` mode would have named.
 */
export function validateWithPolicy(validate: ValidateFunction, body: unknown, policy: UnknownParamsPolicy): unknown {
  if (validate(body)) return body;
  let current = body;
  const dropped: string[] = [];
  for (;;) {
    const unknown = policy.mode === 'warn' && dropped.length < MAX_DROPPED_PARAMS ? unknownProperty(validate) : null;
    if (!unknown) throw refusal(validate, current);
    if (dropped.length === 0) current = structuredClone(current);
    const parent = valueAtPath(current, unknown.slice(0, -1));
    delete parent[unknown[unknown.length - 1]];
    dropped.push(segmentsToParam(unknown) ?? '');
    if (validate(current)) {
      policy.report(dropped);
      return current;
    }
  }
}

function refusal(validate: ValidateFunction, body: unknown): ApiError {
  return schemaErrorToApiError(validate.errors ?? [], body);
}

/** The path of the unknown property the last validation would report, or null when it reports something else. */
function unknownProperty(validate: ValidateFunction): string[] | null {
  const best = mostSpecificError(validate.errors ?? []);
  if (!best || best.keyword !== 'additionalProperties') return null;
  return [...pointerToSegments(best.instancePath), String((best.params as { additionalProperty: string }).additionalProperty)];
}

function valueAtPath(root: unknown, segments: readonly string[]): Record<string, unknown> {
  let cur = root as Record<string, unknown>;
  for (const seg of segments) cur = cur[seg] as Record<string, unknown>;
  return cur;
}
