/**
 * A validated Responses-shaped body → the canonical request, with the API's defaults applied. Shared
 * by every dialect: OpenAI's and Open Responses' bodies are Responses-shaped as sent, and Aitronos
 * maps its own onto that shape first, so the engine sees one request whatever the wire.
 */
import type { GenericItem } from '../../canonical/items';
import type { CanonicalRequest, TextFormat, Tool, ToolChoice } from '../../canonical/request';

type Body = Record<string, unknown>;

/** A validated body → the canonical request, with the API's defaults. */
export function normalize(body: Body, model: string): CanonicalRequest {
  const reasoning = body.reasoning as { effort?: string | null; summary?: string | null; context?: string | null; mode?: string | null } | null | undefined;
  const text = (body.text ?? {}) as { format?: TextFormat; verbosity?: 'low' | 'medium' | 'high' | null };
  const streamOptions = body.stream_options as { include_obfuscation?: boolean } | null | undefined;
  return {
    model,
    input: normalizeInput(body.input),
    instructions: (body.instructions as string | null | undefined) ?? null,
    previous_response_id: (body.previous_response_id as string | null | undefined) ?? null,
    conversation: conversationId(body.conversation),
    tools: (body.tools as Tool[] | null | undefined) ?? [],
    tool_choice: (body.tool_choice as ToolChoice | null | undefined) ?? 'auto',
    text: { format: text.format ?? { type: 'text' }, verbosity: text.verbosity ?? 'medium' },
    reasoning: reasoning ? { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null, ...(reasoning.context ? { context: reasoning.context } : {}), ...(reasoning.mode ? { mode: reasoning.mode } : {}) } : null,
    temperature: (body.temperature as number | null | undefined) ?? 1,
    top_p: (body.top_p as number | null | undefined) ?? 1,
    top_logprobs: (body.top_logprobs as number | undefined) ?? 0,
    // Open Responses accepts these; OpenAI's schema does not, so they stay 0 there.
    presence_penalty: (body.presence_penalty as number | null | undefined) ?? 0,
    frequency_penalty: (body.frequency_penalty as number | null | undefined) ?? 0,
    max_output_tokens: (body.max_output_tokens as number | null | undefined) ?? null,
    max_tool_calls: (body.max_tool_calls as number | null | undefined) ?? null,
    parallel_tool_calls: (body.parallel_tool_calls as boolean | null | undefined) ?? true,
    store: (body.store as boolean | null | undefined) ?? true,
    stream: body.stream === true,
    include_obfuscation: streamOptions?.include_obfuscation ?? true,
    background: body.background === true,
    include: (body.include as string[] | null | undefined) ?? [],
    metadata: (body.metadata as Record<string, string> | null | undefined) ?? {},
    service_tier: (body.service_tier as string | null | undefined) ?? 'auto',
    truncation: (body.truncation as 'auto' | 'disabled' | null | undefined) ?? 'disabled',
    prompt: (body.prompt as Record<string, unknown> | null | undefined) ?? null,
    prompt_cache_key: (body.prompt_cache_key as string | null | undefined) ?? null,
    prompt_cache_retention: (body.prompt_cache_retention as string | null | undefined) ?? null,
    safety_identifier: (body.safety_identifier as string | null | undefined) ?? null,
    user: body.user as string | undefined,
  };
}

/** A string is one user message; untyped objects are messages (with a role) or item references (only an id). */
export function normalizeInput(input: unknown): GenericItem[] {
  if (input == null) return [];
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return (input as Body[]).map((item) => {
    if (typeof item.type === 'string') return item as GenericItem;
    const isReference = !('role' in item) && !('content' in item);
    return { ...item, type: isReference ? 'item_reference' : 'message' } as GenericItem;
  });
}

function conversationId(conversation: unknown): string | null {
  if (conversation == null) return null;
  if (typeof conversation === 'string') return conversation;
  return String((conversation as { id: string }).id);
}
