/**
 * Official schemas as test oracles: everything the emulator emits must validate against them.
 * - OpenAI: ../shared/reference/openai-responses-schemas.json (component name → schema);
 * - Open Responses: ../shared/reference/open-responses-openapi.json (the specification's OpenAPI document).
 * The files are not part of the project; when one is absent, its `describeWith…` suites are skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

const REFERENCE_DIR = resolve(__dirname, '../../../shared/reference');

/** Validates values against the `#/components/schemas/<name>` of one reference document. */
export class SchemaOracle {
  readonly available: boolean;
  private ajv: Ajv2020 | undefined;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(
    readonly path: string,
    private readonly label: string,
    /** The file's content → an object with `components.schemas`. */
    private readonly toDocument: (file: Record<string, unknown>) => Record<string, unknown>,
  ) {
    this.available = existsSync(path);
  }

  private compile(name: string): ValidateFunction {
    let validate = this.cache.get(name);
    if (validate) return validate;
    if (!this.ajv) {
      this.ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true, discriminator: false });
      addFormats(this.ajv);
      this.ajv.addFormat('unixtime', true);
      this.ajv.addFormat('float', true);
      this.ajv.addSchema({ ...this.toDocument(JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, unknown>), $id: `https://oracle.local/${this.label}.json` });
    }
    validate = this.ajv.compile({ $ref: `https://oracle.local/${this.label}.json#/components/schemas/${name}` });
    this.cache.set(name, validate);
    return validate;
  }

  /** Readable errors (empty when valid). */
  errors(name: string, value: unknown): string[] {
    const validate = this.compile(name);
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  /** A jest assertion with the errors in the failure message. */
  expectValid(name: string, value: unknown): void {
    const errors = this.errors(name, value);
    if (errors.length > 0) throw new Error(`Not a valid ${name} per ${this.label}:\n${errors.join('\n')}\n${JSON.stringify(value).slice(0, 2000)}`);
  }
}

export const openaiOracle = new SchemaOracle(
  process.env.OPENAI_ORACLE_SCHEMAS ?? resolve(REFERENCE_DIR, 'openai-responses-schemas.json'),
  'openai',
  (components) => ({ components: { schemas: components } }),
);

export const openResponsesOracle = new SchemaOracle(
  process.env.OPEN_RESPONSES_SPEC ?? resolve(REFERENCE_DIR, 'open-responses-openapi.json'),
  'open-responses',
  (spec) => ({ components: spec.components }),
);

export const ORACLE_PATH = openaiOracle.path;
export const hasOracle = openaiOracle.available;
export const describeWithOracle = hasOracle ? describe : describe.skip;
export const describeWithOpenResponsesSpec = openResponsesOracle.available ? describe : describe.skip;

export function oracleErrors(name: string, value: unknown): string[] {
  return openaiOracle.errors(name, value);
}

export function expectValidAgainstOracle(name: string, value: unknown): void {
  openaiOracle.expectValid(name, value);
}
