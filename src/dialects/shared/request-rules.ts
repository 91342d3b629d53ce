/**
 * Rules the real API enforces that its JSON Schema does not state. Each throws the API's 400.
 */
import { invalidRequest } from '../../errors';

type Body = Record<string, unknown>;

export function checkCreateRules(body: Body): void {
  if (body.model === undefined && !body.prompt) {
    throw invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  }
  checkCommonRules(body);
  if (body.stream_options != null && body.stream !== true) {
    throw invalidRequest(
      "Invalid value for 'stream_options': 'stream_options' is only allowed when 'stream' is true.",
      'stream_options',
      'invalid_value',
    );
  }
  checkToolChoiceNamesATool(body);
  if (body.background === true && body.store === false) {
    throw invalidRequest("Invalid value for 'store': background responses require 'store' to be true.", 'store', 'invalid_value');
  }
}

/** Shared by POST /responses and POST /responses/input_tokens. */
export function checkCommonRules(body: Body): void {
  if (body.conversation != null && body.previous_response_id != null) {
    throw invalidRequest(
      "Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.",
      'conversation',
      'mutually_exclusive_parameters',
    );
  }
  if (Array.isArray(body.input)) {
    checkInputParts(body.input as Body[]);
    checkReasoningFollowers(body.input as Body[]);
  }
  if (Array.isArray(body.tools)) checkTools(body.tools as Body[]);
}

function checkInputParts(input: Body[]): void {
  input.forEach((item, i) => {
    const parts = item.type === 'function_call_output' || item.type === 'custom_tool_call_output' ? item.output : item.content;
    if (!Array.isArray(parts)) return;
    const where = item.type === 'function_call_output' || item.type === 'custom_tool_call_output' ? 'output' : 'content';
    (parts as Body[]).forEach((part, j) => {
      // The path is only written for the parts checked here (not for every text part of every request).
      if (part.type !== 'input_image' && part.type !== 'input_file') return;
      const path = `input[${i}].${where}[${j}]`;
      if (part.type === 'input_image') checkImage(part, path);
      if (part.type === 'input_file' && part.file_id == null && part.file_data == null && part.file_url == null) {
        throw invalidRequest(
          `Invalid input file: one of 'file_id', 'file_data' or 'file_url' must be provided in '${path}'.`,
          `${path}.file_id`,
          'missing_required_parameter',
        );
      }
    });
  });
}

/** Input items that can never be what a reasoning item led to: the caller's turn, not the model's. */
const NOT_A_FOLLOWER = new Set(['compaction_trigger', 'mcp_approval_response']);

/**
 * A reasoning item the API produced (it has its `rs_…` id) must come back with the item it led to
 * right after it — the model's message or tool call — as the API's 400 says (observed: continuedev/continue
 * issue 8933, code null, param "input"). A reasoning item without an id (Codex CLI with store: false
 * sends them so, with encrypted_content) is not checked: nothing ties it to a following item.
 */
function checkReasoningFollowers(input: Body[]): void {
  input.forEach((item, i) => {
    if (item?.type !== 'reasoning' || typeof item.id !== 'string' || item.id === '') return;
    const next = input[i + 1];
    if (next && typeof next === 'object' && isModelItem(next)) return;
    throw invalidRequest(`Item '${item.id}' of type 'reasoning' was provided without its required following item.`, 'input', null);
  });
}

/** Could this input item be something the model produced after a reasoning item? */
function isModelItem(item: Body): boolean {
  const type = typeof item.type === 'string' ? item.type : null;
  if (type === null && !('role' in item) && !('content' in item)) return true; // an item reference
  if (type === null || type === 'message') return item.role === 'assistant';
  return !type.endsWith('_output') && !NOT_A_FOLLOWER.has(type);
}

const DATA_IMAGE_URL = /^data:image\/(png|jpeg|jpg|gif|webp);base64,/i;

function checkImage(part: Body, path: string): void {
  const url = part.image_url;
  if (url == null && part.file_id == null) {
    throw invalidRequest(
      `Invalid input image: one of 'image_url' or 'file_id' must be provided in '${path}'.`,
      `${path}.image_url`,
      'missing_required_parameter',
    );
  }
  if (typeof url === 'string' && !/^https?:\/\/[^\s]+$/i.test(url) && !DATA_IMAGE_URL.test(url)) {
    throw invalidRequest(
      `Invalid '${path}.image_url': expected a URL (http or https) or a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,…').`,
      `${path}.image_url`,
      'invalid_value',
    );
  }
}

function checkTools(tools: Body[]): void {
  const names = new Set<string>();
  tools.forEach((tool, i) => {
    if (tool.type === 'mcp') {
      const given = ['server_url', 'connector_id', 'tunnel_id'].filter((k) => tool[k] != null);
      if (given.length !== 1) {
        throw invalidRequest(
          `Invalid MCP tool 'tools[${i}]': exactly one of 'server_url', 'connector_id' or 'tunnel_id' must be provided.`,
          `tools[${i}].server_url`,
          given.length === 0 ? 'missing_required_parameter' : 'invalid_value',
        );
      }
    }
    if ((tool.type === 'function' || tool.type === 'custom') && typeof tool.name === 'string') {
      if (names.has(tool.name)) {
        throw invalidRequest(`Duplicate tool name: '${tool.name}'. Tool names must be unique.`, `tools[${i}].name`, 'invalid_value');
      }
      names.add(tool.name);
    }
  });
}

/** `tool_choice: {type: "function", name}` (or custom) must name a tool that was given. */
function checkToolChoiceNamesATool(body: Body): void {
  const choice = body.tool_choice as Body | undefined;
  if (!choice || typeof choice !== 'object' || (choice.type !== 'function' && choice.type !== 'custom')) return;
  const tools = Array.isArray(body.tools) ? (body.tools as Body[]) : [];
  if (!tools.some((t) => t.type === choice.type && t.name === choice.name)) {
    throw invalidRequest(
      `Tool choice '${String(choice.name)}' not found in 'tools' parameter.`,
      'tool_choice.name',
      'invalid_value',
    );
  }
}
