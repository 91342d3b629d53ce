/**
 * Renders a stored response into the Response object (the canonical, OpenAI shape), field for field in the order
 * the live API sends them, echoing the request's settings with the API's defaults filled in.
 */
import type { Tool } from '../canonical/request';
import type { PlanUsage } from '../engine/plan';
import { isReasoningModel } from '../models';
import { TERMINAL_STATUSES, type ResponseRecord, type ResponseStatus } from '../state/response-record';

export type ResponseObject = Record<string, unknown>;

/**
 * The Response as it stands at `status` (by default the record's current one): before the end it has
 * no output and no usage; at the end it shows the outcome.
 */
export function renderResponse(record: ResponseRecord, status: ResponseStatus = record.status): ResponseObject {
  const { request, outcome } = record;
  const done = TERMINAL_STATUSES.has(status);
  if (record.verbatim) {
    // A recorded Response is replayed as recorded; before its end it shows its recorded fields, in progress.
    if (done) return record.verbatim.response;
    const { usage: _usage, ...rest } = record.verbatim.response;
    return { ...rest, status, completed_at: null, output: [] };
  }
  const out: ResponseObject = {
    id: record.id,
    object: 'response',
    created_at: record.created_at,
    status,
    completed_at: done ? outcome.completed_at : null,
    background: request.background,
  };
  if (request.conversation) out.conversation = { id: request.conversation };
  out.error = done ? outcome.error : null;
  out.incomplete_details = done && outcome.incomplete_reason ? { reason: outcome.incomplete_reason } : null;
  out.instructions = request.instructions;
  out.max_output_tokens = request.max_output_tokens;
  out.max_tool_calls = request.max_tool_calls;
  out.model = request.model;
  out.output = done ? outcome.output : [];
  out.parallel_tool_calls = request.parallel_tool_calls;
  out.previous_response_id = request.previous_response_id;
  if (request.prompt) out.prompt = request.prompt;
  out.prompt_cache_key = request.prompt_cache_key;
  out.prompt_cache_retention = request.prompt_cache_retention;
  out.reasoning = renderReasoning(record);
  out.safety_identifier = request.safety_identifier;
  out.service_tier = request.service_tier === 'auto' ? 'default' : request.service_tier;
  out.store = request.store;
  out.temperature = request.temperature;
  out.text = { format: request.text.format, verbosity: request.text.verbosity };
  out.tool_choice = request.tool_choice;
  out.tools = request.tools.map(renderTool);
  out.top_logprobs = request.top_logprobs;
  out.top_p = request.top_p;
  out.truncation = request.truncation;
  // The spec's ResponseUsage is not nullable: it is omitted until the response is finished.
  if (done) out.usage = renderUsage(outcome.usage);
  if (request.user !== undefined) out.user = request.user;
  out.metadata = request.metadata;
  return out;
}

export function renderUsage(usage: PlanUsage): Record<string, unknown> {
  return {
    input_tokens: usage.input_tokens,
    input_tokens_details: { cached_tokens: usage.cached_tokens, cache_write_tokens: usage.cache_write_tokens ?? 0 },
    output_tokens: usage.output_tokens,
    output_tokens_details: { reasoning_tokens: usage.reasoning_tokens },
    total_tokens: usage.input_tokens + usage.output_tokens,
  };
}

function renderReasoning(record: ResponseRecord): { effort: string | null; summary: string | null } {
  const given = record.request.reasoning;
  if (isReasoningModel(record.request.model)) return { effort: given?.effort ?? 'medium', summary: given?.summary ?? null };
  return { effort: given?.effort ?? null, summary: given?.summary ?? null };
}

/** Tools are echoed with the defaults the API fills in. */
function renderTool(tool: Tool): Tool {
  switch (tool.type) {
    case 'function':
      return {
        type: 'function',
        description: tool.description ?? null,
        name: tool.name,
        parameters: tool.parameters ?? null,
        strict: tool.strict ?? true,
        ...pick(tool, ['output_schema', 'defer_loading', 'allowed_callers']),
      };
    case 'web_search_preview':
    case 'web_search_preview_2025_03_11':
      return {
        type: tool.type,
        search_context_size: tool.search_context_size ?? 'medium',
        user_location: tool.user_location ?? null,
        ...pick(tool, ['search_content_types']),
      };
    case 'web_search':
    case 'web_search_2025_08_26':
      return { type: tool.type, filters: tool.filters ?? null, search_context_size: tool.search_context_size ?? 'medium', user_location: tool.user_location ?? null, ...pick(tool, ['external_web_access']) };
    case 'file_search':
      return {
        type: 'file_search',
        filters: tool.filters ?? null,
        max_num_results: tool.max_num_results ?? 20,
        ranking_options: { ranker: 'auto', score_threshold: 0, ...(tool.ranking_options as object | undefined) },
        vector_store_ids: tool.vector_store_ids,
      };
    default:
      return tool;
  }
}

function pick(source: Tool, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}
