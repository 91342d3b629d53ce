/**
 * The official schemas (../shared/reference/openai-responses-schemas.json) as a test oracle:
 * everything the emulator emits must validate against them. The file is not part of the project;
 * when it is absent, `describeWithOracle` suites are skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

export const ORACLE_PATH = process.env.OPENAI_ORACLE_SCHEMAS ?? resolve(__dirname, '../../../shared/reference/openai-responses-schemas.json');
const ROOT_ID = 'https://oracle.local/openai.json';

export const hasOracle = existsSync(ORACLE_PATH);
export const describeWithOracle = hasOracle ? describe : describe.skip;

let ajv: Ajv2020 | undefined;
const cache = new Map<string, ValidateFunction>();

function oracleAjv(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addFormat('unixtime', true);
    ajv.addFormat('float', true);
    const components = JSON.parse(readFileSync(ORACLE_PATH, 'utf8')) as Record<string, unknown>;
    ajv.addSchema({ $id: ROOT_ID, components: { schemas: components } });
  }
  return ajv;
}

/** Validates `value` against the oracle component `name`; returns readable errors (empty when valid). */
export function oracleErrors(name: string, value: unknown): string[] {
  let validate = cache.get(name);
  if (!validate) {
    validate = oracleAjv().compile({ $ref: `${ROOT_ID}#/components/schemas/${name}` });
    cache.set(name, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** A jest assertion with the errors in the failure message. */
export function expectValidAgainstOracle(name: string, value: unknown): void {
  const errors = oracleErrors(name, value);
  if (errors.length > 0) throw new Error(`Not a valid ${name} per the official schema:\n${errors.join('\n')}\n${JSON.stringify(value).slice(0, 2000)}`);
}
