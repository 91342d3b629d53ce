/**
 * Renders a stored response into the Response object (the canonical, OpenAI shape), field for field in the order
 * the live API sends them, echoing the request's settings with the API's defaults filled in.
 */
import type { GenericItem } from '../canonical/items';
import type { PlanUsage } from '../model/plan';
import { defaultPromptCacheRetention, defaultReasoningContext, defaultReasoningEffort, isReasoningModel } from '../models';
import { TERMINAL_STATUSES, type ResponseRecord, type ResponseStatus } from '../model/response-record';
import { echoTextFormat, echoTool } from './echo-defaults';

export type ResponseObject = Record<string, unknown>;

/**
 * Where a Response goes: a JSON body (POST without streaming, GET, cancel) or inside a stream event.
 * Real traffic differs between the two: `billing` is only in JSON bodies.
 */
export type ResponseView = 'json' | 'event';

/**
 * The Response as it stands at `status` (by default the record's current one): before the end it has
 * no output and `usage: null`; at the end it shows the outcome. Fields, defaults and order are as in
 * 2026 api.openai.com traffic (test/traffic/corpus).
 */
export function renderResponse(record: ResponseRecord, status: ResponseStatus = record.status, view: ResponseView = 'json'): ResponseObject {
  const { request, outcome } = record;
  const done = TERMINAL_STATUSES.has(status);
  if (record.verbatim) {
    // A recorded Response is replayed as recorded; before its end it shows its recorded fields, in progress.
    if (done) return record.verbatim.response;
    const { usage: _usage, ...rest } = record.verbatim.response;
    return { ...rest, status, completed_at: null, output: [], usage: null };
  }
  const out: ResponseObject = {
    id: record.id,
    object: 'response',
    created_at: record.created_at,
    status,
    background: request.background,
  };
  // The payer is named in JSON bodies of finished responses, never in stream events.
  if (view === 'json' && (status === 'completed' || status === 'incomplete')) out.billing = { payer: 'developer' };
  out.completed_at = done ? outcome.completed_at : null;
  if (request.conversation) out.conversation = { id: request.conversation };
  out.error = done ? outcome.error : null;
  out.frequency_penalty = request.frequency_penalty;
  out.incomplete_details = done && outcome.incomplete_reason ? { reason: outcome.incomplete_reason } : null;
  out.instructions = request.instructions;
  out.max_output_tokens = request.max_output_tokens;
  out.max_tool_calls = request.max_tool_calls;
  out.model = record.echo_model ?? request.model;
  out.moderation = null;
  out.output = done ? outcome.output : [];
  out.parallel_tool_calls = request.parallel_tool_calls;
  out.presence_penalty = request.presence_penalty;
  out.previous_response_id = request.previous_response_id;
  if (request.prompt) out.prompt = request.prompt;
  out.prompt_cache_key = request.prompt_cache_key;
  out.prompt_cache_retention = request.prompt_cache_retention ?? defaultPromptCacheRetention(request.model);
  out.reasoning = renderReasoning(record);
  out.safety_identifier = request.safety_identifier;
  // `auto` stays `auto` until the response is served (completed or incomplete), then names the tier; a failed one stays `auto`.
  const served = status === 'completed' || status === 'incomplete';
  out.service_tier = served && request.service_tier === 'auto' ? 'default' : request.service_tier;
  out.store = request.store;
  out.temperature = request.temperature;
  out.text = { format: echoTextFormat(request.text.format), verbosity: request.text.verbosity };
  out.tool_choice = request.tool_choice;
  out.tool_usage = renderToolUsage(done ? outcome.output : []);
  out.tools = request.tools.map(echoTool);
  out.top_logprobs = request.top_logprobs;
  out.top_p = request.top_p;
  out.truncation = request.truncation;
  // A response that failed before producing anything reports no usage, as real traffic shows.
  out.usage = done && !(status === 'failed' && outcome.output.length === 0) ? renderUsage(outcome.usage) : null;
  out.user = request.user ?? null;
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

/**
 * Reasoning models echo `{context, effort, mode, summary}` with their defaults filled in; other
 * models echo what was given (`effort`/`summary` null when nothing was).
 */
function renderReasoning(record: ResponseRecord): Record<string, unknown> {
  const { model, reasoning: given } = record.request;
  if (!isReasoningModel(model)) {
    const out: Record<string, unknown> = { effort: given?.effort ?? null, summary: given?.summary ?? null };
    if (given?.context) out.context = given.context;
    if (given?.mode) out.mode = given.mode;
    return out;
  }
  return {
    context: given?.context && given.context !== 'auto' ? given.context : defaultReasoningContext(model),
    effort: given?.effort ?? defaultReasoningEffort(model),
    mode: given?.mode ?? 'standard',
    summary: given?.summary ?? null,
  };
}

/** What the built-in tools consumed: web searches made, image tokens (the emulator's images cost none). */
function renderToolUsage(output: readonly GenericItem[]): Record<string, unknown> {
  return {
    image_gen: {
      input_tokens: 0,
      input_tokens_details: { image_tokens: 0, text_tokens: 0 },
      output_tokens: 0,
      output_tokens_details: { image_tokens: 0, text_tokens: 0 },
      total_tokens: 0,
    },
    web_search: { num_requests: output.filter((item) => item.type === 'web_search_call').length },
  };
}
