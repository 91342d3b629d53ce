/**
 * Aitronos renderings of the shared record: the camelCase Response Object of the seeds (one choice
 * whose message holds the text, the tool calls or the refusal), its neurons/synapses usage, its
 * stream events and its `{success: false, error: {…}}` error body.
 */
import type { GenericItem } from '../../canonical/items';
import type { PlanUsage } from '../../model/plan';
import { ApiError, JsonParseError, UNRECORDED_FAILURE } from '../../errors';
import { isReasoningModel } from '../../models';
import type { ResponseRecord } from '../../model/response-record';
import type { ErrorRenderer, StreamRendering, WireEvent } from '../dialect';

type Json = Record<string, unknown>;

export const FREDDY_API_VERSION = 'v1';

/** What the Response Object echoes besides the record. */
export interface AitronosEcho {
  organizationId: string;
  threadId: string | null;
  toolFinishReason: 'tool_calls' | 'toolCalls';
}

/** The answer's message, tool calls and refusal, gathered from the output items. */
interface Answer {
  text: string | null;
  refusal: string | null;
  toolCalls: Json[];
}

export function renderAitronosResponse(record: ResponseRecord, echo: AitronosEcho): Json {
  const { request, outcome } = record;
  const answer = answerOf(outcome.output);
  const message: Json = { role: 'assistant', content: answer.text };
  if (answer.toolCalls.length > 0) message.toolCalls = answer.toolCalls;
  if (answer.refusal !== null) message.refusal = answer.refusal;
  return {
    id: record.id,
    object: 'response',
    createdAt: record.created_at,
    model: request.model,
    choices: [{ index: 0, message, finishReason: finishReason(record, answer, echo), logprobs: null }],
    usage: renderAitronosUsage(outcome.usage, request.model),
    organizationId: echo.organizationId,
    threadId: echo.threadId,
    metadata: request.metadata,
    systemFingerprint: systemFingerprint(request.model),
    serviceTier: 'default',
  };
}

/**
 * Neurons in, synapses out: outputSynapses are the visible output (reasoning counted apart), and
 * totalSynapses = inputNeurons + outputSynapses + reasoningSynapses. Cache fields appear when the
 * usage accounts for the cache (see PlanUsage.cache_write_tokens).
 */
export function renderAitronosUsage(usage: PlanUsage, model: string): Json {
  const out: Json = { inputNeurons: usage.input_tokens, outputSynapses: usage.output_tokens - usage.reasoning_tokens };
  if (usage.reasoning_tokens > 0 || isReasoningModel(model)) out.reasoningSynapses = usage.reasoning_tokens;
  out.totalSynapses = usage.input_tokens + usage.output_tokens;
  if (usage.cache_write_tokens !== undefined) {
    out.cacheReadNeurons = usage.cached_tokens;
    out.cacheCreationNeurons = usage.cache_write_tokens;
  }
  return out;
}

/** `fp_2024_10_04`; o-series models carry their family: `fp_o3_2024_10_04`. */
export function systemFingerprint(model: string): string {
  const family = /^(o\d+)/i.exec(model)?.[1]?.toLowerCase();
  return family ? `fp_${family}_2024_10_04` : 'fp_2024_10_04';
}

function answerOf(output: readonly GenericItem[]): Answer {
  const texts: string[] = [];
  const refusals: string[] = [];
  const toolCalls: Json[] = [];
  for (const item of output) {
    if (item.type === 'message') {
      for (const part of (item.content ?? []) as Json[]) {
        if (part.type === 'output_text') texts.push(String(part.text));
        if (part.type === 'refusal') refusals.push(String(part.refusal));
      }
    } else if (item.type === 'function_call') {
      toolCalls.push(toolCallOf(item));
    }
  }
  return { text: texts.length > 0 ? texts.join('') : null, refusal: refusals.length > 0 ? refusals.join('') : null, toolCalls };
}

function toolCallOf(item: GenericItem): Json {
  return { id: String(item.call_id), type: 'function', function: { name: String(item.name), arguments: String(item.arguments ?? '') } };
}

function finishReason(record: ResponseRecord, answer: Answer, echo: AitronosEcho): string {
  const { outcome } = record;
  if (outcome.incomplete_reason === 'content_filter' || answer.refusal !== null) return 'content_filter';
  if (outcome.incomplete_reason === 'max_output_tokens') return 'length';
  if (answer.toolCalls.length > 0) return echo.toolFinishReason;
  return 'stop';
}

/**
 * The Streaming events page: created → output_item.added → output_text.delta × N → output_text.done
 * → completed (or failed). Tool calls come as output_item.added/done carrying the toolCalls entry, and
 * a refusal as refusal.done; lifecycle and reasoning events the page does not list are not sent.
 */
export function aitronosStream(echo: AitronosEcho): StreamRendering {
  return (record) => ({
    terminator: null,
    render(event): WireEvent[] {
      const frame = (name: string, data: Json): WireEvent[] => [{ name, data }];
      const item = event.item as GenericItem | undefined;
      switch (event.type) {
        case 'response.created':
          return frame('response.created', { id: record.id, status: 'in_progress' });
        case 'response.output_item.added':
          if (item?.type === 'message') return frame('response.output_item.added', { index: 0, item: { type: 'message' } });
          if (item?.type === 'function_call') return frame('response.output_item.added', { index: 0, item: { ...toolCallOf(item), function: { name: item.name, arguments: '' } } });
          return [];
        case 'response.output_item.done':
          return item?.type === 'function_call' ? frame('response.output_item.done', { index: 0, item: toolCallOf(item) }) : [];
        case 'response.output_text.delta':
          return frame('response.output_text.delta', { index: 0, delta: event.delta });
        case 'response.output_text.done':
          return frame('response.output_text.done', { index: 0, text: event.text });
        case 'response.refusal.done':
          return frame('response.refusal.done', { index: 0, refusal: event.refusal });
        case 'response.completed':
        case 'response.incomplete':
          return frame('response.completed', { status: 'completed', usage: renderAitronosUsage(record.outcome.usage, record.request.model) });
        case 'error':
          // The `response.failed` that follows says it.
          return [];
        case 'response.failed': {
          const error = record.outcome.error ?? UNRECORDED_FAILURE;
          return frame('response.failed', { status: 'failed', error: { message: error.message, code: error.code.toUpperCase() } });
        }
        default:
          return [];
      }
    },
  });
}

/** Codes, types and user-facing messages by status (the canonical message becomes `system_message`). */
function classify(error: ApiError): { status: number; code: string; type: string; message: string } {
  const { status, code } = error;
  if (error instanceof JsonParseError) return { status, code: 'INVALID_JSON', type: 'client_error', message: 'The request body is not valid JSON.' };
  if (status === 400 && error.param !== null) return { status: 422, code: 'VALIDATION_ERROR', type: 'validation_error', message: 'The request failed validation.' };
  if (status === 401) {
    return code === 'invalid_api_key'
      ? { status, code: 'INVALID_API_KEY', type: 'authentication_error', message: 'The API key provided is invalid.' }
      : { status, code: 'AUTHENTICATION_REQUIRED', type: 'authentication_error', message: 'Authentication is required. Provide an API key in the X-API-Key header.' };
  }
  const table: Record<number, [string, string, string]> = {
    400: ['BAD_REQUEST', 'client_error', 'The request could not be processed.'],
    403: ['INSUFFICIENT_PERMISSIONS', 'authorization_error', 'You do not have permission to perform this action.'],
    404: ['NOT_FOUND', 'not_found_error', 'The requested resource was not found.'],
    405: ['METHOD_NOT_ALLOWED', 'client_error', 'This method is not allowed on this resource.'],
    409: ['CONFLICT', 'client_error', 'The request conflicts with the current state of the resource.'],
    413: ['PAYLOAD_TOO_LARGE', 'client_error', 'The request body is too large.'],
    415: ['UNSUPPORTED_MEDIA_TYPE', 'client_error', 'The request body must be JSON.'],
    429: [code === 'insufficient_quota' ? 'QUOTA_EXCEEDED' : 'RATE_LIMIT_EXCEEDED', 'rate_limit_error', 'Too many requests. Please retry later.'],
    503: ['SERVICE_UNAVAILABLE', 'server_error', 'The service is temporarily unavailable. Please retry later.'],
  };
  const [c, type, message] = table[status] ?? (status >= 500 ? ['INTERNAL_ERROR', 'server_error', 'An internal error occurred.'] : ['BAD_REQUEST', 'client_error', 'The request could not be processed.']);
  return { status, code: c, type, message };
}

export const renderAitronosError: ErrorRenderer = (error, context) => {
  const { status, code, type, message } = classify(error);
  const details: Json = {};
  if (error.param !== null) details.field = error.param;
  if (error.code !== null) details.reason = error.code;
  return {
    status,
    body: {
      success: false,
      error: { code, message, system_message: error.message, type, status, details, trace_id: context.requestId, timestamp: new Date(context.nowMs).toISOString() },
    },
    headers: { ...error.headers },
  };
};

/** A response that failed is answered as an error (the Response Object has no failed state). */
export function failureOf(record: ResponseRecord): ApiError | null {
  if (record.outcome.status !== 'failed' && record.outcome.status !== 'cancelled') return null;
  const error = record.outcome.error ?? { code: 'server_error', message: 'The response was cancelled.' };
  return new ApiError(500, 'server_error', error.message, null, error.code);
}
