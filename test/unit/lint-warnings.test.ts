/** Warnings where a fixture's reply contradicts the requests it answers (from its match, or the request itself). */
import { parseCreateResponse } from '../../src/dialects/openai/parse-request';
import { contradictions, lintWarnings, mayContradict, viewFromRequest } from '../../src/fixtures/lint-warnings';
import { planFromReply, replyFromResponse } from '../../src/fixtures/reply-plan';
import type { Fixture, LoadedFixture } from '../../src/fixtures/types';
import { IdFactory } from '../../src/ids';
import { Rng } from '../../src/random';
import { projectSchemas } from '../helpers/project-schemas';

const loaded = (f: Fixture, label = 'f'): LoadedFixture => ({ ...f, label, source: 'test.yaml' });
const warn = (f: Fixture) => lintWarnings([loaded(f)]);
const WEATHER = { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } };

describe('lint warnings from a fixture alone', () => {
  test('a call to a tool its match does not list', () => {
    expect(warn({ match: { tools: ['get_weather'] }, reply: { toolCalls: [{ name: 'get_time', arguments: {} }] } })).toEqual([
      "f: reply.toolCalls[0] calls 'get_time', which is not among the tools of match.tools (get_weather)",
    ]);
    expect(warn({ match: { tools: ['get_weather'] }, reply: { toolCalls: [{ name: 'get_weather', arguments: {} }] } })).toEqual([]);
    expect(warn({ match: { input: 'x' }, reply: { toolCalls: [{ name: 'anything' }] } })).toEqual([]);
  });

  test('tool calls against tool_choice "none" or a forced other tool', () => {
    expect(warn({ match: { toolChoice: 'none' }, reply: { toolCalls: [{ name: 'a' }] } })).toEqual(['f: reply calls tools, but the request says tool_choice: "none"']);
    expect(warn({ match: { toolChoice: { type: 'function', name: 'b' } }, reply: { text: 'no call' } })).toEqual(["f: the request forces a call to 'b', but the reply does not call it"]);
  });

  test('an agent loop that never ends: every tool-output turn answered with more calls', () => {
    const loop = { match: { endsWithToolOutput: true }, reply: { toolCalls: [{ name: 'get_weather' }] } };
    expect(warn(loop)).toEqual([expect.stringMatching(/^f: answers every turn that ends with tool output with more tool calls, so an agent loop never ends/)]);
    expect(warn({ ...loop, match: { endsWithToolOutput: true, nth: 1 } })).toEqual([]);
    expect(warn({ ...loop, match: { endsWithToolOutput: true, turn: 2 } })).toEqual([]);
    expect(warn({ ...loop, reply: { text: 'done' } })).toEqual([]);
  });

  test('reasoning on a model that does not reason; annotations outside the text; reasoning tokens over output tokens', () => {
    expect(warn({ match: { model: 'gpt-4o' }, reply: { reasoning: 'x', text: 'y' } })).toEqual(['f: reply.reasoning: gpt-4o does not reason; the API never returns reasoning for it']);
    expect(warn({ match: { model: 'o3' }, reply: { reasoning: 'x', text: 'y' } })).toEqual([]);
    expect(warn({ reply: { text: 'short', annotations: [{ type: 'url_citation', url: 'https://a.example', title: 'a', start_index: 2, end_index: 30 }] } })).toEqual([
      'f: reply.annotations[0] points outside the text (2..30, the text has 5 characters)',
    ]);
    expect(warn({ reply: { text: 'short', annotations: [{ type: 'url_citation', url: 'https://a.example', title: 'a', start_index: 0, end_index: 5 }] } })).toEqual([]);
    expect(warn({ reply: { text: 'x', usage: { output_tokens: 5, reasoning_tokens: 9 } } })).toEqual(['f: reply.usage: reasoning_tokens (9) exceed output_tokens (5), which count them']);
  });

  test("a recorded fixture's request: arguments checked against the tool's parameters, text against its json_schema", () => {
    const recorded = { request: { body: { model: 'gpt-4o', tools: [WEATHER], text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] } } } } } };
    expect(warn({ match: { input: 'x' }, reply: { toolCalls: [{ name: 'get_weather', arguments: { town: 'Paris' } }], text: '{"answer": 42}' }, recorded })).toEqual([
      "f: reply.toolCalls[0]: the arguments do not fit get_weather's parameters (/ must have required property 'city')",
      "f: reply.text does not fit the json_schema 'out' (/answer must be string)",
    ]);
    expect(warn({ match: { input: 'x' }, reply: { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }], text: '{"answer":"yes"}' }, recorded })).toEqual([]);
  });
});

describe('contradictions with the request itself (logged when a fixture answers)', () => {
  const parse = (body: Record<string, unknown>) => parseCreateResponse(projectSchemas(), { model: 'gpt-4o', input: 'x', ...body });

  test('text that is not JSON for json_schema / json_object, arguments off the parameters, undeclared tools', () => {
    const format = { type: 'json_schema', name: 'out', schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false }, strict: true };
    expect(contradictions({ text: 'Sure! Here it is.' }, viewFromRequest(parse({ text: { format } })))).toEqual(["reply.text is not JSON, but the request asks for json_schema 'out'"]);
    expect(contradictions({ text: '{"n": 1}' }, viewFromRequest(parse({ text: { format } })))).toEqual([]);
    expect(contradictions({ text: '[1]' }, viewFromRequest(parse({ input: 'JSON please', text: { format: { type: 'json_object' } } })))).toEqual(['reply.text is not a JSON object, but the request asks for json_object']);
    const view = viewFromRequest(parse({ tools: [WEATHER] }));
    expect(contradictions({ toolCalls: [{ name: 'get_weather', arguments: { city: 3 } }] }, view)).toEqual(["reply.toolCalls[0]: the arguments do not fit get_weather's parameters (/city must be string)"]);
    expect(contradictions({ toolCalls: [{ name: 'book' }] }, view)).toEqual(["reply.toolCalls[0] calls 'book', which is not among the tools of the request (get_weather)"]);
  });

  test('tool_choice "required" without a call; more calls than parallel_tool_calls: false or max_tool_calls allow', () => {
    const two = { toolCalls: [{ name: 'get_weather', arguments: { city: 'A' } }, { name: 'get_weather', arguments: { city: 'B' } }] };
    expect(contradictions({ text: 'no' }, viewFromRequest(parse({ tools: [WEATHER], tool_choice: 'required' })))).toEqual(['the request says tool_choice: "required", but the reply calls no tool']);
    expect(contradictions(two, viewFromRequest(parse({ tools: [WEATHER], parallel_tool_calls: false })))).toEqual(['reply makes 2 tool calls, but the request allows 1 (parallel_tool_calls / max_tool_calls)']);
    expect(contradictions(two, viewFromRequest(parse({ tools: [WEATHER], max_tool_calls: 3 })))).toEqual([]);
  });

  test('planFromReply tells its caller, for fixtures but not for recordings', () => {
    const request = parse({ tools: [WEATHER] });
    const told: string[] = [];
    planFromReply({ toolCalls: [{ name: 'book' }] }, { request, context: request.input, ids: new IdFactory(new Rng(1)), rng: new Rng(1), warn: (w) => told.push(w) });
    expect(told).toEqual(["reply.toolCalls[0] calls 'book', which is not among the tools of the request (get_weather)"]);
    const recording = replyFromResponse({ id: 'resp_1', status: 'completed', output: [{ id: 'fc_1', type: 'function_call', status: 'completed', name: 'book', arguments: '{}', call_id: 'call_1' }] });
    planFromReply(recording, { request, context: request.input, ids: new IdFactory(new Rng(1)), rng: new Rng(1), warn: (w) => told.push(w), recorded: true });
    expect(told).toHaveLength(1);
  });

  test('the quick check (mayContradict) says no only where contradictions finds nothing, and no for a plain text answer', () => {
    const format = { type: 'json_schema', name: 'out', schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false }, strict: true };
    const requests = [
      {},
      { tools: [WEATHER] },
      { tools: [WEATHER], tool_choice: 'required' },
      { tools: [WEATHER], tool_choice: 'none' },
      { tools: [WEATHER], tool_choice: { type: 'function', name: 'get_weather' } },
      { tools: [WEATHER], parallel_tool_calls: false },
      { tools: [WEATHER], max_tool_calls: 0 },
      { text: { format } },
      { input: 'JSON please', text: { format: { type: 'json_object' } } },
      { model: 'o3' },
    ].map(parse);
    const replies = [
      { text: 'plain' },
      { text: '{"n": 1}' },
      { refusal: 'no' },
      { toolCalls: [{ name: 'get_weather', arguments: { city: 3 } }] },
      { toolCalls: [{ name: 'book' }] },
      { output: [{ type: 'function_call', name: 'book', arguments: '{}' }] },
      { output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hi' }] }] },
      { reasoning: 'think', text: 'y' },
      { text: 'short', annotations: [{ type: 'url_citation', url: 'https://a.example', title: 'a', start_index: 2, end_index: 30 }] },
      { text: 'x', usage: { reasoning_tokens: 9, output_tokens: 3 } },
    ];
    let contradicted = 0;
    for (const request of requests) {
      for (const reply of replies) {
        const found = contradictions(reply, viewFromRequest(request));
        contradicted += found.length > 0 ? 1 : 0;
        if (!mayContradict(reply, request)) expect(found).toEqual([]);
      }
    }
    expect(contradicted).toBeGreaterThan(10);
    expect(mayContradict({ text: 'plain' }, requests[0])).toBe(false);
    expect(mayContradict({ text: 'plain' }, requests[1])).toBe(false);
  });
});
