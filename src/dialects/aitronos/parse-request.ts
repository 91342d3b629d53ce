/**
 * Aitronos: `POST /v1/model/response` bodies validated against schemas/aitronos/, then mapped onto
 * the canonical request through an OpenAI-shaped body, so the engine sees the same conversation (and
 * answers with the same text) as it would in the other dialects. What only Aitronos echoes
 * (organization, thread) travels beside the request, for the renderer.
 */
import type { GenericItem } from '../../canonical/items';
import type { CanonicalRequest } from '../../canonical/request';
import { checkEngineRules } from '../../engine/request-checks';
import type { SchemaRegistry } from '../../validation/schema-registry';
import type { UnknownParamsPolicy } from '../../validation/unknown-params';
import { normalize } from '../shared/normalize';
import { checkCreateRules } from '../shared/request-rules';
import { validateBody } from '../shared/validate-body';

export const AITRONOS_DEFAULT_MODEL = 'ftg-3.0';
export const DEFAULT_MAX_OUTPUT_SYNAPSES = 2048;
/** The organization a response belongs to when the request names none. */
export const DEFAULT_ORGANIZATION = 'org_emulator';

type Json = Record<string, unknown>;

export interface AitronosRequest {
  request: CanonicalRequest;
  organizationId: string;
  /** The thread to answer in (created when unknown), with metadata to set on it. */
  thread: { id: string; metadata: Record<string, string> | null } | null;
}

export function parseAitronosCreate(schemas: SchemaRegistry, raw: unknown, policy?: UnknownParamsPolicy): AitronosRequest {
  const body = validateBody(schemas, 'aitronos/create-response.json', raw, policy);
  const thread = threadOf(body.thread);
  const openaiShaped: Json = {
    input: (body.inputs as Json[]).flatMap(inputItems),
    tools: ((body.tools as Json[] | undefined) ?? []).map(flatTool),
    tool_choice: toolChoice(body.tool_choice),
    max_output_tokens: (body.max_output_synapses as number | undefined) ?? DEFAULT_MAX_OUTPUT_SYNAPSES,
    store: body.store ?? true,
    stream: body.stream === true,
    metadata: body.metadata ?? {},
    conversation: thread?.id ?? null,
  };
  if (body.stream === true) openaiShaped.stream_options = { include_obfuscation: false };
  const model = typeof body.model === 'string' ? body.model : AITRONOS_DEFAULT_MODEL;
  checkCreateRules({ ...openaiShaped, model });
  // max_output_synapses limits the output synapses; reasoning synapses are counted apart.
  const request: CanonicalRequest = { ...normalize(openaiShaped, model), max_output_excludes_reasoning: true };
  checkEngineRules(request);
  return { request, organizationId: (body.organization_id as string | undefined) ?? DEFAULT_ORGANIZATION, thread };
}

function threadOf(thread: unknown): AitronosRequest['thread'] {
  if (thread === undefined) return null;
  if (typeof thread === 'string') return { id: thread, metadata: null };
  const t = thread as { id: string; metadata?: Record<string, string> };
  return { id: t.id, metadata: t.metadata ?? null };
}

/** One input message → canonical items: a message, or an assistant's tool calls, or a tool's result. */
function inputItems(message: Json): GenericItem[] {
  const role = String(message.role);
  if (role === 'tool') return [{ type: 'function_call_output', call_id: String(message.tool_call_id ?? ''), output: textOf(message) }];
  const items: GenericItem[] = [];
  const parts = contentParts(message, role);
  if (parts !== null) items.push({ type: 'message', role, content: parts });
  for (const call of (message.tool_calls as { id: string; function: { name: string; arguments: string } }[] | undefined) ?? []) {
    items.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
  return items;
}

/** A plain string stays a string (as the other dialects send it); blocks and the older texts/images/files become parts. */
function contentParts(message: Json, role: string): string | Json[] | null {
  if (typeof message.content === 'string') return message.content;
  const textType = role === 'assistant' ? 'output_text' : 'input_text';
  const text = (t: string): Json => (textType === 'output_text' ? { type: textType, text: t, annotations: [] } : { type: textType, text: t });
  const parts: Json[] = [];
  for (const block of (message.content as Json[] | null | undefined) ?? []) {
    const type = String(block.type);
    if (type === 'text' || type === 'input_text' || type === 'output_text') parts.push(text(String(block.text)));
    else if (type === 'image' || type === 'input_image') parts.push(imagePart(block.image_url ?? block.url, block.file_id ?? block.fileId));
    else parts.push(filePart(block));
  }
  for (const t of (message.texts as { text: string }[] | undefined) ?? []) parts.push(text(t.text));
  for (const image of (message.images as { fileId?: string; url?: string }[] | undefined) ?? []) parts.push(imagePart(image.url, image.fileId));
  for (const file of (message.files as { fileId?: string; url?: string }[] | undefined) ?? []) parts.push(filePart({ file_id: file.fileId, file_url: file.url }));
  if (parts.length === 0) return message.tool_calls ? null : [];
  return parts;
}

function imagePart(url: unknown, fileId: unknown): Json {
  return typeof url === 'string' ? { type: 'input_image', image_url: url, detail: 'auto' } : { type: 'input_image', file_id: String(fileId), detail: 'auto' };
}

function filePart(block: Json): Json {
  const out: Json = { type: 'input_file' };
  const fileId = block.file_id ?? block.fileId;
  if (fileId !== undefined) out.file_id = fileId;
  for (const key of ['file_url', 'file_data', 'filename']) if (block[key] !== undefined) out[key] = block[key];
  return out;
}

function textOf(message: Json): string {
  if (typeof message.content === 'string') return message.content;
  const blocks = (message.content as Json[] | null | undefined) ?? [];
  return [...blocks.map((b) => String(b.text ?? '')), ...((message.texts as { text: string }[] | undefined) ?? []).map((t) => t.text)].join('');
}

/** Chat-style `{type, function: {…}}` tools are flattened to the Responses form. */
function flatTool(tool: Json): Json {
  const fn = (tool.function ?? tool) as Json;
  const out: Json = { type: 'function', name: fn.name };
  for (const key of ['description', 'parameters', 'strict']) if (fn[key] !== undefined) out[key] = fn[key];
  return out;
}

function toolChoice(choice: unknown): unknown {
  if (choice === undefined || typeof choice === 'string') return choice ?? 'auto';
  const c = choice as { name?: string; function?: { name: string } };
  return { type: 'function', name: c.name ?? c.function?.name };
}
