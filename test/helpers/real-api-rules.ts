/**
 * The real API's rules that its JSON Schema cannot state, applied to a generated request body so that
 * a spec-valid body is also one the API would answer. Each rule is one the API enforces with a 400
 * (the emulator does too, and tests that elsewhere); fitting the body keeps the generated value and
 * changes only what the rule is about.
 */
import fc from 'fast-check';
import { strictObjectSchema } from './arbitrary-schemas';

type Json = Record<string, unknown>;

/** Names as the API requires them (the spec's descriptions: `a-z, A-Z, 0-9, _ and -`, at most 64 characters). */
const NAME = fc.stringMatching(/^[a-zA-Z0-9_-]{1,24}$/);

/**
 * Narrowings of the spec-generated values, each where the API refuses what the schema alone allows
 * (for the oracle arbitraries' `overrides`).
 */
export const realApiOverrides = (): Record<string, fc.Arbitrary<unknown> | null> => ({
  // The API answers 404/400 for objects it does not have: these name stored state, tested elsewhere.
  'CreateResponse.previous_response_id': null,
  'CreateResponse.conversation': null,
  'CreateResponse.prompt': null,
  ItemReferenceParam: fc.constant({ type: 'message', role: 'user', content: 'an item reference would name stored state' }),
  // Tool and format names: the API's pattern (its 400 names it).
  'FunctionTool.name': NAME,
  'FunctionToolParam.name': NAME,
  'CustomToolParam.name': NAME,
  'TextResponseFormatJsonSchema.name': NAME,
  // Tool parameters and structured-output schemas must be JSON Schemas the API can compile (its
  // 400 invalid_function_parameters / invalid_json_schema); strict ones follow strict-mode rules.
  'FunctionTool.parameters': fc.oneof(strictObjectSchema, fc.constant(null)),
  'FunctionToolParam.parameters': fc.oneof(strictObjectSchema, fc.constant(null)),
  'TextResponseFormatJsonSchema.schema': strictObjectSchema,
  // A grammar must parse (the API's 400 invalid_grammar).
  CustomGrammarFormatParam: fc.constantFrom(
    { type: 'grammar', syntax: 'regex', definition: '^(yes|no)$' },
    { type: 'grammar', syntax: 'lark', definition: 'start: WORD+\nWORD: /[a-z]+/ " "' },
  ),
  // Bounds the spec states in its descriptions: 1–50 results, a 0–1 score threshold.
  'FileSearchTool.max_num_results': fc.integer({ min: 1, max: 50 }),
  'RankingOptions.score_threshold': fc.double({ min: 0, max: 1, noNaN: true }),
  // A display has at least one pixel each way.
  'ComputerUsePreviewTool.display_width': fc.integer({ min: 1, max: 4096 }),
  'ComputerUsePreviewTool.display_height': fc.integer({ min: 1, max: 4096 }),
  // `WIDTHxHEIGHT` or `auto`, as the description says.
  'ImageGenTool.size': fc.constantFrom('auto', '1024x1024', '1536x1024', '1536x864'),
  // "Currently only 'compaction' is supported."
  'ContextManagementParam.type': fc.constant('compaction'),
  // Each allowed tool is a tool reference (it has a `type`).
  'ToolChoiceAllowed.tools': fc.constant([{ type: 'function', name: 'lookup' }]),
});


const OUTPUT_OF: Record<string, { type: string; make: (callId: string) => Json }> = {
  function_call_output: { type: 'function_call', make: (call_id) => ({ type: 'function_call', call_id, name: 'lookup', arguments: '{}' }) },
  custom_tool_call_output: { type: 'custom_tool_call', make: (call_id) => ({ type: 'custom_tool_call', call_id, name: 'lookup', input: '' }) },
};

export function fitRealApiRules(original: Json): Json {
  const body: Json = structuredClone(original);
  // `model` is required unless a stored prompt names one.
  if (typeof body.model !== 'string') body.model = 'gpt-5.4';
  // Background responses must be stored; stream_options only go with a stream.
  if (body.background === true) body.store = true;
  if (body.stream !== true) delete body.stream_options;
  const tools = Array.isArray(body.tools) ? (body.tools as Json[]) : [];
  fitTools(tools);
  fitToolChoice(body, tools);
  if (Array.isArray(body.input)) body.input = fitInput(body.input as Json[]);
  // json_object output needs the word JSON in the input.
  const text = body.text as Json | null | undefined;
  if ((text?.format as Json | undefined)?.type === 'json_object') body.instructions = 'Answer in JSON.';
  return body;
}

/** Tool names are unique; an MCP tool names exactly one server (URL, connector or tunnel). */
function fitTools(tools: Json[]): void {
  const names = new Set<string>();
  tools.forEach((tool, i) => {
    if ((tool.type === 'function' || tool.type === 'custom') && typeof tool.name === 'string') {
      if (names.has(tool.name)) tool.name = `${tool.name}_${i}`;
      names.add(tool.name as string);
    }
    if (tool.type === 'mcp') {
      const given = ['server_url', 'connector_id', 'tunnel_id'].filter((k) => tool[k] != null);
      for (const extra of given.slice(1)) delete tool[extra];
      if (given.length === 0) tool.server_url = 'https://mcp.example.com/sse';
    }
  });
}

/** A forced tool choice needs tools, and a named one must name a tool that was given. */
function fitToolChoice(body: Json, tools: Json[]): void {
  const choice = body.tool_choice as Json | string | null | undefined;
  if (choice == null || choice === 'auto' || choice === 'none') return;
  if (tools.length === 0) {
    body.tool_choice = 'auto';
    return;
  }
  if (typeof choice !== 'object' || (choice.type !== 'function' && choice.type !== 'custom')) return;
  const match = tools.find((t) => t.type === choice.type);
  if (match) choice.name = match.name;
  else body.tool_choice = 'auto';
}

function fitInput(input: Json[]): Json[] {
  const out: Json[] = [];
  const calls = new Set<string>();
  input.forEach((item, i) => {
    if (!item || typeof item !== 'object') return out.push(item);
    const answered = OUTPUT_OF[String(item.type)];
    // A tool output answers a call made before it.
    if (answered && typeof item.call_id === 'string' && !calls.has(item.call_id)) out.push(answered.make(item.call_id));
    if (typeof item.call_id === 'string') calls.add(item.call_id);
    fitContent(item);
    out.push(item);
    // A reasoning item the API produced comes back with the item it led to.
    if (item.type === 'reasoning' && typeof item.id === 'string' && item.id !== '' && !isModelItem(input[i + 1])) {
      out.push({ type: 'message', role: 'assistant', content: 'The answer.' });
    }
  });
  return out;
}

/** Assistant messages hold output parts only; an image or file part (of a message or a tool output) names its image or file. */
function fitContent(item: Json): void {
  const parts = Array.isArray(item.content) ? (item.content as Json[]) : [];
  if (item.role === 'assistant' && parts.some((p) => String(p?.type).startsWith('input_'))) {
    item.content = 'An earlier answer.';
    return;
  }
  for (const part of [...parts, ...(Array.isArray(item.output) ? (item.output as Json[]) : [])]) {
    if (part?.type === 'input_image' && part.image_url == null && part.file_id == null) part.file_id = 'file-123';
    if (part?.type === 'input_file' && part.file_id == null && part.file_data == null && part.file_url == null) part.file_id = 'file-123';
  }
}

function isModelItem(item: Json | undefined): boolean {
  if (!item || typeof item !== 'object') return false;
  const type = typeof item.type === 'string' ? item.type : null;
  if (type === null || type === 'message') return item.role === 'assistant';
  return !type.endsWith('_output') && type !== 'compaction_trigger' && type !== 'mcp_approval_response';
}
