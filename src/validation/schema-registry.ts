/**
 * Loads the project's JSON Schemas from `schemas/` and compiles each entry point once, on first use.
 * Schemas reference each other by relative `$ref`, resolved against their `$id`.
 *
 * The validators the emulator uses are also compiled ahead of time by the build (`precompile.ts`)
 * into plain JavaScript, one module per validator, used when it was generated from exactly these
 * schema files — so start-up does not pay for compiling them. Nothing is read at start: a schema file
 * is read when its document is first asked for, a validator's module is loaded when that validator is
 * first asked for (a plain create request loads one of the eleven), and the schema files are
 * fingerprinted against the build's manifest once, at the first precompiled validator. Anything else
 * is compiled at run time, with the same options.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type Ajv2020 from 'ajv/dist/2020';
import type { AnySchemaObject, Options, ValidateFunction } from 'ajv';
import { processWide } from '../model/process-wide';
import { PACKAGE_DIR } from '../package-dir';
import { loadCodeCachedModule } from './code-cached-module';

export const SCHEMA_BASE_URI = 'https://responses-emulator.local/schemas/';

/** The `schemas/` folder of the package. */
export const DEFAULT_SCHEMAS_DIR = join(PACKAGE_DIR, 'schemas');

/** Where the build writes the precompiled validators (the package's `dist/`): a manifest and a module per ref. */
export const PRECOMPILED_DIR = join(PACKAGE_DIR, 'dist', 'precompiled');

/** The build's index of PRECOMPILED_DIR: which schema files it was built from, and each ref's module. */
export const PRECOMPILED_MANIFEST = 'manifest.json';

/** Validators no request needs (what a stream may carry): precompiled like the others, asked for only by tests and tools. */
export const PRECOMPILED_ON_DEMAND_REFS = ['openai/stream-events.json'] as const;

/** The validators the transports use on requests: compiled ahead of time, each loaded on its first use. */
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

/** What the build writes to PRECOMPILED_DIR/manifest.json. */
export interface PrecompiledManifest {
  /** SchemaRegistry.fingerprint of the schema files the modules were generated from. */
  schemasHash: string;
  /** Each ref's module exporting its validator: a file name in the same folder (or an absolute path). */
  modules: Record<string, string>;
}

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

/**
 * A precompiled validator's module, loaded once per process (src/model/process-wide.ts): under Jest
 * every test file has a fresh module registry and would compile the same module again (the
 * create-request one is 800 kB). A validator is a pure function of its input (its `errors` are set
 * and read within one synchronous call), so sharing it changes no answer. It is loaded with the
 * build's V8 code cache (./code-cached-module.ts): no parse of its source at start.
 */
function loadValidatorModule(path: string, schemasHash: string): ValidateFunction {
  return processWide(`validator:${schemasHash}:${path}`, () => loadCodeCachedModule(path).exports as ValidateFunction);
}

export class SchemaRegistry {
  private ajvInstance: Ajv2020 | null = null;
  /** Reports every error, not the first: for authoring (fixture files), compiled only when one is wrong. */
  private allErrorsAjvInstance: Ajv2020 | null = null;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Schema documents read so far, by path relative to the folder (`openai/common.json`). */
  private readonly documents = new Map<string, AnySchemaObject>();
  /**
   * The build's modules by ref, once the manifest has been read and found to match these schema files
   * (an empty map when it is missing or was built from other files: an edited checkout not rebuilt);
   * null until then.
   */
  private modules: Record<string, string> | null = null;
  /** The fingerprint of the schema files the modules were built from (once the manifest matched). */
  private schemasHash = '';

  private constructor(
    readonly dir: string,
    private readonly precompiledDir: string | null,
  ) {}

  /** A registry over the `*.json` files under `dir` (recursively); each must have the `$id` its path gives. Reads nothing yet. */
  static load(dir: string = DEFAULT_SCHEMAS_DIR, precompiledDir: string | null = PRECOMPILED_DIR): SchemaRegistry {
    return new SchemaRegistry(dir, precompiledDir);
  }

  /** The schema files' contents, as the build's precompilation fingerprints them. */
  static fingerprint(dir: string = DEFAULT_SCHEMAS_DIR): string {
    const hash = createHash('sha256');
    for (const file of listJsonFiles(dir)) {
      hash.update(relative(dir, file).split(sep).join('/')).update('\0').update(readFileSync(file, 'utf8')).update('\0');
    }
    return hash.digest('hex');
  }

  /** The build's module for `ref`, if it has one built from these schema files (the manifest is checked once). */
  private precompiledModule(ref: string): string | undefined {
    if (this.modules === null) {
      this.modules = {};
      const manifestPath = this.precompiledDir === null ? null : join(this.precompiledDir, PRECOMPILED_MANIFEST);
      if (manifestPath !== null && existsSync(manifestPath)) {
        const manifest = readManifest(manifestPath);
        if (manifest !== null && manifest.schemasHash === SchemaRegistry.fingerprint(this.dir)) {
          this.modules = manifest.modules;
          this.schemasHash = manifest.schemasHash;
        }
      }
    }
    return Object.hasOwn(this.modules, ref) ? this.modules[ref] : undefined;
  }

  /** Whether `ref` is served by a precompiled validator. */
  isPrecompiled(ref: string): boolean {
    return this.precompiledModule(ref) !== undefined;
  }

  /** The compiled validator for a schema, e.g. `openai/create-response.json` or `openai/items.json#/$defs/Message`. */
  validator(ref: string): ValidateFunction {
    let fn = this.compiled.get(ref);
    if (!fn) {
      const module = this.precompiledModule(ref);
      fn = module !== undefined ? loadValidatorModule(resolve(this.precompiledDir!, module), this.schemasHash) : this.ajv().getSchema(SCHEMA_BASE_URI + ref);
      if (!fn) throw new Error(`Unknown schema: ${ref}`);
      this.compiled.set(ref, fn);
    }
    return fn;
  }

  /** A validator reporting every error of a value (not just the first), compiled at run time. */
  allErrorsValidator(ref: string): ValidateFunction {
    if (!this.allErrorsAjvInstance) {
      this.allErrorsAjvInstance = newAjv({ ...ajvOptions(), allErrors: true });
      for (const schema of this.allDocuments()) this.allErrorsAjvInstance.addSchema(schema);
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
    let node: unknown = this.document(path);
    for (const segment of pointer.split('/').filter(Boolean)) {
      node = (node as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return node as AnySchemaObject | undefined;
  }

  /** One schema document, read and checked on first use (undefined when there is no such file). */
  private document(path: string): AnySchemaObject | undefined {
    let schema = this.documents.get(path);
    if (!schema) {
      const file = join(this.dir, ...path.split('/'));
      if (!path.endsWith('.json') || !existsSync(file)) return undefined;
      schema = JSON.parse(readFileSync(file, 'utf8')) as AnySchemaObject;
      if (schema.$id !== SCHEMA_BASE_URI + path) {
        throw new Error(`Schema ${file} must have "$id": "${SCHEMA_BASE_URI + path}" (found ${JSON.stringify(schema.$id)})`);
      }
      this.documents.set(path, schema);
    }
    return schema;
  }

  /** Every schema document, for an Ajv instance that resolves `$ref`s between them. */
  private allDocuments(): AnySchemaObject[] {
    return listJsonFiles(this.dir).map((file) => this.document(relative(this.dir, file).split(sep).join('/'))!);
  }

  /** Ajv with every schema registered; created on the first run-time compilation. */
  private ajv(): Ajv2020 {
    if (!this.ajvInstance) {
      this.ajvInstance = newAjv();
      for (const schema of this.allDocuments()) this.ajvInstance.addSchema(schema);
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

/** The build's manifest of precompiled validators; null when it cannot be read (the validators are then compiled at run time). */
function readManifest(path: string): PrecompiledManifest | null {
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as PrecompiledManifest;
    return typeof manifest?.schemasHash === 'string' && manifest.modules !== null && typeof manifest.modules === 'object' ? manifest : null;
  } catch {
    return null;
  }
}
