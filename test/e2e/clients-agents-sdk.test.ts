/**
 * The OpenAI Agents SDK (@openai/agents) against a started emulator, configured exactly as the
 * README's "Works with" section says: a function tool run to completion, a streamed run, structured
 * output, a handoff, and trace export kept off so nothing leaves the machine.
 */
import '../helpers/app-env'; // first: the SDK decides at import whether tracing is on
import OpenAI from 'openai';
import {
  Agent,
  addTraceProcessor,
  getGlobalTraceProvider,
  run,
  setDefaultOpenAIClient,
  setDefaultOpenAITracingExporter,
  setTraceProcessors,
  setTracingDisabled,
  tool,
  type TracingProcessor,
  withResponsesWebSocketSession,
} from '@openai/agents';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { functionOutputs, responsesExchanges } from '../helpers/client-journal';
import { watchNetwork, type NetworkGuard } from '../helpers/network-guard';

let emulator: RunningEmulator;
let guard: NetworkGuard;

beforeAll(async () => {
  guard = watchNetwork();
  emulator = await startEmulator({ port: 0, seed: 'agents-sdk' });
  const { baseURL } = emulator;
  // The README's configuration, word for word (test/unit/readme-works-with.test.ts checks).
  setDefaultOpenAIClient(new OpenAI({ apiKey: 'test', baseURL }));
  setTracingDisabled(true);
});
beforeEach(() => emulator.reset());
afterAll(async () => {
  guard.stop();
  await emulator.close();
});

const Weather = z.object({ city: z.string() });

function weatherAgent(calls: unknown[]): Agent {
  const getWeather = tool({
    name: 'get_weather',
    description: 'The current weather in a city',
    parameters: Weather,
    execute: async (args) => {
      calls.push(args);
      return `Sunny and 22 degrees in ${args.city}`;
    },
  });
  return new Agent({ name: 'Weather agent', instructions: 'Answer with the get_weather tool.', model: 'gpt-4.1', tools: [getWeather] });
}

test('an agent with a function tool runs to completion: schema-valid call, output sent back, final text', async () => {
  const calls: unknown[] = [];
  const result = await run(weatherAgent(calls), 'What is the weather in Paris?');

  expect(calls).toEqual([{ city: 'Paris' }]);
  expect(result.newItems.map((i) => i.type)).toEqual(['tool_call_item', 'tool_call_output_item', 'message_output_item']);
  expect(result.finalOutput).toContain('Sunny and 22 degrees in Paris');

  const [first, second] = responsesExchanges(emulator);
  const call = first.response.output[0];
  expect(call).toMatchObject({ type: 'function_call', name: 'get_weather' });
  expect(Weather.strict().parse(JSON.parse(call.arguments))).toEqual({ city: 'Paris' });
  expect(functionOutputs(second.body)).toEqual([expect.objectContaining({ call_id: call.call_id, output: 'Sunny and 22 degrees in Paris' })]);
  expect(second.response.output.map((o: { type: string }) => o.type)).toEqual(['message']);
});

test('a streamed run: tool events, then the final answer as text deltas over SSE', async () => {
  const calls: unknown[] = [];
  const result = await run(weatherAgent(calls), 'What is the weather in Rome?', { stream: true });
  const itemEvents: string[] = [];
  let text = '';
  for await (const event of result) {
    if (event.type === 'run_item_stream_event') itemEvents.push(event.name);
    if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta') text += event.data.delta;
  }
  await result.completed;

  expect(calls).toEqual([{ city: 'Rome' }]);
  expect(itemEvents).toEqual(['tool_called', 'tool_output', 'message_output_created']);
  expect(text).toBe(result.finalOutput);
  expect(text).toContain('Sunny and 22 degrees in Rome');
  const exchanges = responsesExchanges(emulator);
  expect(exchanges.map((e) => e.body.stream)).toEqual([true, true]);
  expect(exchanges[1].eventTypes.filter((t) => t === 'response.output_text.delta').length).toBeGreaterThan(1);
  expect(exchanges[1].eventTypes.at(-1)).toBe('response.completed');
});

test('structured output: outputType (zod) goes out as a strict json_schema and comes back parsed', async () => {
  const Person = z.object({ name: z.string(), age: z.number().int() });
  const agent = new Agent({ name: 'Extractor', instructions: 'Extract the person.', model: 'gpt-4.1', outputType: Person });
  const result = await run(agent, 'John is 31 years old.');

  expect(Person.strict().parse(result.finalOutput)).toEqual(result.finalOutput);
  expect(result.finalOutput!.age).toBe(31);
  const [exchange] = responsesExchanges(emulator);
  expect(exchange.body.text.format).toMatchObject({ type: 'json_schema', strict: true });
  expect(JSON.parse(exchange.response.output[0].content[0].text)).toEqual(result.finalOutput);
});

test('a handoff: the triage agent transfers, the second agent answers with its own instructions', async () => {
  const spanish = new Agent({ name: 'Spanish agent', instructions: 'Answer in Spanish.', model: 'gpt-4.1', handoffDescription: 'Speaks Spanish' });
  const triage = new Agent({ name: 'Triage agent', instructions: 'Route the user.', model: 'gpt-4.1', handoffs: [spanish] });
  const result = await run(triage, 'Please transfer me to the Spanish agent.');

  expect(result.lastAgent?.name).toBe('Spanish agent');
  expect(result.newItems.map((i) => i.type)).toEqual(['handoff_call_item', 'handoff_output_item', 'message_output_item']);
  const [first, second] = responsesExchanges(emulator);
  expect(first.response.output[0]).toMatchObject({ type: 'function_call', name: 'transfer_to_Spanish_agent', arguments: '{}' });
  expect(second.body.instructions).toBe('Answer in Spanish.');
  expect(functionOutputs(second.body)).toEqual([expect.objectContaining({ call_id: first.response.output[0].call_id })]);
  expect(typeof result.finalOutput).toBe('string');
});

test('over WebSocket mode (withResponsesWebSocketSession): the tool round trip as response.create frames', async () => {
  // The SDK uses the global WebSocket, which Node has from version 22; on Node 20, `ws` stands in.
  globalThis.WebSocket ??= WebSocket as unknown as typeof globalThis.WebSocket;
  const calls: unknown[] = [];
  const result = await withResponsesWebSocketSession(({ run: runOnSocket }) => runOnSocket(weatherAgent(calls), 'What is the weather in Oslo?'));

  expect(calls).toEqual([{ city: 'Oslo' }]);
  expect(result.finalOutput).toContain('Sunny and 22 degrees in Oslo');
  const entries = emulator.requests().reverse();
  expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
    ['WS', '/v1/responses', 200],
    ['WS', '/v1/responses', 200],
  ]);
  const second = entries[1].request.body as Record<string, unknown>;
  expect(second.type).toBe('response.create');
  expect(functionOutputs(second)).toEqual([expect.objectContaining({ output: 'Sunny and 22 degrees in Oslo' })]);
});

describe('tracing', () => {
  /** Records the traces the SDK hands to its processors (it would hand them to its exporter too). */
  function memoryProcessor(): TracingProcessor & { traces: string[] } {
    const traces: string[] = [];
    return {
      traces,
      onTraceStart: async (trace) => void traces.push(trace.name),
      onTraceEnd: async () => undefined,
      onSpanStart: async () => undefined,
      onSpanEnd: async () => undefined,
      shutdown: async () => undefined,
      forceFlush: async () => undefined,
    };
  }

  test('outside NODE_ENV=test the SDK traces every run (its exporter sends them to api.openai.com)', async () => {
    const memory = memoryProcessor();
    setTraceProcessors([memory]); // no exporter while tracing is on here: nothing may leave the machine
    setTracingDisabled(false);
    try {
      await run(weatherAgent([]), 'What is the weather in Oslo?');
    } finally {
      setTracingDisabled(true);
      setDefaultOpenAITracingExporter(); // the SDK's own processor, as at import
    }
    expect(memory.traces).toEqual(['Agent workflow']);
  });

  test('with setTracingDisabled(true) no trace is made, and flushing the exporter sends nothing', async () => {
    const memory = memoryProcessor();
    addTraceProcessor(memory);
    await run(weatherAgent([]), 'What is the weather in Oslo?');
    await getGlobalTraceProvider().forceFlush();
    expect(memory.traces).toEqual([]);
    expect(guard.attempts).toEqual([]);
  });
});

test('nothing tried to leave the machine', async () => {
  await getGlobalTraceProvider().forceFlush();
  expect(guard.attempts).toEqual([]);
});
