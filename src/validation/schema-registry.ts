/**
 * Loads the project's JSON Schemas from `schemas/` and compiles each entry point once, on first use.
 * Schemas reference each other by relative `$ref`, resolved against their `$id`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { AnySchemaObject, ValidateFunction } from 'ajv';

export const SCHEMA_BASE_URI = 'https://responses-emulator.local/schemas/';

/** The `schemas/` folder of the package, found from both `src/` (tests) and `dist/` (built). */
export const DEFAULT_SCHEMAS_DIR = join(__dirname, '..', '..', 'schemas');

export class SchemaRegistry {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(readonly dir: string) {
    this.ajv = new Ajv2020({
      allErrors: false, // the API reports one error; the first failure is also the cheapest to find
      strict: true,
      strictTypes: false, // dispatch schemas use `properties` inside `if` without repeating `type`
      strictRequired: false,
      allowUnionTypes: true,
      verbose: true, // errors carry their schema, so a message can say "integer" or "decimal" as declared
    });
    // "fast" formats: simple, linear-time patterns (URLs here are short; big data URLs are checked in code).
    addFormats(this.ajv, { mode: 'fast', formats: ['uri'] });
  }

  /** Reads every `*.json` file under `dir` (recursively) and registers it under its `$id`. */
  static load(dir: string = DEFAULT_SCHEMAS_DIR): SchemaRegistry {
    const registry = new SchemaRegistry(dir);
    for (const file of listJsonFiles(dir)) {
      const schema = JSON.parse(readFileSync(file, 'utf8')) as AnySchemaObject;
      const expectedId = SCHEMA_BASE_URI + relative(dir, file).split(sep).join('/');
      if (schema.$id !== expectedId) {
        throw new Error(`Schema ${file} must have "$id": "${expectedId}" (found ${JSON.stringify(schema.$id)})`);
      }
      registry.ajv.addSchema(schema);
    }
    return registry;
  }

  /** The compiled validator for a schema, e.g. `openai/create-response.json` or `openai/items.json#/$defs/Message`. */
  validator(ref: string): ValidateFunction {
    let fn = this.compiled.get(ref);
    if (!fn) {
      fn = this.ajv.getSchema(SCHEMA_BASE_URI + ref);
      if (!fn) throw new Error(`Unknown schema: ${ref}`);
      this.compiled.set(ref, fn);
    }
    return fn;
  }

  /** The raw schema document, e.g. for documentation or faker input. */
  schema(ref: string): AnySchemaObject | undefined {
    return this.ajv.getSchema(SCHEMA_BASE_URI + ref)?.schema as AnySchemaObject | undefined;
  }
}

function listJsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJsonFiles(path));
    else if (entry.name.endsWith('.json')) out.push(path);
  }
  return out.sort();
}
