/**
 * Turns ajv's errors into the single error the real API would report: the right code, a message in
 * the API's words and a `param` path pointing at the offending field.
 *
 * Unions are written as `if/then` dispatch on `type` (see schemas/), so most failures carry exactly one
 * leaf error. Where a real `anyOf` remains (e.g. `input` is a string or an array), every branch reports
 * an error; the one that reached deepest into the data is the one the client meant.
 */
import type { ErrorObject } from 'ajv';
import { ApiError, invalidRequest } from '../errors';
import { pointerToSegments, segmentsToParam, valueAt } from './param-path';

/** Keywords that only summarise their sub-schemas' failures. */
const WRAPPER_KEYWORDS = new Set(['if', 'anyOf', 'oneOf', 'allOf', 'not', 'propertyNames', 'then', 'else']);

/** The one failure the API would report among ajv's errors (null: none that can be named). */
export function mostSpecificError(errors: readonly ErrorObject[]): ErrorObject | null {
  const leaves = dropMootErrors(errors.filter((e) => !WRAPPER_KEYWORDS.has(e.keyword)));
  return leaves.length === 0 ? null : pickMostSpecific(leaves);
}

export function schemaErrorToApiError(errors: readonly ErrorObject[], data: unknown): ApiError {
  const leaves = dropMootErrors(errors.filter((e) => !WRAPPER_KEYWORDS.has(e.keyword)));
  if (leaves.length === 0) return invalidRequest('Invalid request body.', null, 'invalid_value');
  const best = pickMostSpecific(leaves);
  const segments = pointerToSegments(best.instancePath);
  const param = segmentsToParam(segments);
  const value = valueAt(data, segments);
  const p = best.params as Record<string, unknown>;

  switch (best.keyword) {
    case 'additionalProperties': {
      const name = segmentsToParam([...segments, String(p.additionalProperty)]);
      return invalidRequest(`Unknown parameter: '${name}'.`, name, 'unknown_parameter');
    }
    case 'required': {
      const name = segmentsToParam([...segments, String(p.missingProperty)]);
      return invalidRequest(`Missing required parameter: '${name}'.`, name, 'missing_required_parameter');
    }
    case 'type': {
      const expected = new Set<string>();
      for (const e of leaves) {
        if (e.keyword === 'type' && e.instancePath === best.instancePath) {
          for (const t of String((e.params as { type: string }).type).split(',')) expected.add(t);
        }
      }
      expected.delete('null');
      const subject = param === null ? 'request body' : `'${param}'`;
      return invalidRequest(
        `Invalid type for ${subject}: expected ${describeTypes([...expected])}, but got ${describeValueType(value)} instead.`,
        param,
        'invalid_type',
      );
    }
    case 'enum':
    case 'const': {
      const allowed = (best.keyword === 'const' ? [p.allowedValue] : (p.allowedValues as unknown[])).filter((v) => v !== null);
      return invalidRequest(
        `Invalid value: ${quoteValue(value)}. Supported values are: ${listValues(allowed)}.`,
        param,
        'invalid_value',
      );
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const below = best.keyword.toLowerCase().includes('min');
      const kind = declaredType(best) === 'integer' ? 'integer' : 'decimal';
      const op = String(p.comparison);
      return invalidRequest(
        `Invalid '${param}': ${kind} ${below ? 'below minimum' : 'above maximum'} value. ` +
          `Expected a value ${op} ${String(p.limit)}, but got ${String(value)} instead.`,
        param,
        `${kind}_${below ? 'below_min' : 'above_max'}_value`,
      );
    }
    case 'maxLength':
    case 'minLength': {
      if (best.propertyName !== undefined) {
        return invalidRequest(
          `Invalid '${param}': key '${best.propertyName}' is too long. Expected keys with maximum length ${String(p.limit)}.`,
          param,
          'string_above_max_length',
        );
      }
      return lengthError(param, 'string', typeof value === 'string' ? [...value].length : 0, best.keyword === 'maxLength', Number(p.limit));
    }
    case 'maxItems':
    case 'minItems':
      return lengthError(param, 'array', Array.isArray(value) ? value.length : 0, best.keyword === 'maxItems', Number(p.limit));
    case 'maxProperties': {
      const count = value && typeof value === 'object' ? Object.keys(value).length : 0;
      return invalidRequest(
        `Invalid '${param}': too many properties. Expected an object with at most ${String(p.limit)} properties, but got an object with ${count} properties instead.`,
        param,
        'object_above_max_properties',
      );
    }
    case 'format':
      return invalidRequest(
        `Invalid '${param}': expected a valid ${String(p.format).toUpperCase()}, but got ${quoteValue(value)} instead.`,
        param,
        'invalid_value',
      );
    case 'pattern':
      return invalidRequest(
        `Invalid '${param}': string does not match pattern. Expected a string that matches the pattern '${String(p.pattern)}'.`,
        param,
        'invalid_value',
      );
    default:
      return invalidRequest(`Invalid '${param ?? 'request body'}': ${best.message ?? 'invalid value'}.`, param, 'invalid_value');
  }
}

/**
 * Ajv reports value keywords (`enum`, `const`) of a schema even when its `type` already failed; the
 * type mismatch is the real problem there, so the others from the same schema at the same place go.
 */
function dropMootErrors(errors: ErrorObject[]): ErrorObject[] {
  const typeFailed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => `${e.instancePath}|${parentOf(e.schemaPath)}`));
  return errors.filter((e) => e.keyword === 'type' || !typeFailed.has(`${e.instancePath}|${parentOf(e.schemaPath)}`));
}

function parentOf(schemaPath: string): string {
  return schemaPath.slice(0, schemaPath.lastIndexOf('/'));
}

/** The JSON type the failing schema declares (needs ajv's `verbose` option). */
function declaredType(e: ErrorObject): string | undefined {
  const type = (e.parentSchema as { type?: unknown } | undefined)?.type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null');
  return typeof type === 'string' ? type : undefined;
}

/** "string too long", "empty array"…: the API's wording and codes for length limits. */
function lengthError(param: string | null, kind: 'string' | 'array', length: number, tooLong: boolean, limit: number): ApiError {
  const got = length === 0 ? `an empty ${kind}` : `a${kind === 'array' ? 'n' : ''} ${kind} with length ${length}`;
  if (tooLong) {
    return invalidRequest(
      `Invalid '${param}': ${kind} too long. Expected a${kind === 'array' ? 'n' : ''} ${kind} with maximum length ${limit}, but got ${got} instead.`,
      param,
      `${kind}_above_max_length`,
    );
  }
  return invalidRequest(
    `Invalid '${param}': ${length === 0 ? `empty ${kind}` : `${kind} too short`}. Expected a${kind === 'array' ? 'n' : ''} ${kind} with minimum length ${limit}, but got ${got} instead.`,
    param,
    length === 0 ? `empty_${kind}` : `${kind}_below_min_length`,
  );
}

/** The error that got furthest into the data; at equal depth, a value error beats a type mismatch. */
function pickMostSpecific(errors: readonly ErrorObject[]): ErrorObject {
  let best = errors[0];
  let bestScore = score(best);
  for (const e of errors.slice(1)) {
    const s = score(e);
    if (s > bestScore) {
      best = e;
      bestScore = s;
    }
  }
  return best;
}

function score(e: ErrorObject): number {
  let depth = pointerToSegments(e.instancePath).length;
  if (e.keyword === 'required' || e.keyword === 'additionalProperties') depth += 1;
  return depth * 2 + (e.keyword === 'type' ? 0 : 1);
}

function describeTypes(types: string[]): string {
  const names = types.map(withArticle);
  if (names.length === 0) return 'a value';
  if (names.length === 1) return names[0];
  return `one of ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function withArticle(type: string): string {
  switch (type) {
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a decimal';
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'null':
      return 'null';
    default:
      return `a ${type}`;
  }
}

export function describeValueType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return withArticle(typeof value);
}

function quoteValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 200 ? value.slice(0, 200) + '…' : value}'`;
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 200 ? json.slice(0, 200) + '…' : json;
}

function listValues(values: unknown[]): string {
  const quoted = values.map((v) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v)));
  if (quoted.length <= 1) return quoted.join('');
  if (quoted.length === 2) return `${quoted[0]} and ${quoted[1]}`;
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}
