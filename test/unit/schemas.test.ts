/**
 * The project's schemas versus the official ones, and versus the TypeScript types beside them.
 */
import type { FunctionCallItem, FunctionCallOutputItem, InputMessageItem, OutputMessageItem, ReasoningItem } from '../../src/canonical/items';
import { describeWithOracle, oracleErrors } from '../helpers/oracle';
import { expectValidAgainstProjectSchema, projectSchemas } from '../helpers/project-schemas';

/** Valid request bodies in every shape the API documents (spec examples and the SDK's test bodies). */
const VALID_REQUESTS: Record<string, unknown>[] = [
  {},
  { model: 'gpt-5.4', input: 'Tell me a three sentence bedtime story about a unicorn.' },
  { model: 'gpt-5.4', instructions: 'You are a helpful assistant.', input: 'Hello!', stream: true },
  { model: 'gpt-5.4', tools: [{ type: 'web_search_preview' }], input: 'What was a positive news story from today?' },
  { model: 'gpt-5.4', tools: [{ type: 'file_search', vector_store_ids: ['vs_1234567890'], max_num_results: 20 }], input: 'dragons?' },
  {
    model: 'gpt-5.4',
    input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is in this file?' }, { type: 'input_file', file_url: 'https://www.berkshirehathaway.com/letters/2024ltr.pdf' }] }],
  },
  { model: 'o3-mini', input: 'How much wood would a woodchuck chuck?', reasoning: { effort: 'high' } },
  {
    background: true,
    context_management: [{ type: 'compaction', compact_threshold: 1000 }],
    conversation: 'string',
    include: ['file_search_call.results'],
    input: 'string',
    instructions: 'instructions',
    max_output_tokens: 16,
    max_tool_calls: 0,
    metadata: { foo: 'string' },
    model: 'gpt-5.6-sol',
    moderation: { model: 'model', policy: { input: { mode: 'score' }, output: { mode: 'score' } } },
    parallel_tool_calls: true,
    prompt: { id: 'id', variables: { foo: 'string' }, version: 'version' },
    prompt_cache_key: 'prompt-cache-key-1234',
    prompt_cache_options: { mode: 'implicit', ttl: '30m' },
    prompt_cache_retention: 'in_memory',
    reasoning: { context: 'auto', effort: 'none', generate_summary: 'auto', mode: 'standard', summary: 'auto' },
    safety_identifier: 'safety-identifier-1234',
    service_tier: 'auto',
    store: true,
    stream: false,
    stream_options: { include_obfuscation: true },
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'low' },
    tool_choice: 'none',
    tools: [
      {
        name: 'name',
        parameters: { foo: 'bar' },
        strict: true,
        type: 'function',
        allowed_callers: ['direct'],
        defer_loading: true,
        description: 'description',
        output_schema: { foo: 'bar' },
      },
    ],
    top_logprobs: 0,
    top_p: 1,
    truncation: 'auto',
    user: 'user-1234',
  },
  {
    model: 'gpt-4o',
    input: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'x' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'auto' }] },
      { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'x', annotations: [], logprobs: [] }] },
      { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '{}', status: 'completed' },
      { type: 'function_call_output', call_id: 'call_1', output: [{ type: 'input_text', text: 'ok' }] },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 's' }], encrypted_content: null },
      { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'q' } },
      { type: 'file_search_call', id: 'fs_1', status: 'completed', queries: ['q'], results: null },
      { type: 'computer_call', id: 'cu_1', call_id: 'c', status: 'completed', pending_safety_checks: [], action: { type: 'click', button: 'left', x: 1, y: 2 } },
      { type: 'computer_call_output', call_id: 'c', output: { type: 'computer_screenshot', image_url: 'https://x.test/s.png' } },
      { type: 'image_generation_call', id: 'ig_1', status: 'completed', result: 'iVBOR' },
      { type: 'code_interpreter_call', id: 'ci_1', status: 'completed', container_id: 'cntr_1', code: 'print(1)', outputs: [{ type: 'logs', logs: '1' }] },
      { type: 'mcp_list_tools', id: 'mcpl_1', server_label: 'd', tools: [{ name: 't', input_schema: {} }] },
      { type: 'mcp_approval_request', id: 'mcpr_1', server_label: 'd', name: 't', arguments: '{}' },
      { type: 'mcp_call', id: 'mcp_1', server_label: 'd', name: 't', arguments: '{}', output: 'o' },
      { type: 'custom_tool_call', call_id: 'c2', name: 'code_exec', input: 'print(1)' },
      { type: 'custom_tool_call_output', call_id: 'c2', output: '1' },
      { type: 'local_shell_call', id: 'ls_1', call_id: 'c3', status: 'completed', action: { type: 'exec', command: ['ls'], env: {} } },
      { type: 'shell_call', call_id: 'c4', action: { commands: ['ls'] } },
      { type: 'shell_call_output', call_id: 'c4', output: [{ stdout: 'a', stderr: '', outcome: { type: 'exit', exit_code: 0 } }] },
      { type: 'apply_patch_call', call_id: 'c5', status: 'completed', operation: { type: 'delete_file', path: 'a.txt' } },
      { type: 'apply_patch_call_output', call_id: 'c5', status: 'completed' },
      { type: 'compaction', encrypted_content: 'opaque' },
      { type: 'item_reference', id: 'msg_0' },
      { id: 'msg_0' },
    ],
    tools: [
      { type: 'mcp', server_label: 'deepwiki', server_url: 'https://mcp.deepwiki.com/mcp', require_approval: 'never' },
      { type: 'code_interpreter', container: { type: 'auto' } },
      { type: 'image_generation', partial_images: 2, size: '1024x1024' },
      { type: 'custom', name: 'code_exec', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
      { type: 'computer_use_preview', environment: 'browser', display_width: 1024, display_height: 768 },
      { type: 'web_search', user_location: { type: 'approximate', city: 'Paris' } },
      { type: 'shell' },
      { type: 'apply_patch' },
      { type: 'local_shell' },
    ],
    tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'f' }] },
  },
  { model: 'gpt-4o', tool_choice: { type: 'mcp', server_label: 'deepwiki' } },
  { model: 'gpt-4o', tool_choice: { type: 'file_search' } },
  { model: 'gpt-4o', text: { format: { type: 'json_object' } } },
];

/**
 * Bodies the live API accepts but the official schema rejects, because of bugs the digest lists
 * (§9.6: `request_id` required but never declared; §9.7: function tools "require" strict/parameters).
 */
const SPEC_BUG_REQUESTS: [string, Record<string, unknown>][] = [
  ['mcp_approval_response without the undeclared request_id', { model: 'gpt-4o', input: [{ type: 'mcp_approval_response', approval_request_id: 'mcpr_1', approve: true }] }],
  ['a function tool without strict and parameters', { model: 'gpt-4o', tools: [{ type: 'function', name: 'f' }] }],
  ['an input image without detail', { model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://x.test/a.png' }] }] }],
];

describe('project schemas', () => {
  test.each(SPEC_BUG_REQUESTS)('accept what the API accepts despite a spec bug: %s', (_label, body) => {
    expectValidAgainstProjectSchema('openai/create-response.json', body);
  });

  test.each(VALID_REQUESTS.map((r, i) => [i, r]))('accept valid request #%d', (_i, body) => {
    expectValidAgainstProjectSchema('openai/create-response.json', body);
  });

  test('TypeScript item types agree with the schemas', () => {
    const input: InputMessageItem = { type: 'message', id: 'msg_1', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'hi' }] };
    const output: OutputMessageItem = {
      type: 'message',
      id: 'msg_2',
      role: 'assistant',
      status: 'completed',
      content: [
        { type: 'output_text', text: 'hi', annotations: [{ type: 'url_citation', url: 'https://x.test', start_index: 0, end_index: 2, title: 't' }], logprobs: [] },
        { type: 'refusal', refusal: 'no' },
      ],
    };
    const call: FunctionCallItem = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '{}', status: 'completed' };
    const result: FunctionCallOutputItem = { type: 'function_call_output', id: 'fco_1', call_id: 'call_1', output: 'ok', status: 'completed' };
    const reasoning: ReasoningItem = { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 's' }], content: [{ type: 'reasoning_text', text: 'r' }] };
    for (const item of [output, call, result, reasoning]) expectValidAgainstProjectSchema('openai/output-item.json', item);
    for (const item of [input, output, call, reasoning]) expectValidAgainstProjectSchema('openai/input-item.json', item);
    expectValidAgainstProjectSchema('openai/item-list.json', { object: 'list', data: [input, output, call, result], first_id: 'msg_1', last_id: 'fco_1', has_more: false });
  });

  test('every schema file compiles and has the $id matching its path', () => {
    for (const ref of ['openai/create-response.json', 'openai/response.json', 'openai/token-counts-body.json', 'openai/item-list.json', 'openai/error.json', 'openai/model.json']) {
      expect(typeof projectSchemas().validator(ref)).toBe('function');
    }
  });
});

describeWithOracle('project schemas agree with the official ones on valid requests', () => {
  test.each(SPEC_BUG_REQUESTS)('the oracle rejects (spec bug): %s', (_label, body) => {
    expect(oracleErrors('CreateResponse', body)).not.toEqual([]);
  });

  test.each(VALID_REQUESTS.map((r, i) => [i, r]))('the oracle also accepts request #%d', (_i, body) => {
    expect(oracleErrors('CreateResponse', body)).toEqual([]);
  });
});
