/**
 * JSON Schemas that users send (function `parameters`, `text.format.schema`, MCP input schemas):
 * checked against the JSON Schema meta-schema, against the generator's bounds (./schema-bounds) and,
 * where the request asks for strict mode, against OpenAI's strict-mode rules; compiled once per
 * distinct schema. `pattern`s run on the linear-time regex engine.
 *
 * Memory stays bounded: Ajv keeps every schema it compiled (and its validator) in the instance's own
 * scope for as long as the instance lives, and `removeSchema` does not free that. So compiled
 * validators sit in a small LRU, and each Ajv instance compiles at most COMPILES_PER_COMPILER
 * schemas before a fresh one takes over; a retired instance is dropped once none of its validators
 * is cached any more. `clearUserSchemas()` (the emulator's reset) drops them all.
 */
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { linearRegex } from '../validation/linear-regex';
import { schemaBoundsViolation, UnsupportedSchemaFeature } from './schema-bounds';

/** Validators kept (least recently used evicted first). */
export const MAX_CACHED_VALIDATORS = 128;
/** Schemas one Ajv instance compiles before it is retired. */
export const COMPILES_PER_COMPILER = 128;

/** Ajv's pluggable regex engine: RE2JS instead of RegExp (no catastrophic backtracking). */
const ajvRegExp = Object.assign((pattern: string, flags: string) => linearRegex(pattern, flags), { code: 'linearRegex' });

/** An Ajv instance pair (draft-07 and 2020-12) and how many of its validators are still cached. */
interface Compiler {
  draft07: Ajv;
  draft2020: Ajv;
  compiled: number;
  cachedValidators: number;
}

interface Cached {
  validate: ValidateFunction;
  compiler: Compiler;
}

/** The compiler new schemas go to; built when a request first carries a schema (start-up does not pay). */
let current: Compiler | null = null;
/** Compilers that still own cached validators (the current one included). */
const live = new Set<Compiler>();
const cache = new Map<string, Cached>();

function newCompiler(): Compiler {
  const { default: AjvDraft07 } = require('ajv') as typeof import('ajv');
  const { default: Ajv2020 } = require('ajv/dist/2020') as typeof import('ajv/dist/2020');
  const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
  const options = { strict: false, allErrors: false, code: { regExp: ajvRegExp } } as const;
  const compiler: Compiler = { draft07: new AjvDraft07(options), draft2020: new Ajv2020(options), compiled: 0, cachedValidators: 0 };
  addFormats(compiler.draft07);
  addFormats(compiler.draft2020);
  return compiler;
}

function compilerForNewSchema(): Compiler {
  if (!current || current.compiled >= COMPILES_PER_COMPILER) {
    if (current && current.cachedValidators === 0) live.delete(current);
    current = newCompiler();
    live.add(current);
  }
  return current;
}

export class InvalidUserSchema extends Error {
  /** The message is the API's whole message, not a reason to prefix with "Invalid schema for …:". */
  readonly whole: boolean;
  constructor(message: string, options: { whole?: boolean } = {}) {
    super(message);
    this.whole = options.whole === true;
  }
}

/** The validator for a user schema; throws InvalidUserSchema with a readable reason when it is not a valid, generatable schema. */
export function compileUserSchema(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached.validate;
  }
  // $id and $schema would clash across requests in a shared ajv; they carry nothing a generator needs.
  const { $id: _id, $schema, ...body } = schema;
  const compiler = compilerForNewSchema();
  const ajv = typeof $schema === 'string' && /2020-12|2019-09/.test($schema) ? compiler.draft2020 : compiler.draft07;
  if (!ajv.validateSchema(body)) {
    const e = ajv.errors?.[0];
    const where = e?.instancePath ? `'${e.instancePath.slice(1).replace(/\//g, '.')}'` : 'the schema';
    throw new InvalidUserSchema(`${where} ${e?.message ?? 'is not a valid JSON Schema'}`);
  }
  let outOfBounds: string | null;
  try {
    outOfBounds = schemaBoundsViolation(body);
  } catch (err) {
    if (err instanceof UnsupportedSchemaFeature) throw new InvalidUserSchema(err.message, { whole: true });
    throw err;
  }
  if (outOfBounds) throw new InvalidUserSchema(outOfBounds);
  let validate: ValidateFunction;
  compiler.compiled++;
  try {
    validate = ajv.compile(body);
  } catch (err) {
    throw new InvalidUserSchema((err as Error).message);
  }
  cache.set(key, { validate, compiler });
  compiler.cachedValidators++;
  while (cache.size > MAX_CACHED_VALIDATORS) evict(cache.keys().next().value!);
  return validate;
}

function evict(key: string): void {
  const entry = cache.get(key)!;
  cache.delete(key);
  if (--entry.compiler.cachedValidators === 0 && entry.compiler !== current) live.delete(entry.compiler);
}

/** Forgets every compiled user schema (the emulator's reset). */
export function clearUserSchemas(): void {
  cache.clear();
  live.clear();
  current = null;
}

/** What the cache holds, from the cache's and Ajv's own bookkeeping (for tests and diagnostics). */
export function userSchemaCacheStats(): { validators: number; compilers: number; ajvSchemas: number } {
  let ajvSchemas = 0;
  for (const c of live) for (const ajv of [c.draft07, c.draft2020]) ajvSchemas += (ajv as unknown as { _cache: Map<unknown, unknown> })._cache.size;
  return { validators: cache.size, compilers: live.size, ajvSchemas };
}

/**
 * OpenAI's strict mode (`strict: true` on a function tool or a json_schema format): every object
 * must set `additionalProperties: false` and list all its properties in `required`. Returns the
 * API's message for the first violation, or null.
 */
export function strictModeViolation(schema: unknown, context: string[] = []): string | null {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return null;
  const s = schema as Record<string, unknown>;
  const ctx = `In context=(${context.map((c) => `'${c}'`).join(', ')}${context.length === 1 ? ',' : ''})`;
  const isObject = s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object')) || (s.properties !== undefined && s.type === undefined);
  if (isObject) {
    if (s.additionalProperties !== false) return `${ctx}, 'additionalProperties' is required to be supplied and to be false.`;
    const keys = Object.keys((s.properties ?? {}) as object);
    const required = Array.isArray(s.required) ? (s.required as string[]) : [];
    const missing = keys.find((k) => !required.includes(k));
    if (missing !== undefined || !Array.isArray(s.required) && keys.length > 0) {
      return `${ctx}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing ?? keys[0]}'.`;
    }
  }
  const children: [string[], unknown][] = [];
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) children.push([['properties', k], v]);
  for (const defs of ['$defs', 'definitions']) for (const [k, v] of Object.entries((s[defs] ?? {}) as Record<string, unknown>)) children.push([[defs, k], v]);
  if (s.items && typeof s.items === 'object') children.push([['items'], s.items]);
  for (const union of ['anyOf', 'allOf', 'oneOf']) if (Array.isArray(s[union])) (s[union] as unknown[]).forEach((v, i) => children.push([[union, String(i)], v]));
  for (const [path, child] of children) {
    const violation = strictModeViolation(child, [...context, ...path]);
    if (violation) return violation;
  }
  return null;
}
