/**
 * Bounds on what a user's JSON Schema may ask the value generator for, checked before anything is
 * generated, so a 300-byte schema cannot make the emulator build a 200 MB string or loop forever:
 * `minLength`, `minItems`, `minContains` and `minProperties` are capped, a `min…` above its `max…`
 * is unsatisfiable, every `pattern` must run on the linear-time regex engine, and the smallest value
 * the schema allows (nested minimums multiply) must fit a size budget. A `$ref` that requires itself
 * at every level, and `not: {}`, have no finite value. Measuring is itself bounded by a step budget
 * (a count, not a clock, so the answer is the same on any machine).
 *
 * Each violation reads `In context=('properties', 'x'), …` like the API's schema errors.
 */
import { linearRegex, UnsupportedPattern } from '../validation/linear-regex';
import { isObject } from '../model/json-object';

export type Schema = Record<string, unknown>;

export const SCHEMA_LIMITS = {
  /** Largest `minLength`. */
  stringLength: 10_000,
  /** Largest `minItems` / `minContains`. */
  items: 1_000,
  /** Largest `minProperties`. */
  properties: 1_000,
  /** Largest size of the smallest allowed value (characters of strings plus values, nested minimums multiplied). */
  size: 20_000,
  /** Schema nodes visited while measuring. */
  steps: 200_000,
  /** Subschema nesting. */
  depth: 64,
};

const CAPS: [keyword: string, limit: number][] = [
  ['minLength', SCHEMA_LIMITS.stringLength],
  ['minItems', SCHEMA_LIMITS.items],
  ['minContains', SCHEMA_LIMITS.items],
  ['minProperties', SCHEMA_LIMITS.properties],
];
const RANGES: [min: string, max: string][] = [
  ['minLength', 'maxLength'],
  ['minItems', 'maxItems'],
  ['minProperties', 'maxProperties'],
  ['minContains', 'maxContains'],
  ['minimum', 'maximum'],
];
const SINGLE = ['items', 'additionalItems', 'contains', 'not', 'additionalProperties', 'propertyNames', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties'];
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/** The first bound the schema breaks, in the API's words, or null (UnsupportedSchemaFeature when the API's whole message applies). */
export function schemaBoundsViolation(root: unknown): string | null {
  if (!isSchema(root)) return null;
  return keywordViolation(root) ?? new SizeMeasure(root).violation();
}

/** The size of the smallest value the schema allows (as the size budget counts it), or Infinity. */
export function smallestValueSize(root: unknown): number {
  if (!isSchema(root)) return 1;
  try {
    return new SizeMeasure(root).size();
  } catch (err) {
    if (err instanceof BudgetExceeded) return Infinity;
    throw err;
  }
}

/** Caps, min/max pairs and patterns, on every subschema. */
function keywordViolation(root: Schema): string | null {
  const stack: { node: Schema; context: string[] }[] = [{ node: root, context: [] }];
  let steps = 0;
  while (stack.length > 0) {
    const { node, context } = stack.pop()!;
    if (++steps > SCHEMA_LIMITS.steps) return `the schema has more than ${SCHEMA_LIMITS.steps} subschemas`;
    if (context.length > SCHEMA_LIMITS.depth * 2) return `${where(context)}, the schema nests deeper than ${SCHEMA_LIMITS.depth} levels`;
    for (const [keyword, limit] of CAPS) {
      const n = node[keyword];
      if (typeof n === 'number' && n > limit) return `${where(context)}, '${keyword}' is ${n}, more than the emulator generates (at most ${limit})`;
    }
    for (const [min, max] of RANGES) {
      const lo = node[min];
      const hi = node[max];
      if (typeof lo === 'number' && typeof hi === 'number' && lo > hi) return `${where(context)}, '${min}' (${lo}) is greater than '${max}' (${hi}): no value satisfies it`;
    }
    if (typeof node.pattern === 'string') {
      if (LOOKAROUND.test(node.pattern)) throw new UnsupportedSchemaFeature(`Invalid JSON schema: regex lookaround is not supported.\nFound at ${jsonPath([...context, 'pattern'])}.`);
      const why = patternProblem(node.pattern);
      if (why) return `${where(context)}, 'pattern' ${JSON.stringify(node.pattern)} cannot be used: ${why}`;
    }
    for (const key of Object.keys(isSchema(node.patternProperties) ? node.patternProperties : {})) {
      const why = patternProblem(key);
      if (why) return `${where([...context, 'patternProperties'])}, the pattern ${JSON.stringify(key)} cannot be used: ${why}`;
    }
    for (const [child, path] of subschemas(node)) stack.push({ node: child, context: [...context, ...path] });
  }
  return null;
}

/**
 * A schema feature the API itself refuses, with the API's own whole message (not prefixed like the
 * others). Seen in recorded traffic: `400 invalid_json_schema`, "Invalid JSON schema: regex
 * lookaround is not supported.\nFound at $.properties….pattern." (existential-birds/daydream issue
 * #304, nicobailon/pi-interactive-shell issue #69, vercel/ai pull request #21037).
 */
export class UnsupportedSchemaFeature extends Error {}

const LOOKAROUND = /(?<!\\)\(\?(=|!|<=|<!)/;

/** `$.properties.items.anyOf[0].pattern`, as the API writes where it found something. */
function jsonPath(context: string[]): string {
  let out = '$';
  context.forEach((seg, i) => {
    out += /^\d+$/.test(seg) && i > 0 && [...LISTS, 'items'].includes(context[i - 1]) ? `[${seg}]` : `.${seg}`;
  });
  return out;
}

function patternProblem(pattern: string): string | null {
  try {
    linearRegex(pattern, 'u');
    return null;
  } catch (err) {
    if (err instanceof UnsupportedPattern) return err.message;
    throw err;
  }
}

/** Every direct subschema, with the path that leads to it. */
export function subschemas(node: Schema): [Schema, string[]][] {
  const out: [Schema, string[]][] = [];
  for (const k of SINGLE) if (isSchema(node[k])) out.push([node[k] as Schema, [k]]);
  for (const k of LISTS) if (Array.isArray(node[k])) (node[k] as unknown[]).forEach((v, i) => isSchema(v) && out.push([v, [k, String(i)]]));
  if (Array.isArray(node.items)) node.items.forEach((v, i) => isSchema(v) && out.push([v, ['items', String(i)]]));
  for (const k of MAPS) if (isSchema(node[k])) for (const [name, v] of Object.entries(node[k] as Schema)) if (isSchema(v)) out.push([v, [k, name]]);
  return out;
}

interface Size {
  size: number;
  /** A reference back into a schema still being measured was met: the result is not cached. */
  cyclic: boolean;
}

/** The size of the smallest value a schema allows (Infinity when none is finite), within a step budget. */
class SizeMeasure {
  private steps = 0;
  private readonly memo = new Map<string, number>();
  private readonly open = new Set<string>();
  /** Why the smallest value is infinite, when it is. */
  private infinite: string | null = null;

  constructor(private readonly root: Schema) {}

  size(): number {
    return this.measure(this.root, []).size;
  }

  violation(): string | null {
    let size: number;
    try {
      size = this.size();
    } catch (err) {
      if (err instanceof BudgetExceeded) return `the schema is too complex to generate a value for (more than ${SCHEMA_LIMITS.steps} steps)`;
      throw err;
    }
    if (size === Infinity) return `${this.infinite ?? 'no value satisfies the schema'}`;
    if (size > SCHEMA_LIMITS.size) return `the smallest value the schema allows is larger than the emulator generates (more than ${SCHEMA_LIMITS.size} characters and values)`;
    return null;
  }

  private measure(node: unknown, context: string[]): Size {
    if (++this.steps > SCHEMA_LIMITS.steps) throw new BudgetExceeded();
    if (node === false) return this.none(`${where(context)}, the schema is 'false': no value satisfies it`);
    if (!isSchema(node)) return { size: 1, cyclic: false };
    let cyclic = false;
    const parts: number[] = [this.own(node, context, (c) => (cyclic ||= c))];
    if (typeof node.$ref === 'string') {
      const r = this.ref(node.$ref, context);
      cyclic ||= r.cyclic;
      parts.push(r.size);
    }
    if (isSchema(node.not) && Object.keys(node.not).length === 0) return this.none(`${where(context)}, 'not': {} rejects every value: no value satisfies it`);
    if (Array.isArray(node.allOf)) {
      node.allOf.forEach((p, i) => {
        const r = this.measure(p, [...context, 'allOf', String(i)]);
        cyclic ||= r.cyclic;
        parts.push(r.size);
      });
    }
    for (const union of ['anyOf', 'oneOf']) {
      const branches = node[union];
      if (!Array.isArray(branches) || branches.length === 0) continue;
      const sizes = branches.map((b, i) => {
        const r = this.measure(b, [...context, union, String(i)]);
        cyclic ||= r.cyclic;
        return r.size;
      });
      parts.push(Math.min(...sizes));
    }
    return { size: Math.max(...parts), cyclic };
  }

  /** The size the node's own keywords ask for (type, lengths, items, required properties). */
  private own(node: Schema, context: string[], noteCycle: (c: boolean) => void): number {
    if ('const' in node || Array.isArray(node.enum)) return 1;
    const types = Array.isArray(node.type) ? (node.type as unknown[]) : node.type !== undefined ? [node.type] : [inferType(node)];
    const child = (schema: unknown, path: string[]): number => {
      const r = this.measure(schema, [...context, ...path]);
      noteCycle(r.cyclic);
      return r.size;
    };
    const sizes = types.map((type) => {
      switch (type) {
        case 'string':
          return Math.max(1, num(node.minLength));
        case 'array': {
          const min = Math.max(num(node.minItems), num(node.minContains));
          const prefix = Array.isArray(node.prefixItems) ? (node.prefixItems as unknown[]) : Array.isArray(node.items) ? (node.items as unknown[]) : [];
          let size = 1;
          for (let i = 0; i < Math.min(min, prefix.length); i++) size = sat(size + child(prefix[i], ['prefixItems', String(i)]));
          const rest = min - Math.min(min, prefix.length);
          if (rest > 0) size = sat(size + rest * (isSchema(node.items) || node.items === false ? child(node.items, ['items']) : 1));
          return size;
        }
        case 'object': {
          const required = Array.isArray(node.required) ? [...new Set(node.required.filter((k): k is string => typeof k === 'string'))] : [];
          const props = isSchema(node.properties) ? node.properties : {};
          let size = 1;
          for (const key of required) {
            const schema = key in props ? props[key] : isSchema(node.additionalProperties) ? node.additionalProperties : true;
            size = sat(size + key.length + child(schema, key in props ? ['properties', key] : ['additionalProperties']));
          }
          return sat(size + Math.max(0, num(node.minProperties) - required.length) * 2);
        }
        default:
          return 1;
      }
    });
    return Math.min(...sizes);
  }

  private ref(ref: string, context: string[]): Size {
    if (!ref.startsWith('#')) return { size: 1, cyclic: false };
    const known = this.memo.get(ref);
    if (known !== undefined) return { size: known, cyclic: false };
    if (this.open.has(ref)) {
      this.infinite ??= `${where(context)}, '$ref' ${JSON.stringify(ref)} requires itself at every level: no finite value satisfies it`;
      return { size: Infinity, cyclic: true };
    }
    const target = resolvePointer(this.root, ref);
    if (target === undefined) return { size: 1, cyclic: false };
    this.open.add(ref);
    const r = this.measure(target, context);
    this.open.delete(ref);
    if (!r.cyclic) this.memo.set(ref, r.size);
    return r;
  }

  private none(reason: string): Size {
    this.infinite ??= reason;
    return { size: Infinity, cyclic: false };
  }
}

class BudgetExceeded extends Error {}

function inferType(node: Schema): string {
  if (node.properties !== undefined || node.required !== undefined || node.minProperties !== undefined) return 'object';
  if (node.items !== undefined || node.prefixItems !== undefined || node.minItems !== undefined) return 'array';
  if (node.minLength !== undefined || node.pattern !== undefined) return 'string';
  return 'any';
}

function resolvePointer(root: Schema, ref: string): unknown {
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (!node || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, seg)) return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

function where(context: string[]): string {
  return `In context=(${context.map((c) => `'${c}'`).join(', ')}${context.length === 1 ? ',' : ''})`;
}

function isSchema(v: unknown): v is Schema {
  return isObject(v);
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.ceil(v) : 0;
}

function sat(n: number): number {
  return n > 1e15 ? (n === Infinity ? Infinity : 1e15) : n;
}

/** The largest value `keyword` takes anywhere in the schema (0 when absent); the generator's own caps are raised to it. */
export function largestKeyword(root: unknown, keyword: string): number {
  let largest = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    const n = (node as Record<string, unknown>)[keyword];
    if (typeof n === 'number' && n > largest) largest = n;
    stack.push(...Object.values(node));
  }
  return largest;
}
