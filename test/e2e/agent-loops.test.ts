/**
 * Agent loops end against fixtures: the shipped weather example answers the tool call, and the turn
 * that brings the tool's output back is answered by the fixture written for it (not by the call
 * again, forever). Driven by the openai SDK by hand (previous_response_id) and by the Agents SDK
 * (full history, no previous_response_id).
 */
import '../helpers/app-env'; // first: the Agents SDK decides at import whether tracing is on
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { Agent, run, setDefaultOpenAIClient, setTracingDisabled, tool } from '@openai/agents';
import { z } from 'zod';
import { startEmulator, type RunningEmulator } from '../../src/index';

const WEATHER_EXAMPLE = join(__dirname, '../../fixtures/examples/weather-function-call.yaml');
const QUESTION = 'What is the weather like in Boston today?';
const ANSWER = "Here is today's weather in Boston, MA, as get_current_weather reports it.";
const TOOLS: OpenAI.Responses.Tool[] = [
  { type: 'function', name: 'get_current_weather', strict: false, parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string' } } } },
];

/** A directory holding the shipped weather example (and nothing else). */
function weatherDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weather-'));
  copyFileSync(WEATHER_EXAMPLE, join(dir, 'weather.yaml'));
  return dir;
}

/** The loop a hand-written agent runs: call the model, run its tool calls, send the outputs back, until it answers. */
async function loop(client: OpenAI, maxTurns = 5): Promise<OpenAI.Responses.Response[]> {
  const turns = [await client.responses.create({ model: 'gpt-5.4', input: QUESTION, tools: TOOLS })];
  for (;;) {
    const last = turns[turns.length - 1];
    const calls = last.output.filter((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call');
    if (calls.length === 0) return turns;
    if (turns.length >= maxTurns) throw new Error(`the model still calls tools after ${maxTurns} turns`);
    const input = calls.map((c) => ({ type: 'function_call_output' as const, call_id: c.call_id, output: '{"temperature":22,"unit":"celsius"}' }));
    turns.push(await client.responses.create({ model: 'gpt-5.4', previous_response_id: last.id, input, tools: TOOLS }));
  }
}

describe('the weather example in an agent loop', () => {
  let emulator: RunningEmulator;
  let client: OpenAI;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, fixtures: weatherDir(), strict: true });
    client = new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL, maxRetries: 0 });
  });
  afterAll(() => emulator.close());

  test('openai SDK: the call, then the tool output, then an answer in text', async () => {
    const [call, answer, ...more] = await loop(client);
    expect(more).toEqual([]);
    expect(call.output.map((o) => o.type)).toEqual(['function_call']);
    expect(answer.output.map((o) => o.type)).toEqual(['message']);
    expect(answer.output_text).toBe(ANSWER);
    expect(answer.previous_response_id).toBe(call.id);
    expect(emulator.requests({ method: 'POST', path: '/v1/responses' }).map((e) => e.fixture?.name).reverse()).toEqual(['example-weather-function-call', 'example-weather-answer']);
  });

  test('the same fixture answering twice gives two stored responses', async () => {
    const [a] = await loop(client);
    const [b] = await loop(client);
    expect(a.id).not.toBe(b.id);
    expect((a.output[0] as OpenAI.Responses.ResponseFunctionToolCall).call_id).not.toBe((b.output[0] as OpenAI.Responses.ResponseFunctionToolCall).call_id);
    expect((await client.responses.retrieve(a.id)).id).toBe(a.id);
    expect((await client.responses.retrieve(b.id)).id).toBe(b.id);
  });

  test('the Agents SDK: a run with the tool ends with the final text', async () => {
    setDefaultOpenAIClient(client);
    setTracingDisabled(true);
    const asked: unknown[] = [];
    const getWeather = tool({
      name: 'get_current_weather',
      description: 'The current weather in a place',
      parameters: z.object({ location: z.string(), unit: z.string() }),
      execute: async (args) => {
        asked.push(args);
        return 'Sunny, 22 degrees';
      },
    });
    const agent = new Agent({ name: 'Weather agent', instructions: 'Use the tool.', model: 'gpt-5.4', tools: [getWeather] });
    const result = await run(agent, QUESTION, { maxTurns: 4 });
    expect(asked).toEqual([{ location: 'Boston, MA', unit: 'celsius' }]);
    expect(result.newItems.map((i) => i.type)).toEqual(['tool_call_item', 'tool_call_output_item', 'message_output_item']);
    expect(result.finalOutput).toBe(ANSWER);
  });
});

describe('a fixture that calls tools does not answer their outputs', () => {
  const callOnly = () => {
    const dir = mkdtempSync(join(tmpdir(), 'call-only-'));
    writeFileSync(join(dir, 'call.yaml'), `name: call-only\nmatch: { input: "${QUESTION}" }\nreply:\n  toolCalls: [{ name: get_current_weather, arguments: { location: Boston } }]\n`);
    return dir;
  };

  test('without a fixture for the output turn, synthesis answers it (the loop still ends)', async () => {
    const emulator = await startEmulator({ port: 0, fixtures: callOnly() });
    try {
      const turns = await loop(new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL, maxRetries: 0 }));
      expect(turns).toHaveLength(2);
      expect(emulator.requests({ method: 'POST', path: '/v1/responses' }).map((e) => e.answeredBy).reverse()).toEqual(['fixture', 'synthesis']);
    } finally {
      await emulator.close();
    }
  });

  test('under --strict the miss names the implied condition', async () => {
    const emulator = await startEmulator({ port: 0, fixtures: callOnly(), strict: true });
    try {
      const err = await loop(new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL, maxRetries: 0 })).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 400, code: 'fixture_not_found' });
      expect((err as Error).message).toContain('The nearest fixture is call-only');
      expect((err as Error).message).toContain('endsWithToolOutput: expected false (implied: its reply calls tools');
    } finally {
      await emulator.close();
    }
  });

  test('a fixture that says endsWithToolOutput (or names a turn) answers the output turn as written', async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      emulator.core.addFixtures([
        { name: 'poll', match: { input: QUESTION, turn: 2 }, reply: { toolCalls: [{ name: 'get_current_weather', arguments: { location: 'Boston', unit: 'fahrenheit' } }] } },
        { name: 'first', match: { input: QUESTION }, reply: { toolCalls: [{ name: 'get_current_weather', arguments: { location: 'Boston' } }] } },
        { name: 'answer', match: { endsWithToolOutput: true, toolOutput: { contains: '"temperature":22' } }, reply: { text: 'Twenty-two.' } },
      ]);
      const turns = await loop(new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL, maxRetries: 0 }));
      expect(turns.map((t) => t.output_text || t.output[0].type)).toEqual(['function_call', 'function_call', 'Twenty-two.']);
    } finally {
      await emulator.close();
    }
  });
});
