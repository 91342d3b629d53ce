/**
 * Open Responses renderings of the shared record: the `ResponseResource` (all 31 required fields,
 * nullable ones present as null), its stream (raw reasoning as `response.reasoning.delta|done`,
 * nested `error` events followed by `response.failed`, `data: [DONE]` at the end) and its error body.
 */
import type { TextFormat, Tool } from '../../canonical/request';
import type { PlanUsage } from '../../model/plan';
import type { ApiError } from '../../errors';
import { renderResponse } from '../../render/response';
import { TERMINAL_STATUSES, type ResponseRecord, type ResponseStatus } from '../../model/response-record';
import type { ErrorRenderer, StreamRendering, WireEvent } from '../dialect';

type Json = Record<string, unknown>;

export function renderResource(record: ResponseRecord, status: ResponseStatus = record.status): Json {
  const base = renderResponse(record, status);
  const { request } = record;
  const done = TERMINAL_STATUSES.has(status);
  return {
    id: base.id,
    object: 'response',
    created_at: base.created_at,
    completed_at: base.completed_at ?? null,
    status: base.status,
    incomplete_details: base.incomplete_details ?? null,
    model: base.model,
    previous_response_id: base.previous_response_id ?? null,
    instructions: base.instructions ?? null,
    output: base.output ?? [],
    error: base.error ?? null,
    tools: request.tools.map(functionTool),
    tool_choice: request.tool_choice,
    truncation: request.truncation,
    parallel_tool_calls: request.parallel_tool_calls,
    text: { format: echoedFormat(request.text.format), verbosity: request.text.verbosity },
    top_p: request.top_p,
    presence_penalty: request.presence_penalty,
    frequency_penalty: request.frequency_penalty,
    top_logprobs: request.top_logprobs,
    temperature: request.temperature,
    // The specification's Reasoning is {effort, summary}: OpenAI's `context` and `mode` are not echoed here.
    reasoning: base.reasoning ? { effort: (base.reasoning as Json).effort ?? null, summary: (base.reasoning as Json).summary ?? null } : null,
    usage: done ? renderOpenResponsesUsage(record.outcome.usage) : null,
    max_output_tokens: request.max_output_tokens,
    max_tool_calls: request.max_tool_calls,
    store: request.store,
    background: request.background,
    service_tier: base.service_tier ?? 'default',
    metadata: request.metadata,
    safety_identifier: request.safety_identifier,
    prompt_cache_key: request.prompt_cache_key,
  };
}

/**
 * The specification's echo of a json_schema format has every field present and `schema` null (its
 * JsonSchemaResponseFormat allows nothing else), so the schema itself is not echoed.
 */
function echoedFormat(format: TextFormat): Json {
  if (format.type !== 'json_schema') return { type: format.type };
  return { type: 'json_schema', name: format.name, description: format.description ?? null, schema: null, strict: format.strict ?? false };
}

/** Stream logprobs carry each token's UTF-8 `bytes`, which the specification requires (OpenAI's omit them). */
function withBytes(logprobs: unknown): unknown {
  if (!Array.isArray(logprobs)) return logprobs;
  const bytes = (token: unknown) => [...Buffer.from(String(token), 'utf8')];
  return (logprobs as Json[]).map((lp) => ({
    ...lp,
    bytes: lp.bytes ?? bytes(lp.token),
    ...(Array.isArray(lp.top_logprobs) ? { top_logprobs: (lp.top_logprobs as Json[]).map((t) => ({ ...t, bytes: t.bytes ?? bytes(t.token) })) } : {}),
  }));
}

/** The specification's Usage: exactly its five fields. */
export function renderOpenResponsesUsage(usage: PlanUsage): Json {
  return {
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    total_tokens: usage.input_tokens + usage.output_tokens,
    input_tokens_details: { cached_tokens: usage.cached_tokens },
    output_tokens_details: { reasoning_tokens: usage.reasoning_tokens },
  };
}

/** Function tools echoed with every field present (description, parameters and strict nullable). */
function functionTool(tool: Tool): Json {
  return { type: 'function', name: tool.name, description: tool.description ?? null, parameters: tool.parameters ?? null, strict: tool.strict ?? true };
}

/** OpenAI names raw reasoning events `reasoning_text`; the specification calls them `reasoning`. */
const RENAMED: Readonly<Record<string, string>> = {
  'response.reasoning_text.delta': 'response.reasoning.delta',
  'response.reasoning_text.done': 'response.reasoning.done',
};

export const openResponsesStream: StreamRendering = (record) => ({
  terminator: '[DONE]',
  render(event) {
    const frame = (data: Json): WireEvent => ({ name: String(data.type), data });
    if (event.type === 'error') {
      // Nested, as the specification asks (the failed response follows as its own event).
      const { sequence_number } = event;
      const { code, message, param } = event.error as { code?: string | null; message: string; param?: string | null };
      return [frame({ type: 'error', sequence_number, error: { type: 'server_error', code: code ?? null, message, param: param ?? null } })];
    }
    const response = event.response as Json | undefined;
    if (response) return [frame({ ...event, response: renderResource(record, response.status as ResponseStatus) })];
    if (event.type === 'response.output_text.delta' || event.type === 'response.output_text.done') return [frame({ ...event, logprobs: withBytes(event.logprobs) })];
    const renamed = RENAMED[event.type];
    return [frame(renamed ? { ...event, type: renamed } : event)];
  },
});

/** The specification's error types, by status. */
export function openResponsesErrorType(error: ApiError): string {
  if (error.status === 404) return 'not_found';
  if (error.status === 429) return 'too_many_requests';
  if (error.status >= 500) return error.type === 'model_error' ? 'model_error' : 'server_error';
  return 'invalid_request';
}

export const renderOpenResponsesError: ErrorRenderer = (error) => ({
  status: error.status,
  body: { error: { message: error.message, type: openResponsesErrorType(error), param: error.param, code: error.code } },
  headers: { ...error.headers },
});
