/**
 * Values for a user's JSON Schema (tool arguments, structured outputs, MCP arguments), always
 * valid against it and deterministic: json-schema-faker drafts a value from a seeded random source,
 * then string and number leaves are replaced with what the prompt talks about when that keeps the
 * value valid ("weather in Boston" → `location: "Boston"`), and plain strings that would otherwise
 * be lorem ipsum get readable words. Every change is re-validated with ajv and undone if it breaks
 * the schema.
 */
import type { JSONSchemaFaker as Faker } from 'json-schema-faker';

/** json-schema-faker, loaded when a value is first faked (start-up does not pay for it). */
let faker: typeof Faker | null = null;
function jsonSchemaFaker(): typeof Faker {
  return (faker ??= (require('json-schema-faker') as typeof import('json-schema-faker')).JSONSchemaFaker);
}
import type { Rng } from '../random';
import { largestKeyword, smallestValueSize, subschemas } from './schema-bounds';
import { compileUserSchema } from './user-schemas';
import { linearRegex } from '../validation/linear-regex';
import type { PromptValues } from './prompt-values';
import { numberHint, stringHint, type FieldContext } from './value-hints';

type Schema = Record<string, unknown>;
type Path = (string | number)[];

const ATTEMPTS = 8;
/** A schema whose smallest value is bigger than this gets two drafts, not eight (each draft costs in proportion to its size). */
const LARGE_VALUE = 1000;
const LARGE_ATTEMPTS = 2;
/** Leaves offered a prompt value; each offer re-validates the whole value, so this is the step budget of refining. */
export const MAX_REFINED_LEAVES = 256;

/** No value could be generated: the schema is unsatisfiable, or beyond what the generator attempts. */
export class UnsatisfiableSchema extends Error {}

export interface FakeOptions {
  /** Tool arguments: leave most optional fields out, as a model calling a tool does (see dropOptionals). */
  leaveOutOptionals?: boolean;
}

/**
 * A value valid against `schema`. The schema was bounded when compiled (./schema-bounds), so each
 * draft is small; anything the faker or the validator throws on a hostile schema (a stack overflow
 * on a deep one, say) counts as a failed draft, and a schema no draft satisfies is an UnsatisfiableSchema.
 */
export function fakeValue(schema: Schema, rng: Rng, values: PromptValues, options: FakeOptions = {}): unknown {
  const validate = compileUserSchema(schema);
  const attempts = smallestValueSize(schema) > LARGE_VALUE ? LARGE_ATTEMPTS : ATTEMPTS;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const isValid = (v: unknown): boolean => validates(validate, v);
    let draft = draftValue(schema, rng.fork(`draft-${attempt}`));
    if (draft === undefined) continue;
    // json-schema-faker breaks a fractional `multipleOf` (0.5, 0.01) most of the time: such a draft gets
    // its numbers from the hints (which keep bounds and steps) before it is given up.
    if (!isValid(draft)) draft = withHintedNumbers(draft, schema, rng.fork(`numbers-${attempt}`), values);
    if (!isValid(draft)) continue;
    const trimmed = options.leaveOutOptionals ? dropOptionals(draft, schema, rng.fork(`optionals-${attempt}`), isValid) : draft;
    return refine(trimmed, schema, rng.fork(`refine-${attempt}`), values, isValid);
  }
  throw new UnsatisfiableSchema(`no value satisfies the schema (the emulator found none in ${attempts} attempts)`);
}

function validates(validate: (v: unknown) => unknown, value: unknown): boolean {
  try {
    return validate(value) === true;
  } catch {
    return false;
  }
}

function draftValue(schema: Schema, rng: Rng): unknown {
  const { $id: _id, $schema: _s, ...body } = schema;
  // Options are global in json-schema-faker, so all of them are set on every call. (Its
  // `optionalsProbability` is left alone: setting it makes arrays ignore `maxItems`.)
  const JSONSchemaFaker = jsonSchemaFaker();
  JSONSchemaFaker.option({
    random: () => rng.float(),
    alwaysFakeOptionals: false,
    fillProperties: false,
    useDefaultValue: false,
    useExamplesValue: false,
    failOnInvalidTypes: false,
    failOnInvalidFormat: false,
    ignoreMissingRefs: true,
    refDepthMax: 3,
    // The faker's caps, raised to what the schema asks for (bounded when it was compiled); every
    // array and string without a maximum got one near its minimum (`withMaximums`), so raising the
    // caps does not make unrelated arrays and strings long.
    maxItems: Math.max(4, largestKeyword(body, 'minItems')),
    maxLength: Math.max(60, largestKeyword(body, 'minLength')),
    minDateTime: '2020-01-01T00:00:00.000Z',
    maxDateTime: '2030-12-31T23:59:59.000Z',
  });
  try {
    return JSONSchemaFaker.generate(withMaximums(body) as never);
  } catch {
    return undefined;
  }
}

/** A copy of the schema where arrays and strings without `maxItems` / `maxLength` get one close to their minimum (still valid for the original). */
function withMaximums(schema: Schema): Schema {
  const copy = structuredClone(schema);
  const stack: Schema[] = [copy];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const isArray = node.type === 'array' || node.items !== undefined || node.prefixItems !== undefined || typeof node.minItems === 'number';
    const isString = node.type === 'string' || typeof node.minLength === 'number';
    if (isArray && node.maxItems === undefined) node.maxItems = Math.max(4, num(node.minItems), num(node.minContains));
    if (isString && node.maxLength === undefined && node.pattern === undefined) node.maxLength = Math.max(60, num(node.minLength));
    inclusiveBounds(node);
    // json-schema-faker draws a fractional `multipleOf` from Math.random (and mostly misses it): the
    // draft goes without, and fakeValue gives the numbers of a draft that breaks it their hints.
    if (typeof node.multipleOf === 'number' && !Number.isInteger(node.multipleOf)) delete node.multipleOf;
    for (const [child] of subschemas(node)) stack.push(child);
  }
  return copy;
}

/**
 * json-schema-faker reads `exclusiveMinimum` / `exclusiveMaximum` as draft-4 booleans; the numeric
 * form (draft 6 and later, what zod and OpenAI's docs write) becomes an inclusive bound just inside
 * it, so drafts land in range (an integer in (0, 2) is 1).
 */
function inclusiveBounds(node: Schema): void {
  const integer = node.type === 'integer';
  const nudge = (x: number): number => Math.max(1e-6, Math.abs(x) * 1e-9);
  const { exclusiveMinimum: lo, exclusiveMaximum: hi } = node;
  if (typeof lo === 'number' && Number.isFinite(lo)) {
    const inside = integer ? Math.floor(lo) + 1 : lo + nudge(lo);
    node.minimum = typeof node.minimum === 'number' ? Math.max(node.minimum, inside) : inside;
    delete node.exclusiveMinimum;
  }
  if (typeof hi === 'number' && Number.isFinite(hi)) {
    const inside = integer ? Math.ceil(hi) - 1 : hi - nudge(hi);
    node.maximum = typeof node.maximum === 'number' ? Math.min(node.maximum, inside) : inside;
    delete node.exclusiveMaximum;
  }
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.ceil(v) : 0;
}

/** Replaces string and number leaves with better candidates, keeping each change only if the whole value stays valid. */
function refine(value: unknown, root: Schema, rng: Rng, values: PromptValues, isValid: (v: unknown) => boolean): unknown {
  return replaceLeaves(value, (leaf, path, current) => {
    // A leaf whose schema cannot be located (under `if`/`then`, say) still gets its name's hint, judged by validation alone.
    const at = schemaAt(root, root, path, current) ?? { type: typeof leaf === 'string' ? 'string' : Number.isInteger(leaf) ? 'integer' : 'number' };
    if ('enum' in at || 'const' in at) return undefined;
    const context = fieldContext(path, at);
    // One stream per field of a list's items (the index left out), so items walk one list from one seeded start.
    const fieldRng = rng.fork(`${typeof leaf}:${path.map((p) => (typeof p === 'number' ? '*' : p)).join('.')}`);
    return typeof leaf === 'string' ? stringHint(context, values, fieldRng) : numberHint(context, values, fieldRng.fork(String(context.index)));
  }, isValid);
}

/** Every number leaf replaced by its hint, unchecked (the caller validates the whole value). */
function withHintedNumbers(value: unknown, root: Schema, rng: Rng, values: PromptValues): unknown {
  return replaceLeaves(value, (leaf, path, current) => {
    if (typeof leaf !== 'number') return undefined;
    const at = schemaAt(root, root, path, current);
    if (!at || 'enum' in at || 'const' in at) return undefined;
    return numberHint(fieldContext(path, at), values, rng.fork(path.join('.')));
  }, () => true);
}

/**
 * A copy of `value` with its leaves (the first MAX_REFINED_LEAVES, in order) offered to `candidate`,
 * which sees the value as changed so far; a candidate stays only if `keep` accepts the whole value with it.
 */
function replaceLeaves(
  value: unknown,
  candidate: (leaf: string | number, path: Path, current: unknown) => unknown,
  keep: (v: unknown) => boolean,
): unknown {
  const doc = { value: structuredClone(value) };
  for (const { path, leaf } of leavesOf(doc.value).slice(0, MAX_REFINED_LEAVES)) {
    const next = candidate(leaf, path, doc.value);
    if (next === undefined || next === leaf) continue;
    setAt(doc, ['value', ...path], next);
    if (!keep(doc.value)) setAt(doc, ['value', ...path], leaf);
  }
  return doc.value;
}

/** Name, parent key, description and list position of the field at `path`. */
function fieldContext(path: Path, schema: Schema): FieldContext {
  const keys = path.filter((p): p is string => typeof p === 'string');
  const index = [...path].reverse().find((p): p is number => typeof p === 'number') ?? 0;
  return { name: keys[keys.length - 1] ?? '', parent: keys[keys.length - 2] ?? '', description: typeof schema.description === 'string' ? schema.description : '', schema, index };
}

/** Optional fields a model sends anyway now and then; never the ones that ask for more power or have a default. */
const KEEP_OPTIONAL = 0.15;
const NEVER_VOLUNTEERED = /escalat|permission|sandbox|justification|prefix_rule|dangerous|approval|privilege|sudo|force|login|unsafe|override/;

/**
 * A model fills what a tool requires and leaves most optional fields out — escalation and
 * permission switches, and fields whose description gives a default, almost always. So where an
 * object's schema lists required fields, its other fields are dropped, except now and then
 * (seeded). Objects that list none (loose schemas where everything matters) keep what the draft
 * has, and strict-mode schemas require every field anyway. Each drop is undone if it breaks the schema.
 */
function dropOptionals(value: unknown, root: Schema, rng: Rng, isValid: (v: unknown) => boolean): unknown {
  const doc = { value: structuredClone(value) };
  const visit = (node: unknown, path: Path): void => {
    if (Array.isArray(node)) return node.forEach((v, i) => visit(v, [...path, i]));
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    const at = schemaAt(root, root, path, doc.value);
    const required = Array.isArray(at?.required) ? (at.required as string[]) : [];
    const props = (at?.properties ?? {}) as Record<string, Schema>;
    const order = Object.keys(obj);
    for (const key of order) {
      if (required.length === 0 || required.includes(key)) continue;
      const description = typeof props[key]?.description === 'string' ? (props[key].description as string) : '';
      const keep = !NEVER_VOLUNTEERED.test(key.toLowerCase()) && !/\bdefaults?\b/i.test(description) && rng.fork(key).chance(KEEP_OPTIONAL);
      if (keep) continue;
      const was = obj[key];
      delete obj[key];
      if (!isValid(doc.value)) obj[key] = was;
    }
    // Keys put back after a failed drop go back to where they were.
    const kept = order.filter((k) => k in obj).map((k) => [k, obj[k]] as const);
    for (const [k] of kept) delete obj[k];
    for (const [k, v] of kept) obj[k] = v;
    for (const key of Object.keys(obj)) visit(obj[key], [...path, key]);
  };
  visit(doc.value, []);
  return doc.value;
}

function leavesOf(value: unknown, path: Path = []): { path: Path; leaf: string | number }[] {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return [{ path, leaf: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leavesOf(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leavesOf(v, [...path, k]));
  return [];
}

function setAt(doc: Record<string, unknown>, path: Path, leaf: unknown): void {
  let cur = doc as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) cur = cur[path[i]] as Record<string | number, unknown>;
  cur[path[path.length - 1]] = leaf;
}

/** The sub-schema that governs the value at `path` (following $ref, allOf and the matching union branch). */
function schemaAt(root: Schema, schema: Schema, path: Path, value: unknown, depth = 0): Schema | null {
  if (depth > 32) return null;
  const s = resolve(root, schema);
  if (!s) return null;
  if (path.length === 0) return s;
  for (const union of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[union])) {
      for (const branch of s[union] as Schema[]) {
        const found = schemaAt(root, branch, path, value, depth + 1);
        if (found && typesMatch(resolve(root, branch), value)) return found;
      }
    }
  }
  if (Array.isArray(s.allOf)) {
    for (const part of s.allOf as Schema[]) {
      const found = schemaAt(root, part, path, value, depth + 1);
      if (found) return found;
    }
  }
  const [head, ...rest] = path;
  const child = (value as Record<string | number, unknown>)[head];
  if (typeof head === 'number') {
    const prefix = s.prefixItems as Schema[] | undefined;
    const items = prefix?.[head] ?? (Array.isArray(s.items) ? (s.items as Schema[])[head] : (s.items as Schema | undefined));
    return items && typeof items === 'object' ? schemaAt(root, items, rest, child, depth + 1) : null;
  }
  const props = s.properties as Record<string, Schema> | undefined;
  const next = props?.[head] ?? byPattern(s, String(head)) ?? (typeof s.additionalProperties === 'object' ? (s.additionalProperties as Schema) : undefined);
  return next ? schemaAt(root, next, rest, child, depth + 1) : null;
}

/** The `patternProperties` schema whose pattern names `key` (patterns run on the linear-time engine). */
function byPattern(schema: Schema, key: string): Schema | undefined {
  const patterns = schema.patternProperties;
  if (!patterns || typeof patterns !== 'object') return undefined;
  for (const [pattern, sub] of Object.entries(patterns as Record<string, Schema>)) {
    try {
      if (sub && typeof sub === 'object' && linearRegex(pattern, 'u').test(key)) return sub;
    } catch {
      // A pattern the engine cannot run names nothing here.
    }
  }
  return undefined;
}

function resolve(root: Schema, schema: Schema | undefined): Schema | null {
  let s = schema;
  for (let i = 0; s && typeof s.$ref === 'string' && i < 16; i++) {
    const ref = s.$ref as string;
    if (!ref.startsWith('#')) return null;
    s = ref
      .slice(1)
      .split('/')
      .filter(Boolean)
      .reduce<unknown>((node, seg) => (node as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')], root) as Schema | undefined;
  }
  return s && typeof s === 'object' ? s : null;
}

function typesMatch(schema: Schema | null, value: unknown): boolean {
  if (!schema || schema.type === undefined) return true;
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}
