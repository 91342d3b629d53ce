/**
 * Open Responses: request bodies validated against schemas/open-responses/ (function tools only, the
 * specification's enums, penalties accepted), then normalised exactly as OpenAI's are, so the engine
 * sees the same canonical request and answers with the same text.
 */
import type { CanonicalRequest } from '../../canonical/request';
import { checkEngineRules } from '../../engine/request-checks';
import type { SchemaRegistry } from '../../validation/schema-registry';
import type { UnknownParamsPolicy } from '../../validation/unknown-params';
import { normalize } from '../shared/normalize';
import { checkCreateRules } from '../shared/request-rules';
import { validateBody } from '../shared/validate-body';

/** Every field of the specification's request is optional; a request without `model` gets this one. */
export const OPEN_RESPONSES_DEFAULT_MODEL = 'gpt-5.4';

export function parseOpenResponsesCreate(schemas: SchemaRegistry, raw: unknown, policy?: UnknownParamsPolicy): CanonicalRequest {
  const body = validateBody(schemas, 'open-responses/create-response.json', raw, policy);
  const model = typeof body.model === 'string' ? body.model : OPEN_RESPONSES_DEFAULT_MODEL;
  checkCreateRules({ ...body, model });
  const request = normalize(body, model);
  checkEngineRules(request);
  return request;
}

export function parseOpenResponsesCompact(schemas: SchemaRegistry, raw: unknown, policy?: UnknownParamsPolicy): CanonicalRequest {
  const body = validateBody(schemas, 'open-responses/compact-body.json', raw, policy);
  return normalize(body, String(body.model));
}
