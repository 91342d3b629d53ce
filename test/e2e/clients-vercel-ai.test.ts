/**
 * The Vercel AI SDK (`ai` + `@ai-sdk/openai`, whose default model is the Responses API) against a
 * started emulator, configured as the README's "Works with" section says: text, streaming, a tool
 * loop, structured output and reasoning summaries, each compared with what went over the wire.
 */
import '../helpers/app-env';
import { createOpenAI } from '@ai-sdk/openai';
import { generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { functionOutputs, responsesExchanges, type Json } from '../helpers/client-journal';
import { watchNetwork, type NetworkGuard } from '../helpers/network-guard';

let emulator: RunningEmulator;
let guard: NetworkGuard;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  guard = watchNetwork();
  emulator = await startEmulator({ port: 0, seed: 'vercel-ai' });
  const { baseURL } = emulator;
  openai = createOpenAI({ baseURL, apiKey: 'test' }); // the README's configuration, word for word
});
beforeEach(() => emulator.reset());
afterAll(async () => {
  guard.stop();
  await emulator.close();
});

/** The text of a Response's message items. */
function outputText(response: Json): string {
  return response.output
    .filter((o: Json) => o.type === 'message')
    .flatMap((o: Json) => o.content.map((c: Json) => c.text))
    .join('');
}

test('generateText: the text, finish reason, id and usage the emulator sent', async () => {
  const result = await generateText({ model: openai('gpt-4o'), prompt: 'Explain how tides work.' });
  const [exchange] = responsesExchanges(emulator);

  expect(exchange.body).toMatchObject({ model: 'gpt-4o' });
  expect(result.text.length).toBeGreaterThan(40);
  expect(result.text).toBe(outputText(exchange.response));
  expect(result.finishReason).toBe('stop');
  expect(result.response.id).toBe(exchange.response.id);
  expect(result.usage).toMatchObject({
    inputTokens: exchange.response.usage.input_tokens,
    outputTokens: exchange.response.usage.output_tokens,
    totalTokens: exchange.response.usage.total_tokens,
  });
});

test('streamText: text deltas assemble into the streamed response’s text, with its usage', async () => {
  const result = streamText({ model: openai('gpt-4o'), prompt: 'Tell me a short story about a lighthouse.' });
  const deltas: string[] = [];
  for await (const delta of result.textStream) deltas.push(delta);
  const [exchange] = responsesExchanges(emulator);

  expect(exchange.body.stream).toBe(true);
  expect(exchange.eventTypes.at(-1)).toBe('response.completed');
  expect(deltas.length).toBeGreaterThan(1);
  expect(deltas.join('')).toBe(await result.text);
  expect(deltas.join('')).toBe(outputText(exchange.response));
  expect(await result.finishReason).toBe('stop');
  expect((await result.usage).outputTokens).toBe(exchange.response.usage.output_tokens);
});

test('a tool loop (stopWhen): schema-valid call, the output sent back, a final answer that uses it', async () => {
  const Weather = z.object({ city: z.string() });
  const calls: unknown[] = [];
  const result = await generateText({
    model: openai('gpt-4o'),
    prompt: 'What is the weather in Paris?',
    tools: {
      get_weather: tool({
        description: 'The current weather in a city',
        inputSchema: Weather,
        execute: async (input) => {
          calls.push(input);
          return `Sunny and 22 degrees in ${input.city}`;
        },
      }),
    },
    stopWhen: stepCountIs(5),
  });

  expect(calls).toEqual([{ city: 'Paris' }]);
  expect(result.steps.map((s) => s.finishReason)).toEqual(['tool-calls', 'stop']);
  expect(result.steps[0].toolResults).toEqual([expect.objectContaining({ toolName: 'get_weather', output: 'Sunny and 22 degrees in Paris' })]);
  expect(result.text).toContain('Sunny and 22 degrees in Paris');

  const [first, second] = responsesExchanges(emulator);
  const call = first.response.output[0];
  expect(Weather.strict().parse(JSON.parse(call.arguments))).toEqual({ city: 'Paris' });
  expect(result.steps[0].toolCalls[0].toolCallId).toBe(call.call_id);
  expect(functionOutputs(second.body)).toEqual([expect.objectContaining({ call_id: call.call_id, output: 'Sunny and 22 degrees in Paris' })]);
});

test('generateObject: a zod schema goes out as a strict json_schema and the object comes back valid', async () => {
  const Person = z.object({ name: z.string(), age: z.number().int(), email: z.string().email() });
  const result = await generateObject({ model: openai('gpt-4o'), schema: Person, prompt: 'Ada is 36, ada@example.com.' });
  const [exchange] = responsesExchanges(emulator);

  expect(exchange.body.text.format).toMatchObject({ type: 'json_schema', strict: true });
  expect(Person.strict().parse(result.object)).toEqual(result.object);
  expect(result.object).toEqual(JSON.parse(outputText(exchange.response)));
  expect(result.object.age).toBe(36);
});

describe('a reasoning model with a reasoning summary', () => {
  const request = {
    prompt: 'How many times does the letter r appear in strawberry?',
    providerOptions: { openai: { reasoningSummary: 'detailed' } },
  };

  test('generateText: the summary as reasoning, reasoning tokens in usage', async () => {
    const result = await generateText({ ...request, model: openai('o4-mini') });
    const [exchange] = responsesExchanges(emulator);
    const reasoning = exchange.response.output.find((o: Json) => o.type === 'reasoning');

    expect(exchange.body.reasoning).toEqual({ summary: 'detailed' });
    expect(reasoning.summary.length).toBeGreaterThan(0);
    expect(result.reasoning.map((r) => r.text)).toEqual(reasoning.summary.map((s: Json) => s.text));
    expect(result.usage.outputTokenDetails.reasoningTokens).toBe(exchange.response.usage.output_tokens_details.reasoning_tokens);
    expect(result.usage.outputTokenDetails.reasoningTokens).toBeGreaterThan(0);
    expect(result.text).toBe(outputText(exchange.response));
  });

  test('streamText: reasoning deltas before the text deltas, assembling into the same summary', async () => {
    const result = streamText({ ...request, model: openai('o4-mini') });
    const parts: string[] = [];
    let reasoning = '';
    for await (const part of result.fullStream) {
      if (parts.at(-1) !== part.type) parts.push(part.type);
      if (part.type === 'reasoning-delta') reasoning += part.text;
    }
    const [exchange] = responsesExchanges(emulator);
    const summary = exchange.response.output.find((o: Json) => o.type === 'reasoning').summary.map((s: Json) => s.text);

    expect(parts.indexOf('reasoning-delta')).toBeGreaterThan(-1);
    expect(parts.indexOf('reasoning-delta')).toBeLessThan(parts.indexOf('text-delta'));
    expect(parts.at(-1)).toBe('finish');
    expect(reasoning).toBe(summary.join(''));
    expect(await result.reasoningText).toBe(reasoning);
  });
});

test('nothing tried to leave the machine', () => {
  expect(guard.attempts).toEqual([]);
});
