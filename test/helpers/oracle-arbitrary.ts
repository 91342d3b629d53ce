/**
 * fast-check arbitraries generated from the official OpenAI schemas (the reference oracle): values
 * the spec allows, for property tests that the emulator accepts everything the spec allows.
 *
 * Only the keywords the oracle uses are understood ($ref, allOf, anyOf, enum, type, properties,
 * required, items, additionalProperties, min/max bounds, pattern, format). Everything is bounded:
 * strings and arrays are short, and past `maxDepth` objects keep only their required properties
 * and arrays their minimum length, so recursive schemas (compound filters…) stay finite.
 *
 * Narrowing is explicit: `overrides` replaces the arbitrary of a named component (`FunctionTool`)
 * or of one property of a component (`FunctionTool.parameters`); `null` leaves that property out.
 * Each override used by a test must say, in a comment there, why the spec's full range is narrowed.
 */
import fc from 'fast-check';

type Schema = Record<string, unknown>;

export interface OracleArbitraryOptions {
  /** Every optional property present (to reach every field), instead of each with even odds. */
  allProperties?: boolean;
  /** Objects and arrays nested deeper than this keep only what is required. Default 5. */
  maxDepth?: number;
  /** `Component` or `Component.property` → the arbitrary to use instead (null: leave the property out). */
  overrides?: Record<string, fc.Arbitrary<unknown> | null>;
}

const REF_PREFIX = '#/components/schemas/';
const MAX_STRING = 12;
const MAX_ARRAY = 3;
/** Beyond this nesting a schema must have stopped recursing through required fields. */
const HARD_DEPTH_LIMIT = 40;

export class OracleArbitraries {
  constructor(private readonly components: Record<string, Schema>) {}

  /** The names of the `$ref` branches of a component that is a union (`Tool`, `InputItem`, `Item`). */
  unionMembers(name: string): string[] {
    const schema = this.components[name];
    const branches = (schema?.anyOf ?? schema?.oneOf) as Schema[] | undefined;
    if (!branches) throw new Error(`${name} is not a union`);
    return branches.map((b) => refName(b)).filter((n): n is string => n !== null);
  }

  /** The `type` discriminator values a component (an object with a `type` enum) can take. */
  typeValues(name: string): string[] {
    const resolved = this.flatten({ $ref: REF_PREFIX + name });
    const type = (resolved.properties as Record<string, Schema> | undefined)?.type;
    return (type?.enum as string[] | undefined) ?? [];
  }

  arbitrary(name: string, options: OracleArbitraryOptions = {}): fc.Arbitrary<unknown> {
    return new Builder(this, options).build({ $ref: REF_PREFIX + name }, 0, name);
  }

  /** `$ref` followed and `allOf` merged into one object schema (descriptions dropped). */
  flatten(schema: Schema): Schema {
    let current = schema;
    for (let guard = 0; typeof current.$ref === 'string'; guard++) {
      if (guard > 50) throw new Error(`$ref cycle at ${String(current.$ref)}`);
      current = this.resolve(current.$ref as string);
    }
    if (!Array.isArray(current.allOf)) return current;
    const merged: Schema = { type: 'object', properties: {}, required: [] };
    for (const part of current.allOf as Schema[]) {
      const flat = this.flatten(part);
      Object.assign(merged.properties as Schema, flat.properties ?? {});
      (merged.required as string[]).push(...((flat.required as string[] | undefined) ?? []));
      if (flat.additionalProperties !== undefined) merged.additionalProperties = flat.additionalProperties;
    }
    return merged;
  }

  resolve(ref: string): Schema {
    if (!ref.startsWith(REF_PREFIX)) throw new Error(`Unsupported $ref ${ref}`);
    const target = this.components[ref.slice(REF_PREFIX.length)];
    if (!target) throw new Error(`Unknown component ${ref}`);
    return target;
  }
}

class Builder {
  private readonly maxDepth: number;
  constructor(
    private readonly oracle: OracleArbitraries,
    private readonly options: OracleArbitraryOptions,
  ) {
    this.maxDepth = options.maxDepth ?? 5;
  }

  /** `component` is the nearest named schema around this one (for `Component.property` overrides). */
  build(schema: Schema, depth: number, component: string): fc.Arbitrary<unknown> {
    if (depth > HARD_DEPTH_LIMIT) throw new Error(`Schema recursion through required fields at ${component}`);
    const name = refName(schema);
    if (name !== null) {
      const override = this.options.overrides?.[name];
      if (override) return override;
      return this.build(this.oracle.resolve(schema.$ref as string), depth, name);
    }
    if (Array.isArray(schema.allOf)) return this.object(this.oracle.flatten(schema), depth, component);
    const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (union) {
      // Past the depth limit, only branches that cannot recurse further are kept when there are some.
      const branches = depth > this.maxDepth ? leafFirst(union) : union;
      return fc.oneof(...branches.map((b) => this.build(b, depth, component)));
    }
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    if ('const' in schema) return fc.constant(schema.const);
    switch (schema.type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return fc.integer({ min: num(schema.minimum, 0), max: num(schema.maximum, 1000) });
      case 'number':
        return fc.double({ min: num(schema.minimum, -10), max: num(schema.maximum, 10), noNaN: true, noDefaultInfinity: true });
      case 'string':
        return this.string(schema);
      case 'array':
        return this.array(schema, depth, component);
      case 'object':
        return this.object(schema, depth, component);
      default:
        // A schema without a type (e.g. a free-form value): any small JSON value.
        if (schema.properties) return this.object(schema, depth, component);
        return fc.oneof(fc.string({ maxLength: MAX_STRING }), fc.integer({ min: 0, max: 100 }), fc.boolean());
    }
  }

  private string(schema: Schema): fc.Arbitrary<string> {
    if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= num(schema.maxLength, Infinity));
    if (schema.format === 'uri') return fc.webUrl();
    const minLength = num(schema.minLength, 0);
    return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(num(schema.maxLength, MAX_STRING), MAX_STRING)) });
  }

  private array(schema: Schema, depth: number, component: string): fc.Arbitrary<unknown[]> {
    const minLength = num(schema.minItems, 0);
    const maxLength = depth > this.maxDepth ? minLength : Math.max(minLength, Math.min(num(schema.maxItems, MAX_ARRAY), MAX_ARRAY));
    if (maxLength === 0) return fc.constant([]);
    return fc.array(this.build((schema.items as Schema | undefined) ?? {}, depth + 1, component), { minLength, maxLength });
  }

  private object(schema: Schema, depth: number, component: string): fc.Arbitrary<Record<string, unknown>> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const deep = depth > this.maxDepth;
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, sub] of Object.entries(properties)) {
      const override = this.options.overrides?.[`${component}.${key}`];
      if (override === null) continue;
      if (deep && !required.has(key)) continue;
      record[key] = override ?? this.build(sub, depth + 1, component);
    }
    if (Object.keys(properties).length === 0 && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      // A map (metadata and the like): a few short keys.
      const maxKeys = Math.min(num(schema.maxProperties, 3), 3);
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), this.build(schema.additionalProperties as Schema, depth + 1, component), { maxKeys });
    }
    const requiredKeys = this.options.allProperties ? Object.keys(record) : Object.keys(record).filter((k) => required.has(k));
    return fc.record(record, { requiredKeys });
  }
}

function refName(schema: Schema): string | null {
  return typeof schema.$ref === 'string' && schema.$ref.startsWith(REF_PREFIX) ? schema.$ref.slice(REF_PREFIX.length) : null;
}

/** Union branches that are plain values (no `$ref`, object or array), when there are any. */
function leafFirst(branches: Schema[]): Schema[] {
  const leaves = branches.filter((b) => b.$ref === undefined && b.type !== 'object' && b.type !== 'array' && !b.anyOf && !b.allOf);
  return leaves.length > 0 ? leaves : branches;
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
