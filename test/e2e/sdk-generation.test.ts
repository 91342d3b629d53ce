/**
 * Generation depth with the official SDK: tool calls and agent loops, structured outputs parsed by
 * the SDK's zod helpers, reasoning, built-in tools, refusals and logprobs — every response and every
 * stream checked against the official schemas (when present) and the SDK's stream rules.
 */
import Ajv from 'ajv';
import OpenAI from 'openai';
import { zodResponsesFunction, zodTextFormat } from 'openai/helpers/zod';
import { PNG } from 'pngjs';
import { z } from 'zod';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { hasOracle, oracleErrors } from '../helpers/oracle';
import { checkStream } from '../helpers/stream-checker';

type Json = Record<string, unknown>;
let emulator: RunningEmulator;
let client: OpenAI;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'generation' });
  client = new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL, maxRetries: 0 });
});
afterAll(() => emulator.close());

const WEATHER = {
  type: 'function' as const,
  name: 'get_current_weather',
  description: 'Get the current weather in a given location',
  strict: false,
  parameters: {
    type: 'object',
    properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['location', 'unit'],
  },
};

/** Creates a response, and streams the same request, checking both against the oracle and each other. */
async function createChecked(body: OpenAI.Responses.ResponseCreateParamsNonStreaming, headers: Record<string, string> = {}): Promise<OpenAI.Responses.Response> {
  const response = await client.responses.create(body, { headers });
  if (hasOracle) expect(oracleErrors('Response', response)).toEqual([]);
  const stream = await client.responses.create({ ...body, stream: true }, { headers });
  const events: Json[] = [];
  for await (const e of stream) {
    if (hasOracle) expect([e.type, oracleErrors('ResponseStreamEvent', e)]).toEqual([e.type, []]);
    events.push(e as unknown as Json);
  }
  const streamed = checkStream(events) as unknown as OpenAI.Responses.Response;
  expect(streamed.output.map((o) => o.type)).toEqual(response.output.map((o) => o.type));
  expect(streamed.usage).toEqual(response.usage);
  return response;
}

describe('function tools and the agent loop', () => {
  test('"weather in Boston" → a function call with schema-valid arguments, then an answer that uses the output', async () => {
    const first = await createChecked({ model: 'gpt-4o', input: 'What is the weather like in Boston today?', tools: [WEATHER] });
    expect(first.output).toHaveLength(1);
    const call = first.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ type: 'function_call', name: 'get_current_weather', status: 'completed' });
    expect(call.id).toMatch(/^fc_/);
    expect(call.call_id).toMatch(/^call_/);
    const args = JSON.parse(call.arguments);
    expect(new Ajv().compile(WEATHER.parameters)(args)).toBe(true);
    expect(args.location).toBe('Boston');

    const second = await createChecked({
      model: 'gpt-4o',
      previous_response_id: first.id,
      tools: [WEATHER],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: JSON.stringify({ temperature: 22, conditions: 'sunny' }) }],
    });
    expect(second.output.map((o) => o.type)).toEqual(['message']);
    expect(second.output_text).toContain('22');
    expect(second.output_text).toContain('sunny');
  });

  test('the same loop through the stream helper, with argument deltas', async () => {
    const stream = client.responses.stream({ model: 'gpt-4o', input: 'What is the weather in Paris?', tools: [WEATHER] });
    let args = '';
    stream.on('response.function_call_arguments.delta', (e) => (args += e.delta));
    const final = await stream.finalResponse();
    const call = final.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    expect(args).toBe(call.arguments);
    expect(JSON.parse(args).location).toBe('Paris');
  });

  test('tool_choice: none answers in text; required always calls; a named function is called', async () => {
    const none = await client.responses.create({ model: 'gpt-4o', input: 'What is the weather in Oslo?', tools: [WEATHER], tool_choice: 'none' });
    expect(none.output.map((o) => o.type)).toEqual(['message']);
    const required = await client.responses.create({ model: 'gpt-4o', input: 'Tell me a joke', tools: [WEATHER], tool_choice: 'required' });
    expect(required.output.map((o) => o.type)).toEqual(['function_call']);
    const named = await client.responses.create({ model: 'gpt-4o', input: 'hi', tools: [WEATHER], tool_choice: { type: 'function', name: 'get_current_weather' } });
    expect((named.output[0] as OpenAI.Responses.ResponseFunctionToolCall).name).toBe('get_current_weather');
  });

  test('parallel calls have unique call_ids; parallel_tool_calls: false gives one', async () => {
    const time = { type: 'function' as const, name: 'get_local_time', description: 'Get the local time in a city', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
    const both = await createChecked({ model: 'gpt-4o', input: 'What is the weather and the local time in Tokyo?', tools: [WEATHER, time] });
    const calls = both.output as OpenAI.Responses.ResponseFunctionToolCall[];
    expect(calls.map((c) => c.name).sort()).toEqual(['get_current_weather', 'get_local_time']);
    expect(new Set(calls.map((c) => c.call_id)).size).toBe(2);
    const one = await client.responses.create({ model: 'gpt-4o', input: 'What is the weather and the local time in Tokyo?', tools: [WEATHER, time], parallel_tool_calls: false });
    expect(one.output).toHaveLength(1);
  });

  test('an invalid tool schema is a 400 naming the tool', async () => {
    const err = await client.responses
      .create({ model: 'gpt-4o', input: 'x', tools: [{ type: 'function', name: 'broken', strict: false, parameters: { type: 'object', properties: { a: { type: 'strng' } } } }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ param: 'tools[0].parameters', code: 'invalid_function_parameters' });
    expect((err as Error).message).toContain("Invalid schema for function 'broken'");
  });

  test('zod function tools (strict): the SDK parses the arguments', async () => {
    const tool = zodResponsesFunction({ name: 'book_table', description: 'Book a table at a restaurant', parameters: z.object({ restaurant: z.string(), guests: z.number().int().min(1), date: z.string() }) });
    const response = await client.responses.parse({ model: 'gpt-4o', input: 'Book a table for 4 guests at Noma on 2025-09-01', tools: [tool] });
    const call = response.output[0] as OpenAI.Responses.ResponseFunctionToolCall & { parsed_arguments: unknown };
    expect(call.parsed_arguments).toMatchObject({ guests: 4, date: '2025-09-01' });
  });
});

describe('custom tools', () => {
  test('free-form and grammar-constrained inputs', async () => {
    const grammar = {
      type: 'custom' as const,
      name: 'math_exp',
      description: 'Evaluate an arithmetic expression',
      format: { type: 'grammar' as const, syntax: 'lark' as const, definition: 'start: expr\nexpr: NUMBER (("+" | "*") NUMBER)*\n%import common.NUMBER' },
    };
    const r = await createChecked({ model: 'gpt-4o', input: 'Use math_exp to compute 2+3', tools: [grammar] });
    const call = r.output[0] as OpenAI.Responses.ResponseCustomToolCall;
    expect(call.type).toBe('custom_tool_call');
    expect(call.input).toMatch(/^\d+(\.\d+)?([+*]\d+(\.\d+)?)*$/);
    const free = await client.responses.create({ model: 'gpt-4o', input: 'Run python code to say hello', tools: [{ type: 'custom', name: 'code_exec', description: 'Executes python code' }] });
    expect((free.output[0] as OpenAI.Responses.ResponseCustomToolCall).input).toMatch(/^print\(/);
  });
});

describe('structured outputs', () => {
  test('responses.parse with a zod schema yields output_parsed', async () => {
    const Event = z.object({ name: z.string(), date: z.string(), participants: z.array(z.string()) });
    const r = await client.responses.parse({
      model: 'gpt-4o',
      input: 'Extract the event: Alice and Bob meet for the Science Fair on 2025-05-01',
      text: { format: zodTextFormat(Event, 'event') },
    });
    expect(r.output_parsed).not.toBeNull();
    expect(Event.parse(r.output_parsed)).toEqual(r.output_parsed);
    expect(r.output_parsed!.date).toBe('2025-05-01');
    if (hasOracle) expect(oracleErrors('Response', JSON.parse(JSON.stringify(r, (k, v) => (k === 'parsed' || k === 'output_parsed' ? undefined : v))))).toEqual([]);
  });

  test('json_object gives a JSON object; it requires the word JSON in the input', async () => {
    const r = await createChecked({ model: 'gpt-4o', input: 'Reply in JSON: what is the capital of France?', text: { format: { type: 'json_object' } } });
    expect(typeof JSON.parse(r.output_text)).toBe('object');
    await expect(client.responses.create({ model: 'gpt-4o', input: 'capital of France?', text: { format: { type: 'json_object' } } })).rejects.toMatchObject({ status: 400 });
  });

  test('strict json_schema that breaks the strict rules is refused as the API does', async () => {
    const err = await client.responses
      .create({ model: 'gpt-4o', input: 'x', text: { format: { type: 'json_schema', name: 'loose', strict: true, schema: { type: 'object', properties: { a: { type: 'string' } } } } } })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, param: 'text.format.schema', code: 'invalid_json_schema' });
  });
});

describe('reasoning', () => {
  test('a reasoning item first, summary parts, reasoning tokens counted in output_tokens', async () => {
    const r = await createChecked({ model: 'o3-mini', input: 'How much wood would a woodchuck chuck?', reasoning: { effort: 'high', summary: 'detailed' } });
    expect(r.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    const reasoning = r.output[0] as OpenAI.Responses.ResponseReasoningItem;
    expect(reasoning.id).toMatch(/^rs_/);
    expect(reasoning.summary.length).toBeGreaterThanOrEqual(2);
    const u = r.usage!;
    expect(u.output_tokens_details.reasoning_tokens).toBeGreaterThanOrEqual(1024);
    expect(u.output_tokens).toBeGreaterThan(u.output_tokens_details.reasoning_tokens);
  });

  test('encrypted content when included, accepted back as input with store: false', async () => {
    const first = await client.responses.create({ model: 'o4-mini', input: 'Think about primes', store: false, include: ['reasoning.encrypted_content'] });
    const reasoning = first.output[0] as OpenAI.Responses.ResponseReasoningItem;
    expect(reasoning.encrypted_content).toMatch(/^gAAAAA/);
    const second = await client.responses.create({
      model: 'o4-mini',
      store: false,
      input: [{ role: 'user', content: 'Think about primes' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'And twin primes?' }],
    });
    expect(second.status).toBe('completed');
  });

  test('max_output_tokens smaller than the reasoning: incomplete with only the reasoning item', async () => {
    const r = await client.responses.create({ model: 'o3', input: 'Prove Fermat', reasoning: { effort: 'high' }, max_output_tokens: 100 });
    expect(r.status).toBe('incomplete');
    expect(r.output.map((o) => o.type)).toEqual(['reasoning']);
    expect(r.usage!.output_tokens).toBe(100);
  });
});

describe('built-in tools', () => {
  test('web search: a web_search_call, then a message whose url_citations point at their links', async () => {
    const r = await createChecked({ model: 'gpt-4o', input: 'What was a positive news story from today?', tools: [{ type: 'web_search_preview' }], include: ['web_search_call.action.sources'] });
    expect(r.output.map((o) => o.type)).toEqual(['web_search_call', 'message']);
    const call = r.output[0] as OpenAI.Responses.ResponseFunctionWebSearch;
    expect((call.action as { sources?: unknown[] }).sources!.length).toBeGreaterThan(0);
    const text = (r.output[1] as OpenAI.Responses.ResponseOutputMessage).content[0] as OpenAI.Responses.ResponseOutputText;
    expect(text.annotations.length).toBeGreaterThan(0);
    for (const a of text.annotations as OpenAI.Responses.ResponseOutputText.URLCitation[]) {
      expect(a.type).toBe('url_citation');
      expect(text.text.slice(a.start_index, a.end_index)).toMatch(new RegExp(`^\\[[^\\]]+\\]\\(${a.url.replace(/[.?]/g, '\\$&')}\\)$`));
    }
  });

  test('file search: queries, results when included, file citations', async () => {
    const r = await createChecked({ model: 'gpt-4o', input: 'What do the docs say about dragons?', tools: [{ type: 'file_search', vector_store_ids: ['vs_123'] }], include: ['file_search_call.results'] });
    const call = r.output[0] as OpenAI.Responses.ResponseFileSearchToolCall;
    expect(call.queries.length).toBe(1);
    expect(call.results!.length).toBeGreaterThan(0);
    const text = (r.output[1] as OpenAI.Responses.ResponseOutputMessage).content[0] as OpenAI.Responses.ResponseOutputText;
    expect(text.annotations[0]).toMatchObject({ type: 'file_citation', file_id: call.results![0].file_id });
  });

  test('code interpreter: code, logs when included, and the answer reports them', async () => {
    const r = await createChecked({ model: 'gpt-4o', input: 'Calculate the total of 3, 4.5 and 10', tools: [{ type: 'code_interpreter', container: { type: 'auto' } }], include: ['code_interpreter_call.outputs'] });
    const call = r.output[0] as OpenAI.Responses.ResponseCodeInterpreterToolCall;
    expect(call.code).toContain('sum(values)');
    expect(call.outputs).toEqual([{ type: 'logs', logs: 'total=17.5 mean=5.833333333333333\n' }]);
    expect(r.output_text).toContain('17.5');
  });

  test('image generation: a valid PNG, with partial images in the stream', async () => {
    const r = await createChecked({ model: 'gpt-4o', input: 'Draw a picture of a lighthouse', tools: [{ type: 'image_generation', partial_images: 2 }] });
    const call = r.output[0] as OpenAI.Responses.ResponseOutputItem.ImageGenerationCall;
    const png = PNG.sync.read(Buffer.from(call.result!, 'base64'));
    expect(png.width).toBeGreaterThan(0);
    const stream = await client.responses.create({ model: 'gpt-4o', input: 'Draw a picture of a lighthouse', tools: [{ type: 'image_generation', partial_images: 2 }], stream: true });
    let partials = 0;
    for await (const e of stream) if (e.type === 'response.image_generation_call.partial_image') partials++;
    expect(partials).toBe(2);
  });

  test('MCP: tools listed, approval requested, then the call runs once approved', async () => {
    const tools: OpenAI.Responses.Tool[] = [{ type: 'mcp', server_label: 'deepwiki', server_url: 'https://mcp.deepwiki.com/mcp' }];
    const first = await createChecked({ model: 'gpt-4o', input: 'Ask deepwiki what the Model Context Protocol is', tools });
    expect(first.output.map((o) => o.type)).toEqual(['mcp_list_tools', 'mcp_approval_request']);
    const request = first.output[1] as OpenAI.Responses.ResponseOutputItem.McpApprovalRequest;
    const second = await createChecked({ model: 'gpt-4o', previous_response_id: first.id, tools, input: [{ type: 'mcp_approval_response', approval_request_id: request.id, approve: true }] });
    expect(second.output.map((o) => o.type)).toEqual(['mcp_call', 'message']);
    expect(second.output[0]).toMatchObject({ approval_request_id: request.id, name: request.name, error: null });
    const never = await client.responses.create({ model: 'gpt-4o', input: 'Ask deepwiki about MCP', tools: [{ ...tools[0], require_approval: 'never' } as OpenAI.Responses.Tool] });
    expect(never.output.map((o) => o.type)).toEqual(['mcp_list_tools', 'mcp_call', 'message']);
  });

  test('computer use: a loop of actions and screenshots, then a report', async () => {
    const tools: OpenAI.Responses.Tool[] = [{ type: 'computer_use_preview', environment: 'browser', display_width: 1024, display_height: 768 }];
    let response = await createChecked({ model: 'computer-use-preview', input: 'Open the browser and search for "otters"', tools, truncation: 'auto' });
    const actions: string[] = [];
    while (response.output[0]?.type === 'computer_call') {
      const call = response.output[0] as OpenAI.Responses.ResponseComputerToolCall;
      actions.push(call.action!.type);
      response = await client.responses.create({
        model: 'computer-use-preview',
        previous_response_id: response.id,
        tools,
        truncation: 'auto',
        input: [{ type: 'computer_call_output', call_id: call.call_id, output: { type: 'computer_screenshot', image_url: 'data:image/png;base64,iVBORw0KGgo=' } }],
      });
    }
    expect(actions).toEqual(['screenshot', 'click', 'type']);
    expect(response.output.map((o) => o.type)).toEqual(['message']);
  });
});

describe('refusals and content filtering', () => {
  test('a dangerous request is refused with a refusal part, streamed with refusal events', async () => {
    const r = await createChecked({ model: 'gpt-4o', input: 'How do I build a bomb at home?' });
    const content = (r.output[0] as OpenAI.Responses.ResponseOutputMessage).content[0];
    expect(content.type).toBe('refusal');
    expect(r.output_text).toBe('');
    const stream = client.responses.stream({ model: 'gpt-4o', input: 'Please [[refuse]] this' });
    let refusal = '';
    stream.on('response.refusal.delta', (e) => (refusal += e.delta));
    const final = await stream.finalResponse();
    expect(refusal).toBe(((final.output[0] as OpenAI.Responses.ResponseOutputMessage).content[0] as OpenAI.Responses.ResponseOutputRefusal).refusal);
  });

  test('[[content_filter]] stops the response as incomplete with reason content_filter', async () => {
    const r = await createChecked({ model: 'gpt-4o', input: 'Tell me a story [[content_filter]]' });
    expect(r.status).toBe('incomplete');
    expect(r.incomplete_details).toEqual({ reason: 'content_filter' });
  });
});

describe('logprobs', () => {
  test('per-token logprobs with top_logprobs, in the message and in stream deltas', async () => {
    const body = { model: 'gpt-4o', input: 'Say hello', include: ['message.output_text.logprobs' as const], top_logprobs: 3 };
    const r = await createChecked(body);
    const part = (r.output[0] as OpenAI.Responses.ResponseOutputMessage).content[0] as OpenAI.Responses.ResponseOutputText;
    expect(part.logprobs!.map((l) => l.token).join('')).toBe(part.text);
    expect(part.logprobs!.every((l) => l.top_logprobs.length === 3)).toBe(true);
    const stream = await client.responses.create({ ...body, stream: true });
    const streamed: unknown[] = [];
    for await (const e of stream) if (e.type === 'response.output_text.delta') streamed.push(...e.logprobs);
    expect(streamed).toEqual(part.logprobs!.map((l) => ({ token: l.token, logprob: l.logprob, top_logprobs: l.top_logprobs.map((t) => ({ token: t.token, logprob: t.logprob })) })));
  });
});

describe('inputs', () => {
  test('every input kind is accepted, and images, files and audio count toward input tokens', async () => {
    const base = await client.responses.inputTokens.count({ model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is this?' }] }] });
    const withImage = await client.responses.inputTokens.count({
      model: 'gpt-4o',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is this?' }, { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'low' }] }],
    });
    expect(withImage.input_tokens - base.input_tokens).toBe(85);
    const audio = { type: 'input_audio', input_audio: { data: Buffer.alloc(16000).toString('base64'), format: 'mp3' } } as never; // 1 s at 128 kbit/s
    const withAudio = await client.responses.inputTokens.count({ model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is this?' }, audio] }] });
    expect(withAudio.input_tokens - base.input_tokens).toBe(10);
    const file = { type: 'input_file' as const, filename: 'notes.txt', file_data: `data:text/plain;base64,${Buffer.from('hello notes').toString('base64')}` };
    const withFile = await client.responses.inputTokens.count({ model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is this?' }, file] }] });
    expect(withFile.input_tokens - base.input_tokens).toBe(2); // "hello notes"
    const r = await client.responses.create({
      model: 'gpt-4o',
      input: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'input_text', text: 'Compare these' }, { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'auto' }, file, audio] },
      ],
    });
    expect(r.status).toBe('completed');
  });
});
