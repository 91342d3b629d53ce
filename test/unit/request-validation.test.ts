import { ApiError } from '../../src/errors';
import { parseCreateResponse, parseTokenCountsBody } from '../../src/dialects/openai/parse-request';
import { projectSchemas } from '../helpers/project-schemas';

function errorFor(body: unknown): Pick<ApiError, 'status' | 'type' | 'param' | 'code' | 'message'> {
  try {
    parseCreateResponse(projectSchemas(), body);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { status: err.status, type: err.type, param: err.param, code: err.code, message: err.message };
  }
  throw new Error(`expected ${JSON.stringify(body)} to be rejected`);
}

const M = { model: 'gpt-4o' };

describe('request validation: the real API’s error for each kind of bad body', () => {
  test.each([
    [{ ...M, temprature: 1 }, 'temprature', 'unknown_parameter', "Unknown parameter: 'temprature'."],
    [{ ...M, input: [{ role: 'user', content: 'hi', foo: 1 }] }, 'input[0].foo', 'unknown_parameter', "Unknown parameter: 'input[0].foo'."],
    [{ ...M, text: { format: { type: 'text' }, color: 'red' } }, 'text.color', 'unknown_parameter', "Unknown parameter: 'text.color'."],
    [{ input: 'hi' }, 'model', 'missing_required_parameter', "Missing required parameter: 'model'."],
    [{ ...M, tools: [{ type: 'function' }] }, 'tools[0].name', 'missing_required_parameter', "Missing required parameter: 'tools[0].name'."],
    [{ ...M, input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id', 'missing_required_parameter', "Missing required parameter: 'input[0].call_id'."],
    [{ ...M, temperature: 'hot' }, 'temperature', 'invalid_type', "Invalid type for 'temperature': expected a decimal, but got a string instead."],
    [{ ...M, max_output_tokens: 20.5 }, 'max_output_tokens', 'invalid_type', "Invalid type for 'max_output_tokens': expected an integer, but got a decimal instead."],
    [{ ...M, input: 5 }, 'input', 'invalid_type', "Invalid type for 'input': expected one of a string or an array, but got an integer instead."],
    [{ ...M, tool_choice: 5 }, 'tool_choice', 'invalid_type', "Invalid type for 'tool_choice': expected one of a string or an object, but got an integer instead."],
    [{ ...M, metadata: { a: 1 } }, 'metadata.a', 'invalid_type', "Invalid type for 'metadata.a': expected a string, but got an integer instead."],
    [{ ...M, top_logprobs: null }, 'top_logprobs', 'invalid_type', "Invalid type for 'top_logprobs': expected an integer, but got null instead."],
    [
      { ...M, input: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }, { type: 'message', role: 'user', content: [{ type: 'input_txt', text: 'x' }] }] },
      'input[2].content[0].type',
      'invalid_value',
      "Invalid value: 'input_txt'. Supported values are: 'input_text', 'input_image', 'input_file', and 'input_audio'.",
    ],
    [
      { ...M, input: [{ role: 'assistant', content: [{ type: 'input_text', text: 'x' }] }] },
      'input[0].content[0].type',
      'invalid_value',
      "Invalid value: 'input_text'. Supported values are: 'output_text' and 'refusal'.",
    ],
    [{ ...M, tool_choice: 'bogus' }, 'tool_choice', 'invalid_value', "Invalid value: 'bogus'. Supported values are: 'none', 'auto', and 'required'."],
    [{ ...M, input: [{ role: 'robot', content: 'x' }] }, 'input[0].role', 'invalid_value', "Invalid value: 'robot'. Supported values are: 'user', 'assistant', 'system', and 'developer'."],
    [{ ...M, temperature: 3 }, 'temperature', 'decimal_above_max_value', "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead."],
    [{ ...M, top_p: -0.5 }, 'top_p', 'decimal_below_min_value', "Invalid 'top_p': decimal below minimum value. Expected a value >= 0, but got -0.5 instead."],
    [{ ...M, max_output_tokens: 5 }, 'max_output_tokens', 'integer_below_min_value', "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 5 instead."],
    [{ ...M, top_logprobs: 21 }, 'top_logprobs', 'integer_above_max_value', "Invalid 'top_logprobs': integer above maximum value. Expected a value <= 20, but got 21 instead."],
    [
      { ...M, safety_identifier: 'x'.repeat(65) },
      'safety_identifier',
      'string_above_max_length',
      "Invalid 'safety_identifier': string too long. Expected a string with maximum length 64, but got a string with length 65 instead.",
    ],
    [
      { ...M, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) },
      'metadata',
      'object_above_max_properties',
      "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with 17 properties instead.",
    ],
    [
      { ...M, metadata: { k: 'v'.repeat(513) } },
      'metadata.k',
      'string_above_max_length',
      "Invalid 'metadata.k': string too long. Expected a string with maximum length 512, but got a string with length 513 instead.",
    ],
    [{ ...M, tools: [{ type: 'function', name: 'get weather' }] }, 'tools[0].name', 'invalid_value', "Invalid 'tools[0].name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'."],
  ])('%j → %s / %s', (body, param, code, message) => {
    expect(errorFor(body)).toEqual({ status: 400, type: 'invalid_request_error', param, code, message });
  });

  test('keys of metadata longer than 64 characters are refused on `metadata`', () => {
    expect(errorFor({ ...M, metadata: { ['k'.repeat(65)]: 'v' } })).toMatchObject({ param: 'metadata', code: 'string_above_max_length' });
  });

  test('a body that is not an object is an invalid_type with no param', () => {
    for (const body of [[], 'text', 42, null]) {
      expect(errorFor(body)).toMatchObject({ status: 400, param: null, code: 'invalid_type' });
    }
  });

  test('rules the schema cannot state are enforced as the API does', () => {
    expect(errorFor({ ...M, previous_response_id: 'resp_1', conversation: 'conv_1' })).toMatchObject({
      param: 'conversation',
      code: 'mutually_exclusive_parameters',
    });
    expect(errorFor({ ...M, stream_options: { include_obfuscation: false } })).toMatchObject({ param: 'stream_options', code: 'invalid_value' });
    expect(errorFor({ ...M, input: [{ role: 'user', content: [{ type: 'input_image', detail: 'low' }] }] })).toMatchObject({
      param: 'input[0].content[0].image_url',
      code: 'missing_required_parameter',
    });
    expect(errorFor({ ...M, input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'ftp://x/y.png' }] }] })).toMatchObject({
      param: 'input[0].content[0].image_url',
      code: 'invalid_value',
    });
    expect(errorFor({ ...M, input: [{ role: 'user', content: [{ type: 'input_file', filename: 'a.pdf' }] }] })).toMatchObject({
      param: 'input[0].content[0].file_id',
    });
    expect(errorFor({ ...M, tools: [{ type: 'mcp', server_label: 'x' }] })).toMatchObject({ param: 'tools[0].server_url' });
    expect(errorFor({ ...M, tools: [{ type: 'function', name: 'a' }, { type: 'function', name: 'a' }] })).toMatchObject({ param: 'tools[1].name' });
    expect(errorFor({ ...M, tool_choice: { type: 'function', name: 'nope' } })).toMatchObject({ param: 'tool_choice.name', code: 'invalid_value' });
  });

  test('a prompt template makes model optional', () => {
    expect(parseCreateResponse(projectSchemas(), { prompt: { id: 'pmpt_1' } }).model).toBe('');
  });

  test('valid bodies of every input item kind are accepted and normalised', () => {
    const request = parseCreateResponse(projectSchemas(), {
      ...M,
      input: [
        { role: 'developer', content: 'Be brief.' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }, { type: 'input_image', image_url: 'https://x.test/a.png', detail: 'low' }] },
        { role: 'assistant', content: 'Hello.' },
        { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'x', annotations: [], logprobs: [] }] },
        { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"ok":true}' },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { type: 'compaction', encrypted_content: 'abc' },
        { id: 'msg_earlier' },
      ],
    });
    expect(request.input.map((i) => i.type)).toEqual([
      'message', 'message', 'message', 'message', 'function_call', 'function_call_output', 'reasoning', 'compaction', 'item_reference',
    ]);
    expect(request).toMatchObject({ tool_choice: 'auto', temperature: 1, top_p: 1, store: true, parallel_tool_calls: true, truncation: 'disabled' });
  });

  test('input_tokens bodies are validated with their own schema', () => {
    expect(() => parseTokenCountsBody(projectSchemas(), { stream: true })).toThrow("Unknown parameter: 'stream'.");
    expect(parseTokenCountsBody(projectSchemas(), undefined).model).toBe('gpt-5.4');
  });
});

describe('URL fields', () => {
  test('an MCP server_url and a file_url must be URLs', () => {
    expect(errorFor({ ...M, tools: [{ type: 'mcp', server_label: 'x', server_url: 'not a url' }] })).toMatchObject({
      param: 'tools[0].server_url',
      code: 'invalid_value',
      message: "Invalid 'tools[0].server_url': expected a valid URI, but got 'not a url' instead.",
    });
    expect(errorFor({ ...M, input: [{ role: 'user', content: [{ type: 'input_file', file_url: 'nope' }] }] })).toMatchObject({
      param: 'input[0].content[0].file_url',
    });
  });
});

describe('length limits', () => {
  test('strings and arrays: too long, too short, empty', () => {
    expect(errorFor({ ...M, tools: [{ type: 'function', name: '' }] })).toMatchObject({
      code: 'empty_string',
      message: "Invalid 'tools[0].name': empty string. Expected a string with minimum length 1, but got an empty string instead.",
    });
    expect(errorFor({ ...M, context_management: [] })).toMatchObject({
      code: 'empty_array',
      message: "Invalid 'context_management': empty array. Expected an array with minimum length 1, but got an empty array instead.",
    });
    expect(errorFor({ ...M, tools: [{ type: 'code_interpreter', container: { type: 'auto', file_ids: Array.from({ length: 51 }, () => 'f') } }] })).toMatchObject({
      code: 'array_above_max_length',
      message: "Invalid 'tools[0].container.file_ids': array too long. Expected an array with maximum length 50, but got an array with length 51 instead.",
    });
  });
});
