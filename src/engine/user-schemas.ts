/**
 * JSON Schemas that users send (function `parameters`, `text.format.schema`, MCP input schemas):
 * compiled once per distinct schema (bounded cache), checked against the JSON Schema meta-schema,
 * and, where the request asks for strict mode, against OpenAI's strict-mode rules.
 */
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';

/** Ajv instances for draft-07 and 2020-12 schemas, built when a request first carries a schema (start-up does not pay). */
let compilers: { draft07: Ajv; draft2020: Ajv } | null = null;
function userSchemaCompilers(): { draft07: Ajv; draft2020: Ajv } {
  if (!compilers) {
    const { default: AjvDraft07 } = require('ajv') as typeof import('ajv');
    const { default: Ajv2020 } = require('ajv/dist/2020') as typeof import('ajv/dist/2020');
    const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
    compilers = { draft07: new AjvDraft07({ strict: false, allErrors: false }), draft2020: new Ajv2020({ strict: false, allErrors: false }) };
    addFormats(compilers.draft07);
    addFormats(compilers.draft2020);
  }
  return compilers;
}

const MAX_CACHED = 1000;
const cache = new Map<string, ValidateFunction>();

export class InvalidUserSchema extends Error {}

/** The validator for a user schema; throws InvalidUserSchema with a readable reason when it is not a valid schema. */
export function compileUserSchema(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  const cached = cache.get(key);
  if (cached) return cached;
  // $id and $schema would clash across requests in a shared ajv; they carry nothing a generator needs.
  const { $id: _id, $schema, ...body } = schema;
  const { draft07, draft2020 } = userSchemaCompilers();
  const ajv = typeof $schema === 'string' && /2020-12|2019-09/.test($schema) ? draft2020 : draft07;
  if (!ajv.validateSchema(body)) {
    const e = ajv.errors?.[0];
    const where = e?.instancePath ? `'${e.instancePath.slice(1).replace(/\//g, '.')}'` : 'the schema';
    throw new InvalidUserSchema(`${where} ${e?.message ?? 'is not a valid JSON Schema'}`);
  }
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(body);
  } catch (err) {
    throw new InvalidUserSchema((err as Error).message);
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, validate);
  return validate;
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
