/**
 * Checks the engine needs before it can answer, each a 400 in the API's words: tool parameter
 * schemas and structured-output schemas must be valid JSON Schemas (and follow strict-mode rules
 * when `strict: true`), grammars of custom tools must parse, `json_object` needs the word "JSON" in
 * the input, a forced tool choice needs tools, and every tool output answers a call in the conversation.
 */
import type { GenericItem } from '../canonical/items';
import type { CanonicalRequest, Tool } from '../canonical/request';
import { invalidRequest } from '../errors';
import { Rng } from '../random';
import { GrammarError, generateFromLark, generateFromRegex } from './tools/grammar';
import { compileUserSchema, InvalidUserSchema, strictModeViolation } from './user-schemas';

export function checkEngineRules(request: CanonicalRequest): void {
  request.tools.forEach((tool, i) => checkTool(tool, `tools[${i}]`));
  checkFormat(request);
  checkToolChoice(request);
}

/** Each tool output in the conversation answers a call made before it (as the API checks). */
export function checkToolOutputs(context: readonly GenericItem[]): void {
  // Made on the first call seen: most contexts have none (this runs for every request).
  let calls: Set<string> | null = null;
  for (const item of context) {
    if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
      // The spec lets a function_call_output leave out call_id (a standalone output naming its tool).
      if (item.call_id === undefined || item.call_id === null) continue;
      const callId = String(item.call_id);
      const kind = item.type === 'function_call_output' ? 'function call' : 'custom tool call';
      if (!calls?.has(callId)) throw invalidRequest(`No tool call found for ${kind} output with call_id ${callId}.`, 'input', null);
    } else if (typeof item.call_id === 'string') {
      (calls ??= new Set()).add(item.call_id);
    }
  }
}

function checkTool(tool: Tool, path: string): void {
  if (tool.type === 'namespace') {
    ((tool.tools as Tool[] | undefined) ?? []).forEach((t, j) => checkTool(t, `${path}.tools[${j}]`));
    return;
  }
  if (tool.type === 'function' && tool.parameters != null) {
    const name = String(tool.name);
    const fail = (why: string, whole = false) => invalidRequest(whole ? why : `Invalid schema for function '${name}': ${why}`, `${path}.parameters`, 'invalid_function_parameters');
    const parameters = tool.parameters as Record<string, unknown>;
    if (parameters.type !== undefined && parameters.type !== 'object') {
      throw fail(`schema must be a JSON Schema of 'type: "object"', got 'type: "${String(parameters.type)}"'.`);
    }
    compileOrThrow(parameters, fail);
    if (tool.strict === true) {
      const violation = strictModeViolation(parameters);
      if (violation) throw fail(violation);
    }
  }
  if (tool.type === 'custom') {
    const format = tool.format as { type?: string; syntax?: string; definition?: string } | undefined;
    if (format?.type === 'grammar') {
      try {
        const rng = new Rng(0);
        if (format.syntax === 'regex') generateFromRegex(String(format.definition), rng);
        else generateFromLark(String(format.definition), rng);
      } catch (err) {
        if (!(err instanceof GrammarError)) throw err;
        throw invalidRequest(`Invalid grammar for custom tool '${String(tool.name)}': ${err.message}.`, `${path}.format.definition`, 'invalid_grammar');
      }
    }
  }
}

function checkFormat(request: CanonicalRequest): void {
  const format = request.text.format;
  if (format.type === 'json_schema') {
    const fail = (why: string, whole = false) => invalidRequest(whole ? why : `Invalid schema for response_format '${String(format.name)}': ${why}`, 'text.format.schema', 'invalid_json_schema');
    compileOrThrow(format.schema ?? {}, fail);
    if (format.strict === true) {
      const violation = strictModeViolation(format.schema ?? {});
      if (violation) throw fail(violation);
    }
  }
  if (format.type === 'json_object' && !mentionsJson(request)) {
    throw invalidRequest(
      "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.",
      'input',
      'invalid_value',
    );
  }
}

function checkToolChoice(request: CanonicalRequest): void {
  const forced = request.tool_choice === 'required' || (typeof request.tool_choice === 'object' && request.tool_choice.type !== 'allowed_tools');
  if (forced && request.tools.length === 0) {
    throw invalidRequest("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice', 'invalid_value');
  }
}

function compileOrThrow(schema: Record<string, unknown>, fail: (why: string, whole?: boolean) => Error): void {
  try {
    compileUserSchema(schema);
  } catch (err) {
    if (err instanceof InvalidUserSchema) throw err.whole ? fail(err.message, true) : fail(`${err.message}.`);
    throw err;
  }
}

function mentionsJson(request: CanonicalRequest): boolean {
  const texts = [request.instructions ?? '', ...request.input.map(itemText)];
  return texts.some((t) => /json/i.test(t));
}

function itemText(item: GenericItem): string {
  if (typeof item.content === 'string') return item.content;
  if (Array.isArray(item.content)) return (item.content as { text?: string }[]).map((p) => p.text ?? '').join(' ');
  return '';
}
