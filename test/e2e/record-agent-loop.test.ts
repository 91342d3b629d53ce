/**
 * A multi-turn agent loop (tool call, tool output, answer) recorded through the proxy from a local
 * upstream, then replayed under --strict with the upstream gone: every turn matches its recording,
 * the ids the client sees are fresh and consistent (previous_response_id chains the live ids, call
 * ids line up), and the loop ends with the recorded answer. The upstream is another emulator (there
 * is no internet here): it plays api.openai.com with deterministic, realistic responses.
 */
import '../helpers/app-env'; // first: the Agents SDK decides at import whether tracing is on
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { Agent, OpenAIProvider, Runner, tool } from '@openai/agents';
import { z } from 'zod';
import { startEmulator } from '../../src/index';
import { loadFixtureDir } from '../../src/fixtures/load';
import { projectSchemas } from '../helpers/project-schemas';
import { idsIn, normalizeIds } from '../helpers/normalize-ids';
import { WEATHER } from '../helpers/weather-tool';


/** The hand-written loop: run each function call, send its output back on the chain, until the model answers. */
async function weatherLoop(baseURL: string, testId: string): Promise<OpenAI.Responses.Response[]> {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL, maxRetries: 0, defaultHeaders: { 'x-test-id': testId } });
  const turns = [await client.responses.create({ model: 'gpt-4o', input: 'What is the weather in Lisbon?', tools: [WEATHER] })];
  for (;;) {
    const last = turns[turns.length - 1];
    const calls = last.output.filter((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call');
    if (calls.length === 0) return turns;
    if (turns.length >= 5) throw new Error('the loop does not end');
    const input = calls.map((c) => ({ type: 'function_call_output' as const, call_id: c.call_id, output: JSON.stringify({ city: JSON.parse(c.arguments).city, temperature: 19 }) }));
    turns.push(await client.responses.create({ model: 'gpt-4o', previous_response_id: last.id, input, tools: [WEATHER] }));
  }
}

/** The same loop run by the Agents SDK, which resends the whole history (no previous_response_id). */
async function agentsLoop(baseURL: string): Promise<{ finalOutput: unknown; items: string[] }> {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL, maxRetries: 0, defaultHeaders: { 'x-test-id': 'agents-loop' } });
  const runner = new Runner({ modelProvider: new OpenAIProvider({ openAIClient: client }), tracingDisabled: true });
  const getWeather = tool({ name: 'get_weather', description: 'Get the weather for a city', parameters: z.object({ city: z.string() }), execute: async ({ city }) => `19 degrees in ${city}` });
  const agent = new Agent({ name: 'Weather agent', instructions: 'Answer with the get_weather tool.', model: 'gpt-4o', tools: [getWeather] });
  const result = await runner.run(agent, 'What is the weather in Porto?', { maxTurns: 5 });
  return { finalOutput: result.finalOutput, items: result.newItems.map((i) => i.type) };
}

describe('a recorded agent loop replays under --strict with the upstream gone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-loop-'));
  let recorded: OpenAI.Responses.Response[];
  let recordedAgents: { finalOutput: unknown; items: string[] };

  beforeAll(async () => {
    const upstream = await startEmulator({ port: 0, seed: 'upstream', fixedTime: 1741476542 });
    const recorder = await startEmulator({ port: 0, upstream: upstream.baseURL, recordMode: 'all', fixtures: dir });
    try {
      recorded = await weatherLoop(recorder.baseURL, 'weather-loop');
      recordedAgents = await agentsLoop(recorder.baseURL);
    } finally {
      await recorder.close();
      await upstream.close();
    }
  });

  test('the recording: one fixture per turn, each stating its turn and whether it carries tool output', () => {
    expect(recorded.map((r) => r.output.map((o) => o.type))).toEqual([['function_call'], ['message']]);
    expect(recordedAgents.items).toEqual(['tool_call_item', 'tool_call_output_item', 'message_output_item']);
    expect(readdirSync(dir).sort()).toEqual(['agents-loop-001.json', 'agents-loop-002.json', 'weather-loop-001.json', 'weather-loop-002.json']);
    const report = loadFixtureDir(dir, projectSchemas());
    expect(report.errors).toEqual([]);
    const byName = Object.fromEntries(report.fixtures.map((f) => [f.name, f.match]));
    expect(byName['weather-loop-001']).toMatchObject({ turn: 1, endsWithToolOutput: false });
    expect(byName['weather-loop-002']).toMatchObject({ turn: 2, endsWithToolOutput: true });
    expect(byName['agents-loop-002']).toMatchObject({ endsWithToolOutput: true });
  });

  test('the openai SDK loop: every turn matches, ids are fresh and chain, the loop ends with the answer', async () => {
    const replay = await startEmulator({ port: 0, fixtures: dir, strict: true });
    try {
      const turns = await weatherLoop(replay.baseURL, 'weather-loop');
      expect(turns).toHaveLength(recorded.length);
      expect(normalizeIds(turns)).toEqual(normalizeIds(recorded));
      expect(turns[1].output_text).toBe(recorded[1].output_text);
      const recordedIds = new Set(idsIn(recorded));
      expect(idsIn(turns).filter((id) => recordedIds.has(id))).toEqual([]);
      expect(turns[1].previous_response_id).toBe(turns[0].id);
      // Every turn was answered by its recording, and each is stored under the id the client got.
      expect(replay.requests({ method: 'POST', path: '/v1/responses' }).map((e) => e.fixture?.name).reverse()).toEqual(['weather-loop-001', 'weather-loop-002']);
      for (const turn of turns) expect(((await (await fetch(`${replay.baseURL}/responses/${turn.id}`)).json()) as { id: string }).id).toBe(turn.id);
      const items = (await (await fetch(`${replay.baseURL}/responses/${turns[1].id}/input_items`)).json()) as { data: { type: string; call_id?: string }[] };
      expect(items.data.find((i) => i.type === 'function_call_output')?.call_id).toBe((turns[0].output[0] as OpenAI.Responses.ResponseFunctionToolCall).call_id);

      // Run again on the same server: the same recordings answer, as new responses.
      const again = await weatherLoop(replay.baseURL, 'weather-loop');
      expect(normalizeIds(again)).toEqual(normalizeIds(recorded));
      expect(again[0].id).not.toBe(turns[0].id);
      expect(again[1].previous_response_id).toBe(again[0].id);
    } finally {
      await replay.close();
    }
  });

  test('the Agents SDK run (whole history each turn) ends with the recorded answer', async () => {
    const replay = await startEmulator({ port: 0, fixtures: dir, strict: true });
    try {
      expect(await agentsLoop(replay.baseURL)).toEqual(recordedAgents);
      expect(replay.requests({ method: 'POST', path: '/v1/responses' }).map((e) => e.fixture?.name).reverse()).toEqual(['agents-loop-001', 'agents-loop-002']);
    } finally {
      await replay.close();
    }
  });

  test('replays are deterministic: the same seed and requests give the same bytes', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const replay = await startEmulator({ port: 0, fixtures: dir, strict: true, fixedTime: 1760000000 });
      try {
        answers.push(JSON.stringify(await weatherLoop(replay.baseURL, 'weather-loop')));
      } finally {
        await replay.close();
      }
    }
    expect(answers[0]).toBe(answers[1]);
  });
});
