/**
 * LangChain's ChatOpenAI on the Responses API (`useResponsesApi: true`) against a started emulator,
 * configured as the README's "Works with" section says: invoke, stream, a bound tool's round trip,
 * structured output and a reasoning summary, each compared with what went over the wire.
 */
import '../helpers/app-env';
import { AIMessageChunk, HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import { startEmulator, type RunningEmulator } from '../../src/index';
import { functionOutputs, responsesExchanges, type Json } from '../helpers/client-journal';
import { watchNetwork, type NetworkGuard } from '../helpers/network-guard';

let emulator: RunningEmulator;
let guard: NetworkGuard;

beforeAll(async () => {
  guard = watchNetwork();
  emulator = await startEmulator({ port: 0, seed: 'langchain' });
});
beforeEach(() => emulator.reset());
afterAll(async () => {
  guard.stop();
  await emulator.close();
});

/** The README's configuration, with other models and options. */
function chat(model: string, fields: Partial<ConstructorParameters<typeof ChatOpenAI>[0] & object> = {}): ChatOpenAI {
  return new ChatOpenAI({ model, apiKey: 'test', useResponsesApi: true, configuration: { baseURL: emulator.baseURL }, maxRetries: 0, ...fields });
}

function outputText(response: Json): string {
  return response.output
    .filter((o: Json) => o.type === 'message')
    .flatMap((o: Json) => o.content.map((c: Json) => c.text))
    .join('');
}

test('invoke: the text, id and token usage the emulator sent', async () => {
  const { baseURL } = emulator;
  // The README's configuration, word for word (test/unit/readme-works-with.test.ts checks).
  const model = new ChatOpenAI({ model: 'gpt-4o', apiKey: 'test', useResponsesApi: true, configuration: { baseURL } });
  const message = await model.invoke('Explain how tides work.');
  const [exchange] = responsesExchanges(emulator);

  expect(message.text.length).toBeGreaterThan(40);
  expect(message.text).toBe(outputText(exchange.response));
  expect(message.id).toBe(exchange.response.id);
  expect(message.usage_metadata).toMatchObject({
    input_tokens: exchange.response.usage.input_tokens,
    output_tokens: exchange.response.usage.output_tokens,
    total_tokens: exchange.response.usage.total_tokens,
  });
});

test('stream: chunks concatenate into the streamed response’s text, with its usage', async () => {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of await chat('gpt-4o').stream('Tell me a short story about a lighthouse.')) chunks.push(chunk);
  const whole = chunks.reduce((sum, chunk) => sum.concat(chunk));
  const [exchange] = responsesExchanges(emulator);

  expect(exchange.body.stream).toBe(true);
  expect(exchange.eventTypes.at(-1)).toBe('response.completed');
  expect(chunks.filter((c) => c.text !== '').length).toBeGreaterThan(1);
  expect(whole.text).toBe(outputText(exchange.response));
  expect(whole.usage_metadata?.output_tokens).toBe(exchange.response.usage.output_tokens);
});

test('bindTools: a schema-valid tool call, the ToolMessage sent back as function_call_output, a final answer', async () => {
  const Weather = z.object({ city: z.string() });
  const getWeather = tool(async ({ city }) => `Sunny and 22 degrees in ${city}`, { name: 'get_weather', description: 'The current weather in a city', schema: Weather });
  const model = chat('gpt-4o').bindTools([getWeather]);
  const question = new HumanMessage('What is the weather in Paris?');

  const asked = await model.invoke([question]);
  expect(asked.tool_calls).toEqual([expect.objectContaining({ name: 'get_weather', args: { city: 'Paris' } })]);
  const toolMessage = await getWeather.invoke(asked.tool_calls![0]);
  const answer = await model.invoke([question, asked, toolMessage]);

  expect(answer.tool_calls).toEqual([]);
  expect(answer.text).toContain('Sunny and 22 degrees in Paris');
  const [first, second] = responsesExchanges(emulator);
  const call = first.response.output[0];
  expect(Weather.strict().parse(JSON.parse(call.arguments))).toEqual({ city: 'Paris' });
  expect(asked.tool_calls![0].id).toBe(call.call_id);
  expect(functionOutputs(second.body)).toEqual([expect.objectContaining({ call_id: call.call_id, output: 'Sunny and 22 degrees in Paris' })]);
});

test('withStructuredOutput: a zod schema goes out as a strict json_schema and comes back parsed', async () => {
  const Person = z.object({ name: z.string(), age: z.number().int() });
  const person = await chat('gpt-4o').withStructuredOutput(Person, { name: 'person' }).invoke('John is 31 years old.');
  const [exchange] = responsesExchanges(emulator);

  expect(exchange.body.text.format).toMatchObject({ type: 'json_schema', name: 'person', strict: true });
  expect(Person.strict().parse(person)).toEqual(person);
  expect(person).toEqual(JSON.parse(outputText(exchange.response)));
  expect(person.age).toBe(31);
});

test('a reasoning model: the reasoning summary as a content block, reasoning tokens in usage', async () => {
  const message = await chat('o4-mini', { reasoning: { effort: 'low', summary: 'auto' } }).invoke('How many times does the letter r appear in strawberry?');
  const [exchange] = responsesExchanges(emulator);
  const reasoning = exchange.response.output.find((o: Json) => o.type === 'reasoning');

  expect(exchange.body.reasoning).toEqual({ effort: 'low', summary: 'auto' });
  expect(message.contentBlocks.map((b) => b.type)).toEqual(['reasoning', 'text']);
  expect(message.contentBlocks[0]).toMatchObject({ reasoning: reasoning.summary.map((s: Json) => s.text).join('') });
  expect(message.usage_metadata?.output_token_details?.reasoning).toBe(exchange.response.usage.output_tokens_details.reasoning_tokens);
  expect(message.usage_metadata?.output_token_details?.reasoning).toBeGreaterThan(0);
  expect(message.text).toBe(outputText(exchange.response));
});

test('nothing tried to leave the machine', () => {
  expect(guard.attempts).toEqual([]);
});
