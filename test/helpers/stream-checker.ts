/**
 * Checks a stream the way the openai-node SDK's (HEAD) ResponseStream accumulator does — every rule
 * of the reference digest §7.3 that makes it throw — plus the stream invariants the emulator
 * promises (contiguous sequence numbers from 0, deltas that add up to the done texts and to the final
 * response). Every event must also be one the project's schema describes, in the shape it describes
 * (schemas/openai/stream-events.json). Returns the final response; throws with a precise message otherwise.
 */
import type { ErrorObject } from 'ajv';
import { projectSchemas } from './project-schemas';

type Json = Record<string, unknown>;

/** Why an event is not one the schema describes (null when it is). */
export function streamEventErrors(event: unknown): string | null {
  const validate = projectSchemas().validator('openai/stream-events.json');
  if (validate(event)) return null;
  const errors = (validate.errors ?? []) as ErrorObject[];
  // The SDK's words for a type it has no case for: the discriminator found no branch.
  if (errors.some((e) => e.keyword === 'discriminator')) return `Unhandled response stream event: ${String((event as Json).type)}`;
  return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');
}

const LIFECYCLE = new Set(['response.created', 'response.queued', 'response.in_progress', 'response.completed', 'response.failed', 'response.incomplete']);

/** Which item type each item-scoped event must target. */
function targetType(type: string, part?: Json): string | null {
  if (type.startsWith('response.output_text') || type.startsWith('response.refusal')) return 'message';
  if (type.startsWith('response.content_part')) return part?.type === 'reasoning_text' ? 'reasoning' : 'message';
  if (type.startsWith('response.reasoning')) return 'reasoning';
  if (type.startsWith('response.function_call_arguments')) return 'function_call';
  if (type.startsWith('response.custom_tool_call_input')) return 'custom_tool_call';
  if (type.startsWith('response.code_interpreter_call')) return 'code_interpreter_call';
  if (type.startsWith('response.web_search_call')) return 'web_search_call';
  if (type.startsWith('response.file_search_call')) return 'file_search_call';
  if (type.startsWith('response.image_generation_call')) return 'image_generation_call';
  if (type.startsWith('response.mcp_call')) return 'mcp_call';
  if (type.startsWith('response.mcp_list_tools')) return 'mcp_list_tools';
  if (type.startsWith('response.apply_patch_call_operation_diff')) return 'apply_patch_call';
  return null;
}

export class StreamCheckError extends Error {}

function fail(message: string): never {
  throw new StreamCheckError(message);
}

export function checkStream(events: readonly Json[]): Json {
  if (events.length === 0) fail('request ended without sending any events');
  let snapshot: Json | null = null;
  const texts = new Map<string, string>(); // accumulated delta text per target
  events.forEach((e, i) => {
    const type = String(e.type);
    if (e.sequence_number !== i) fail(`event ${i} (${type}) has sequence_number ${String(e.sequence_number)}`);
    if (type === 'error') fail(`error event: ${JSON.stringify(e)}`);
    const invalid = streamEventErrors(e);
    if (invalid) fail(`event ${i} (${type}): ${invalid}`);
    if (!snapshot && type !== 'response.created') fail(`When snapshot hasn't been set yet, expected 'response.created' event, got ${type}`);
    if ('error' in e && e.error) fail(`event ${type} has a truthy top-level error`);
    if (LIFECYCLE.has(type)) {
      snapshot = structuredClone(e.response as Json);
      checkIdentities(snapshot.output as Json[]);
      return;
    }
    const output = (snapshot!.output ??= []) as Json[];
    if (type === 'response.output_item.added') {
      if (e.output_index !== output.length) fail(`missing output at index ${String(e.output_index)}`);
      const item = e.item as Json;
      if (typeof item.type !== 'string') fail('expected an own output item type');
      if (!item.id && item.type !== 'function_call' && item.type !== 'custom_tool_call') fail('expected a non-empty output item id');
      if (['function_call', 'custom_tool_call', 'shell_call', 'shell_call_output'].includes(item.type) && !item.call_id) fail('expected a non-empty output item call_id');
      output.push(structuredClone(item));
      checkIdentities(output);
      return;
    }
    const index = e.output_index as number;
    const target = output[index];
    if (!target) fail(`missing output at index ${index}`);
    if (type === 'response.output_item.done') {
      const item = e.item as Json;
      for (const key of ['type', 'id', 'call_id']) if (item[key] !== target[key]) fail(`expected output item ${key} '${String(target[key])}', got '${String(item[key])}'`);
      output[index] = structuredClone(item);
      return;
    }
    if (type.startsWith('response.shell_call_command.')) {
      // Shell command events carry no item_id: they are aimed by output_index and command_index.
      if (target.type !== 'shell_call') fail(`expected output item type 'shell_call', got '${String(target.type)}'`);
      const commands = ((target.action as Json | undefined)?.commands ?? []) as string[];
      const ci = e.command_index as number;
      const key = `${index}/${ci}/shell_call_command`;
      if (type === 'response.shell_call_command.added') {
        if (ci !== commands.length) fail(`missing command at index ${ci}`);
        commands.push(String(e.command));
        ((target.action ??= {}) as Json).commands = commands;
        texts.set(key, String(e.command));
      } else {
        if (commands[ci] === undefined) fail(`missing command at index ${ci}`);
        if (type.endsWith('.delta')) texts.set(key, (texts.get(key) ?? '') + String(e.delta));
        else if (texts.get(key) !== e.command) fail(`deltas of ${key} concatenate to ${JSON.stringify(texts.get(key))}, but ${type} says ${JSON.stringify(e.command)}`);
      }
      return;
    }
    if (!e.item_id) fail(`expected a non-empty item_id for ${type}`);
    if (e.item_id !== target.id) fail(`expected item_id '${String(target.id)}', got '${String(e.item_id)}'`);
    const expected = targetType(type, e.part as Json | undefined);
    if (expected && target.type !== expected) fail(`expected output item type '${expected}', got '${String(target.type)}'`);
    const key = `${index}/${String(e.content_index ?? e.summary_index ?? '')}/${type.replace(/\.(delta|done)$/, '')}`;
    switch (type) {
      case 'response.content_part.added': {
        const content = (target.content ??= []) as Json[];
        if (e.content_index !== content.length) fail(`missing content at index ${String(e.content_index)}`);
        content.push(structuredClone(e.part as Json));
        break;
      }
      case 'response.reasoning_summary_part.added': {
        const summary = (target.summary ??= []) as Json[];
        if (e.summary_index !== summary.length) fail(`missing content at index ${String(e.summary_index)}`);
        summary.push(structuredClone(e.part as Json));
        break;
      }
      case 'response.output_text.delta':
      case 'response.refusal.delta': {
        const part = ((target.content ?? []) as Json[])[e.content_index as number];
        if (!part) fail(`missing content at index ${String(e.content_index)}`);
        const wanted = type === 'response.output_text.delta' ? 'output_text' : 'refusal';
        if (part.type !== wanted) fail(`expected content to be '${wanted}', got ${String(part.type)}`);
        if (!Array.isArray(e.logprobs) && type === 'response.output_text.delta') fail('output_text.delta without logprobs');
        texts.set(key, (texts.get(key) ?? '') + String(e.delta));
        break;
      }
      case 'response.output_text.annotation.added': {
        const part = ((target.content ?? []) as Json[])[e.content_index as number];
        const annotations = (part.annotations ??= []) as unknown[];
        if ((e.annotation_index as number) > annotations.length) fail(`missing annotation at index ${String(e.annotation_index)}`);
        annotations[e.annotation_index as number] = e.annotation;
        break;
      }
      default:
        if (type.endsWith('.delta')) texts.set(key, (texts.get(key) ?? '') + String(e.delta));
        if (type.endsWith('.done')) {
          const full = String(e.text ?? e.refusal ?? e.arguments ?? e.input ?? e.code ?? e.diff ?? '');
          const streamed = texts.get(key);
          if (streamed !== undefined && streamed !== full) fail(`deltas of ${key} concatenate to ${JSON.stringify(streamed)}, but ${type} says ${JSON.stringify(full)}`);
        }
    }
  });
  return snapshot!;
}

function checkIdentities(output: Json[]): void {
  const seen = new Set<string>();
  for (const item of output) {
    for (const key of [item.id ? `id:${String(item.id)}` : null, item.call_id ? `${String(item.type)}:${String(item.call_id)}` : null]) {
      if (!key) continue;
      if (seen.has(key)) fail(`duplicate output item identity '${key}'`);
      seen.add(key);
    }
  }
}
