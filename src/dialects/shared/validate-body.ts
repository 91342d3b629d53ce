/**
 * Validating a request body against a dialect's schema, the same way in every dialect: fields real
 * clients add that the API ignores are taken off first, then unknown parameters are refused or
 * dropped as `--unknown-params` says.
 */
import type { SchemaRegistry } from '../../validation/schema-registry';
import { REJECT_UNKNOWN_PARAMS, validateWithPolicy, type UnknownParamsPolicy } from '../../validation/unknown-params';
import { withoutIgnoredItemFields } from './ignored-item-fields';

type Body = Record<string, unknown>;

/**
 * A request without a body is an empty object; any JSON body (`null`, an array…) is validated as sent.
 * Fields clients add to input items that the API ignores are taken off first; unknown parameters are
 * refused, or dropped and reported, as `policy` says.
 */
export function validateBody(schemas: SchemaRegistry, schemaRef: string, raw: unknown, policy: UnknownParamsPolicy = REJECT_UNKNOWN_PARAMS): Body {
  const body = withoutIgnoredItemFields(raw === undefined ? {} : raw);
  return validateWithPolicy(schemas.validator(schemaRef), body, policy) as Body;
}
