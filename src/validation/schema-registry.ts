/**
 * Loads the project's JSON Schemas from `schemas/` and compiles each entry point once, on first use.
 * Schemas reference each other by relative `$ref`, resolved against their `$id`.
 *
 * The request validators are also compiled ahead of time by the build (`precompile.ts`) into plain
 * JavaScript, used when it was generated from exactly these schema files — so start-up does not pay
 * for compiling them. The stream-event validator is precompiled too, into a module of its own that is
 * loaded only when asked for (no request needs it; it would double what a start loads). Anything
 * else is compiled at run time, with the same options.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type Ajv2020 from 'ajv/dist/2020';
import type { AnySchemaObject, Options, ValidateFunction } from 'ajv';

export const SCHEMA_BASE_URI = 'https://responses-emulator.local/schemas/';

/** The `schemas/` folder of the package, found from both `src/` (tests) and `dist/` (built). */
export const DEFAULT_SCHEMAS_DIR = join(__dirname, '..', '..', 'schemas');

/** Where the build writes the precompiled validators (the package's `dist/`, from `src/` or `dist/`). */
export const PRECOMPILED_MODULE = join(__dirname, '..', '..', 'dist', 'precompiled-validators.js');

/** Where the build writes the precompiled validators loaded on first use (`PRECOMPILED_ON_DEMAND_REFS`). */
export const PRECOMPILED_ON_DEMAND_MODULE = join(__dirname, '..', '..', 'dist', 'precompiled-stream-validators.js');

/** Validators no request needs, precompiled apart and loaded when first asked for: what a stream may carry. */
export const PRECOMPILED_ON_DEMAND_REFS = ['openai/stream-events.json'] as const;

/** The validators the transports use on every request: compiled ahead of time. */
export const PRECOMPILED_REFS = [
  'openai/create-response.json',
  'openai/token-counts-body.json',
  'openai/compact-body.json',
  'openai/conversation.json#/$defs/CreateBody',
  'openai/conversation.json#/$defs/UpdateBody',
  'openai/conversation.json#/$defs/CreateItemsBody',
  'open-responses/create-response.json',
  'open-responses/compact-body.json',
  'aitronos/create-response.json',
  'aitronos/thread.json',
  'fixture.json',
] as const;

/** Ajv's options, shared by run-time compilation and the build's precompilation. */
export function ajvOptions(): Options {
  return {
    allErrors: false, // the API reports one error; the first failure is also the cheapest to find
    strict: true,
    strictTypes: false, // dispatch schemas use `properties` inside `if` without repeating `type`
    strictRequired: false,
    allowUnionTypes: true,
    verbose: true, // errors carry their schema, so a message can say "integer" or "decimal" as declared
    discriminator: true, // `oneOf` dispatched on a tag (openai/stream-events.json): one branch tried, its errors reported
  };
}

/** "fast" formats: simple, linear-time patterns (URLs here are short; big data URLs are checked in code). */
export function addProjectFormats(ajv: Ajv2020): void {
  const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
  addFormats(ajv, { mode: 'fast', formats: ['uri'] });
}

/** Ajv itself is loaded only when something must be compiled at run time. */
export function newAjv(options: Options = ajvOptions()): Ajv2020 {
  const { default: Ajv } = require('ajv/dist/2020') as typeof import('ajv/dist/2020');
  const ajv = new Ajv(options);
  addProjectFormats(ajv);
  return ajv;
}

interface PrecompiledModule {
  schemasHash: string;
  validators: Record<string, ValidateFunction>;
}

export class SchemaRegistry {
  private ajvInstance: Ajv2020 | null = null;
  /** Reports every error, not the first: for authoring (fixture files), compiled only when one is wrong. */
  private allErrorsAjvInstance: Ajv2020 | null = null;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Schema documents by path relative to the folder (`openai/common.json`). */
  private readonly documents = new Map<string, AnySchemaObject>();
  private precompiled: Record<string, ValidateFunction> = {};
  /** The schema files' fingerprint: a precompiled module is used only when it was built from the same. */
  private schemasHash = '';
  /** The on-demand module, until it has been looked for (then null, whether found or not). */
  private onDemandModule: string | null = null;

  private constructor(readonly dir: string) {}

  /** Reads every `*.json` file under `dir` (recursively); each must have the `$id` its path gives. */
  static load(
    dir: string = DEFAULT_SCHEMAS_DIR,
    precompiledModule: string | null = PRECOMPILED_MODULE,
    onDemandModule: string | null = PRECOMPILED_ON_DEMAND_MODULE,
  ): SchemaRegistry {
    const registry = new SchemaRegistry(dir);
    registry.onDemandModule = onDemandModule;
    const hash = createHash('sha256');
    for (const file of listJsonFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      const path = relative(dir, file).split(sep).join('/');
      const schema = JSON.parse(text) as AnySchemaObject;
      if (schema.$id !== SCHEMA_BASE_URI + path) {
        throw new Error(`Schema ${file} must have "$id": "${SCHEMA_BASE_URI + path}" (found ${JSON.stringify(schema.$id)})`);
      }
      registry.documents.set(path, schema);
      hash.update(path).update('\0').update(text).update('\0');
    }
    registry.schemasHash = hash.digest('hex');
    if (precompiledModule) registry.usePrecompiled(precompiledModule);
    return registry;
  }

  /** Adds a precompiled module's validators, unless it is missing or was generated from other schema files (an edited checkout not rebuilt). */
  private usePrecompiled(path: string): void {
    if (!existsSync(path)) return;
    const module = require(path) as PrecompiledModule;
    if (module.schemasHash === this.schemasHash) this.precompiled = { ...this.precompiled, ...module.validators };
  }

  /** Loads the on-demand module the first time one of its validators is asked for. */
  private loadOnDemand(ref: string): void {
    if (this.onDemandModule === null || !(PRECOMPILED_ON_DEMAND_REFS as readonly string[]).includes(ref)) return;
    const path = this.onDemandModule;
    this.onDemandModule = null;
    this.usePrecompiled(path);
  }

  /** The schema files' contents, as the build's precompilation fingerprints them. */
  static fingerprint(dir: string = DEFAULT_SCHEMAS_DIR): string {
    const hash = createHash('sha256');
    for (const file of listJsonFiles(dir)) {
      hash.update(relative(dir, file).split(sep).join('/')).update('\0').update(readFileSync(file, 'utf8')).update('\0');
    }
    return hash.digest('hex');
  }

  /** Whether `ref` is served by a precompiled validator. */
  isPrecompiled(ref: string): boolean {
    this.loadOnDemand(ref);
    return ref in this.precompiled;
  }

  /** The compiled validator for a schema, e.g. `openai/create-response.json` or `openai/items.json#/$defs/Message`. */
  validator(ref: string): ValidateFunction {
    let fn = this.compiled.get(ref);
    if (!fn) {
      this.loadOnDemand(ref);
      fn = this.precompiled[ref] ?? this.ajv().getSchema(SCHEMA_BASE_URI + ref);
      if (!fn) throw new Error(`Unknown schema: ${ref}`);
      this.compiled.set(ref, fn);
    }
    return fn;
  }

  /** A validator reporting every error of a value (not just the first), compiled at run time. */
  allErrorsValidator(ref: string): ValidateFunction {
    if (!this.allErrorsAjvInstance) {
      this.allErrorsAjvInstance = newAjv({ ...ajvOptions(), allErrors: true });
      for (const schema of this.documents.values()) this.allErrorsAjvInstance.addSchema(schema);
    }
    const fn = this.allErrorsAjvInstance.getSchema(SCHEMA_BASE_URI + ref);
    if (!fn) throw new Error(`Unknown schema: ${ref}`);
    return fn;
  }

  /** A validator compiled now, never the precompiled one (to compare the two). */
  compileAtRunTime(ref: string): ValidateFunction {
    const fn = this.ajv().getSchema(SCHEMA_BASE_URI + ref);
    if (!fn) throw new Error(`Unknown schema: ${ref}`);
    return fn;
  }

  /** The raw schema document (or the `#/…` part of one), e.g. for documentation or faker input. */
  schema(ref: string): AnySchemaObject | undefined {
    const [path, pointer = ''] = ref.split('#');
    let node: unknown = this.documents.get(path);
    for (const segment of pointer.split('/').filter(Boolean)) {
      node = (node as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return node as AnySchemaObject | undefined;
  }

  /** Ajv with every schema registered; created on the first run-time compilation. */
  private ajv(): Ajv2020 {
    if (!this.ajvInstance) {
      this.ajvInstance = newAjv();
      for (const schema of this.documents.values()) this.ajvInstance.addSchema(schema);
    }
    return this.ajvInstance;
  }
}

export function listJsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJsonFiles(path));
    else if (entry.name.endsWith('.json')) out.push(path);
  }
  return out.sort();
}
