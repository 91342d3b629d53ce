/**
 * With the official SDK: a fixture's answer carries the reasoning summary and the web-search
 * citations the request asks for (issue 17 §3), as a parsed Response and through the stream helper.
 */
import OpenAI from 'openai';
import { startEmulator, type RunningEmulator } from '../../src/index';

let emulator: RunningEmulator;
let client: OpenAI;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'fill-e2e' });
  client = new OpenAI({ apiKey: 'k', baseURL: emulator.baseURL, maxRetries: 0 });
  emulator.core.addFixtures([
    { name: 'woodchuck', match: { input: 'How much wood would a woodchuck chuck?' }, reply: { text: 'The classic tongue twister...', usage: { input_tokens: 81, output_tokens: 1035, reasoning_tokens: 832 } } },
    { name: 'news', match: { input: 'What was a positive news story from today?', tools: ['web_search_preview'] }, reply: { text: 'A town planted a million trees.' } },
  ]);
});
afterAll(() => emulator.close());

test('reasoning.summary "auto": the fixture answer has a reasoning summary, JSON and streamed alike', async () => {
  const body = { model: 'o3-mini', input: 'How much wood would a woodchuck chuck?', reasoning: { effort: 'high' as const, summary: 'auto' as const } };
  const response = await client.responses.create(body);
  expect(response.output_text).toBe('The classic tongue twister...');
  const reasoning = response.output[0] as OpenAI.Responses.ResponseReasoningItem;
  expect(reasoning.type).toBe('reasoning');
  expect(reasoning.summary.length).toBeGreaterThan(0);
  expect(response.usage!.output_tokens_details.reasoning_tokens).toBe(832);

  const summaries: string[] = [];
  const stream = client.responses.stream(body);
  stream.on('response.reasoning_summary_text.done', (e) => summaries.push(e.text));
  const final = await stream.finalResponse();
  expect(summaries).toEqual(reasoning.summary.map((s) => s.text));
  expect((final.output[0] as OpenAI.Responses.ResponseReasoningItem).summary).toEqual(reasoning.summary);
  expect(final.output_text).toBe('The classic tongue twister...');
});

test('a web_search tool: the fixture answer has the search call and url_citations whose offsets span their links', async () => {
  const body = { model: 'gpt-4o', input: 'What was a positive news story from today?', tools: [{ type: 'web_search_preview' as const }] };
  for (const response of [await client.responses.create(body), await client.responses.stream(body).finalResponse()]) {
    expect(response.output.map((o) => o.type)).toEqual(['web_search_call', 'message']);
    const part = (response.output[1] as OpenAI.Responses.ResponseOutputMessage).content[0] as OpenAI.Responses.ResponseOutputText;
    expect(part.text.startsWith('A town planted a million trees.')).toBe(true);
    const citations = part.annotations.filter((a): a is OpenAI.Responses.ResponseOutputText.URLCitation => a.type === 'url_citation');
    expect(citations.length).toBeGreaterThanOrEqual(2);
    for (const c of citations) expect(part.text.slice(c.start_index, c.end_index)).toBe(`[${new URL(c.url).hostname}](${c.url})`);
  }
});
