/**
 * Issue 17 §4: a clone's zero-configuration start (`npm start`: the command in the repository root,
 * no flags) answers exactly like a start in an empty folder. The repository's fixtures/ holds the
 * emulator's examples; they answer only when named (`--fixtures fixtures/examples`).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startCli } from '../helpers/cli-process';

// Not flags: the port must be free, and the clock and seed fixed for a byte-for-byte comparison.
// Several processes started and asked in turn: generous on a loaded machine (a guard against a hang, not a wait).
jest.setTimeout(120_000);

const ENV = { RESPONSES_EMULATOR_PORT: '0', RESPONSES_EMULATOR_SEED: 'zero-config', RESPONSES_EMULATOR_FIXED_TIME: '2025-03-09T12:00:00Z' };

const WEATHER_TOOL = {
  type: 'function',
  name: 'get_current_weather',
  description: 'Get the current weather in a given location',
  parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['location', 'unit'] },
};

/** The prompts of every example fixture (as their README-documented requests send them). */
const REQUESTS: { path: string; body: Record<string, unknown> }[] = [
  { path: '/v1/responses', body: { model: 'gpt-5.4', input: 'What is the weather like in Boston today?', tools: [WEATHER_TOOL], tool_choice: 'auto' } },
  { path: '/v1/responses', body: { model: 'o3-mini', input: 'How much wood would a woodchuck chuck?', reasoning: { effort: 'high', summary: 'auto' }, include: ['reasoning.encrypted_content'], store: false } },
  { path: '/v1/responses', body: { model: 'gpt-5.4', tools: [{ type: 'web_search_preview' }], input: 'What was a positive news story from today?' } },
  { path: '/v1/responses', body: { model: 'gpt-5.4', instructions: 'You are a helpful assistant.', input: 'Hello!', stream: true } },
  { path: '/v1/responses', body: { model: 'gpt-5.4', input: 'Tell me a three sentence bedtime story about a unicorn.' } },
  {
    path: '/v1/responses',
    body: { model: 'gpt-5.4', input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is in this image?' }, { type: 'input_image', image_url: 'https://upload.wikimedia.org/x.jpg', detail: 'auto' }] }] },
  },
  {
    path: '/v1/responses',
    body: { model: 'gpt-5.4', input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is in this file?' }, { type: 'input_file', file_url: 'https://www.berkshirehathaway.com/letters/2024ltr.pdf' }] }] },
  },
  { path: '/v1/responses', body: { model: 'gpt-5.4', tools: [{ type: 'file_search', vector_store_ids: ['vs_1234567890'], max_num_results: 20 }], input: 'What are the attributes of an ancient brown dragon?' } },
  { path: '/v1/model/response', body: { model: 'gpt-4o', inputs: [{ role: 'user', content: 'What is the capital of France?' }] } },
  { path: '/open-responses/v1/responses', body: { model: 'gpt-5.4', input: 'Hello!', instructions: 'You are a helpful assistant.' } },
];

type Exchange = { status: number; body: string };

/** Sends every request in order, then the weather call's tool output (the agent loop's second turn). */
async function exchanges(url: string): Promise<Exchange[]> {
  const out: Exchange[] = [];
  const send = async (path: string, body: unknown): Promise<Exchange> => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const exchange = { status: res.status, body: await res.text() };
    out.push(exchange);
    return exchange;
  };
  for (const r of REQUESTS) await send(r.path, r.body);
  const weather = JSON.parse(out[0].body) as { id: string; output: { type: string; call_id?: string }[] };
  const call = weather.output.find((o) => o.type === 'function_call');
  if (call) {
    await send('/v1/responses', {
      model: 'gpt-5.4',
      previous_response_id: weather.id,
      tools: [WEATHER_TOOL],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temperature": 18, "unit": "celsius"}' }],
    });
  }
  const stored = await fetch(`${url}/v1/responses/${weather.id}`);
  out.push({ status: stored.status, body: await stored.text() });
  return out;
}

async function answersFrom(cwd: string, args: string[] = []): Promise<Exchange[]> {
  const cli = await startCli(args, { cwd, env: ENV });
  try {
    return await exchanges(cli.url);
  } finally {
    await cli.stop();
  }
}

describe('zero configuration', () => {
  test("a clone's start (the repository root, no flags) answers byte for byte like an empty folder's", async () => {
    const empty = mkdtempSync(join(tmpdir(), 'empty-'));
    const [clone, fresh] = await Promise.all([answersFrom(ROOT), answersFrom(empty)]);
    expect(clone.length).toBe(REQUESTS.length + 2);
    for (const e of clone) expect(e.status).toBe(200);
    expect(clone).toEqual(fresh);
  });

  test('the examples answer when named: --fixtures fixtures/examples (so the comparison above can tell)', async () => {
    const [named, clone] = await Promise.all([answersFrom(ROOT, ['--fixtures', 'fixtures/examples']), answersFrom(ROOT)]);
    const weather = JSON.parse(named[0].body) as { output: { type: string; arguments?: string }[]; usage: { input_tokens: number } };
    expect(weather.output[0]).toMatchObject({ type: 'function_call', arguments: '{"location":"Boston, MA","unit":"celsius"}' });
    expect(weather.usage.input_tokens).toBe(291);
    expect(named[0].body).not.toBe(clone[0].body);
  });
});
