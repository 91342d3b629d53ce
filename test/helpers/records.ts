/** Builds response records with hand-made outputs, to exercise renderers on every item kind. */
import type { GenericItem } from '../../src/canonical/items';
import { parseCreateResponse } from '../../src/dialects/openai/parse-request';
import type { Plan } from '../../src/model/plan';
import { tokenizerFor } from '../../src/tokenizer';
import { outcomeFromPlan, type ResponseRecord } from '../../src/model/response-record';
import { projectSchemas } from './project-schemas';

export function recordWithItems(items: GenericItem[], body: Record<string, unknown> = {}, plan: Partial<Plan> = {}): ResponseRecord {
  const request = parseCreateResponse(projectSchemas(), { model: 'gpt-4o', input: 'x', ...body });
  const o200k = tokenizerFor('o200k_base');
  const outputTokens = items.reduce((n, item) => n + o200k.count(JSON.stringify(item)), 0);
  const fullPlan: Plan = {
    items,
    status: 'completed',
    incomplete_reason: null,
    error: null,
    usage: { input_tokens: 10, cached_tokens: 0, output_tokens: outputTokens, reasoning_tokens: 0 },
    ...plan,
  };
  return {
    id: 'resp_' + 'a'.repeat(48),
    created_at: 1741476542,
    status: fullPlan.status,
    request,
    input: [],
    plan: fullPlan,
    outcome: outcomeFromPlan(fullPlan, 1741476543),
    interruption: null,
    stream_seed: 7,
    verbatim: null,
    answeredBy: { kind: 'synthesis' },
    previous: null,
  };
}

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** One item of every kind the emulator can emit, each with a unique id. */
export const EVERY_ITEM_KIND: GenericItem[] = [
  {
    id: 'rs_1',
    type: 'reasoning',
    summary: [
      { type: 'summary_text', text: 'First I consider the question carefully.' },
      { type: 'summary_text', text: 'Then I check the facts.' },
    ],
    status: 'completed',
  },
  { id: 'rs_2', type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'Raw chain of thought, in a few tokens.' }] },
  { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'positive news today', sources: [{ type: 'url', url: 'https://example.com/a' }] } },
  { id: 'fs_1', type: 'file_search_call', status: 'completed', queries: ['attributes of an ancient brown dragon'], results: null },
  {
    id: 'msg_1',
    type: 'message',
    status: 'completed',
    content: [
      {
        type: 'output_text',
        annotations: [
          { type: 'url_citation', url: 'https://example.com/a', start_index: 0, end_index: 15, title: 'A' },
          { type: 'file_citation', file_id: 'file-1', filename: 'dragons.pdf', index: 40 },
        ],
        logprobs: [],
        text: 'Good news today: a long-awaited bridge opened, and dragons are mostly harmless. 😀 Ünïcödé is fine too.',
      },
    ],
    role: 'assistant',
  },
  { id: 'msg_2', type: 'message', status: 'completed', content: [{ type: 'refusal', refusal: "I'm sorry, but I can't help with that." }], role: 'assistant' },
  { id: 'fc_1', type: 'function_call', status: 'completed', arguments: '{"location":"Boston, MA","unit":"celsius"}', call_id: 'call_1', name: 'get_weather' },
  { id: 'fc_2', type: 'function_call', status: 'completed', arguments: '{}', call_id: 'call_2', name: 'get_time' },
  { id: 'ctc_1', type: 'custom_tool_call', status: 'completed', call_id: 'call_3', name: 'code_exec', input: 'print("hello world")' },
  { id: 'ci_1', type: 'code_interpreter_call', status: 'completed', container_id: 'cntr_1', code: 'import math\nprint(math.sqrt(2))', outputs: [{ type: 'logs', logs: '1.4142135623730951' }] },
  { id: 'ig_1', type: 'image_generation_call', status: 'completed', result: PNG_1X1 },
  { id: 'mcpl_1', type: 'mcp_list_tools', server_label: 'deepwiki', tools: [{ name: 'ask_question', input_schema: { type: 'object' } }], error: null },
  { id: 'mcp_1', type: 'mcp_call', server_label: 'deepwiki', name: 'ask_question', arguments: '{"question":"What is MCP?"}', output: 'A protocol.', error: null, status: 'completed' },
  { id: 'mcpr_1', type: 'mcp_approval_request', server_label: 'deepwiki', name: 'ask_question', arguments: '{"question":"x"}' },
  { id: 'cu_1', type: 'computer_call', call_id: 'call_4', status: 'completed', pending_safety_checks: [], action: { type: 'click', button: 'left', x: 10, y: 20 } },
];
