/**
 * OpenAI dialect: validates request bodies against schemas/openai/ and normalises them into the
 * canonical request with the API's defaults applied (validation, rules and normalising are the
 * dialects' shared ones, in ../shared/).
 */
import type { CanonicalRequest } from '../../canonical/request';
import type { SchemaRegistry } from '../../validation/schema-registry';
import type { UnknownParamsPolicy } from '../../validation/unknown-params';
import { checkEngineRules } from '../../engine/request-checks';
import { normalize } from '../shared/normalize';
import { checkCommonRules, checkCreateRules } from '../shared/request-rules';
import { validateBody } from '../shared/validate-body';

/** Used by POST /responses/input_tokens when the body names no model (o200k_base tokenization). */
export const DEFAULT_COUNTING_MODEL = 'gpt-5.4';

export function parseCreateResponse(schemas: SchemaRegistry, raw: unknown, policy?: UnknownParamsPolicy): CanonicalRequest {
  const body = validateBody(schemas, 'openai/create-response.json', raw, policy);
  checkCreateRules(body);
  const request = normalize(body, String(body.model ?? ''));
  checkEngineRules(request);
  return request;
}

export function parseTokenCountsBody(schemas: SchemaRegistry, raw: unknown, policy?: UnknownParamsPolicy): CanonicalRequest {
  const body = validateBody(schemas, 'openai/token-counts-body.json', raw, policy);
  checkCommonRules(body);
  return normalize(body, typeof body.model === 'string' ? body.model : DEFAULT_COUNTING_MODEL);
}

export function parseCompactBody(schemas: SchemaRegistry, raw: unknown, policy?: UnknownParamsPolicy): CanonicalRequest {
  const body = validateBody(schemas, 'openai/compact-body.json', raw, policy);
  return normalize(body, typeof body.model === 'string' ? body.model : DEFAULT_COUNTING_MODEL);
}
