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

/*
 * Parts of every Response that never vary, made once and shared by every rendered Response (one
 * allocation less each, per render). Rendered Responses are only ever serialised, never changed in
 * place (a recorded Response is already handed out as the stored object itself), so sharing is safe;
 * frozen all the same, so a caller that did change one would fail loudly rather than alter them all.
 */
const BILLING = Object.freeze({ payer: 'developer' });
const NO_IMAGE_GEN_USAGE = Object.freeze({
  input_tokens: 0,
  input_tokens_details: Object.freeze({ image_tokens: 0, text_tokens: 0 }),
  output_tokens: 0,
  output_tokens_details: Object.freeze({ image_tokens: 0, text_tokens: 0 }),
  total_tokens: 0,
});
const NO_OUTPUT: readonly GenericItem[] = Object.freeze([]);
const NO_TOOLS: readonly unknown[] = Object.freeze([]);

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
  // `auto` stays `auto` until the response is served (completed or incomplete), then names the tier; a failed one stays `auto`.
  const served = status === 'completed' || status === 'incomplete';
  const output = done ? outcome.output : NO_OUTPUT;
  // One object literal with every field in wire order, rather than fields added one by one: V8 then
  // allocates the object once with all ~40 fields in place (added one at a time, its out-of-object
  // field store is reallocated a dozen times, ~1 KB per render, and this runs for every JSON reply and
  // four times per stream). An optional field absent from this response is `undefined`, which
  // JSON.stringify leaves out exactly as if the key were missing: every consumer of this object
  // serialises it (HTTP, SSE, WebSocket, journal), so the bytes are the same.
  return {
    id: record.id,
    object: 'response',
    created_at: record.created_at,
    status,
    background: request.background,
    // The payer is named in JSON bodies of finished responses, never in stream events.
    billing: view === 'json' && served ? BILLING : undefined,
    completed_at: done ? outcome.completed_at : null,
    conversation: request.conversation ? { id: request.conversation } : undefined,
    error: done ? outcome.error : null,
    frequency_penalty: request.frequency_penalty,
    incomplete_details: done && outcome.incomplete_reason ? { reason: outcome.incomplete_reason } : null,
    instructions: request.instructions,
    max_output_tokens: request.max_output_tokens,
    max_tool_calls: request.max_tool_calls,
    model: record.echo_model ?? request.model,
    moderation: null,
    output,
    parallel_tool_calls: request.parallel_tool_calls,
    presence_penalty: request.presence_penalty,
    previous_response_id: request.previous_response_id,
    prompt: request.prompt ? request.prompt : undefined,
    prompt_cache_key: request.prompt_cache_key,
    prompt_cache_retention: request.prompt_cache_retention ?? defaultPromptCacheRetention(request.model),
    reasoning: renderReasoning(record),
    safety_identifier: request.safety_identifier,
    service_tier: served && request.service_tier === 'auto' ? 'default' : request.service_tier,
    store: request.store,
    temperature: request.temperature,
    text: { format: echoTextFormat(request.text.format), verbosity: request.text.verbosity },
    tool_choice: request.tool_choice,
    tool_usage: renderToolUsage(output),
    tools: request.tools.length === 0 ? NO_TOOLS : request.tools.map(echoTool),
    top_logprobs: request.top_logprobs,
    top_p: request.top_p,
    truncation: request.truncation,
    // A response that failed before producing anything reports no usage, as real traffic shows.
    usage: done && !(status === 'failed' && outcome.output.length === 0) ? renderUsage(outcome.usage) : null,
    user: request.user ?? null,
    metadata: request.metadata,
  };
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
  let searches = 0;
  for (let i = 0; i < output.length; i++) if (output[i].type === 'web_search_call') searches++;
  return { image_gen: NO_IMAGE_GEN_USAGE, web_search: { num_requests: searches } };
}
