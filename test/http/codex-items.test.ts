/**
 * What Codex CLI and the newer built-in tools need from POST /responses: shell_call and
 * apply_patch_call items (JSON and SSE, with the events real traffic has), their outputs as the next
 * turn's input, remote compaction (`compaction_trigger` → exactly one `compaction` item), message
 * `phase`, and Lark grammars with aliases. Everything is checked against the official schemas when
 * they are present, and every stream by the SDK-accumulator rules (test/helpers/stream-checker).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { decodeCompaction } from '../../src/engine/compaction';
import { createApp } from '../../src/index';
import { larkAccepts } from '../helpers/lark-recognizer';
import { hasOracle, oracleErrors } from '../helpers/oracle';
import { parseSse } from '../helpers/sse';
import { checkStream } from '../helpers/stream-checker';

type Json = Record<string, any>;
const app = createApp({ seed: 'codex-items' });
const post = (body: Json) => request(app).post('/v1/responses').send(body);
const CODEX_APPLY_PATCH = readFileSync(resolve(__dirname, '../data/codex/tool_apply_patch.lark'), 'utf8');

/** Events the real API sends that the spec's event list lacks: checked by shape instead of by the oracle. */
const OFF_SPEC_EVENTS: Record<string, string[]> = {
  'response.apply_patch_call_operation_diff.delta': ['type', 'sequence_number', 'item_id', 'output_index', 'delta'],
  'response.apply_patch_call_operation_diff.done': ['type', 'sequence_number', 'item_id', 'output_index', 'diff'],
};

function oracle(name: string, value: unknown): void {
  if (hasOracle) expect(oracleErrors(name, value)).toEqual([]);
}

/** The stream's events, checked (SDK rules, oracle), with its final response. */
async function stream(body: Json): Promise<{ events: Json[]; types: string[]; response: Json }> {
  const res = await post({ ...body, stream: true }).expect(200);
  const { events } = parseSse(res.text);
  for (const e of events) {
    const offSpec = OFF_SPEC_EVENTS[String(e.type)];
    if (offSpec) expect(Object.keys(e).sort()).toEqual(expect.arrayContaining(offSpec.sort()));
    else oracle('ResponseStreamEvent', e);
  }
  const response = checkStream(events);
  // Repeated deltas collapsed: the sequence of event types, as the captured-traffic comparison reads it.
  const types = events.map((e) => String(e.type)).filter((t, i, all) => !(t.endsWith('.delta') && all[i - 1] === t));
  return { events, types, response };
}

describe('shell tool: shell_call items', () => {
  const tools = [{ type: 'shell' }];

  test('a request to run something gives a shell_call for the client, as recorded traffic shows it', async () => {
    const res = await post({ model: 'gpt-5.1', input: 'Run `ls -a ~/Desktop` in the shell', tools }).expect(200);
    oracle('Response', res.body);
    const call = res.body.output.find((o: Json) => o.type === 'shell_call');
    expect(call).toEqual({
      id: expect.stringMatching(/^sh_[0-9a-f]{50}$/),
      type: 'shell_call',
      status: 'completed',
      action: { commands: ['ls -a ~/Desktop'], max_output_length: null, timeout_ms: null },
      call_id: expect.stringMatching(/^call_[A-Za-z0-9]{24}$/),
      environment: null,
    });
    expect(res.body.status).toBe('completed');
    const local = await post({ model: 'gpt-5.1', input: 'list the files in this directory', tools: [{ type: 'shell', environment: { type: 'local' } }] }).expect(200);
    expect(local.body.output.at(-1)).toMatchObject({ type: 'shell_call', action: { commands: ['ls -la'] }, environment: { type: 'local' } });
  });

  test('streamed: shell_call_command.added → .delta → .done between the item events, without item_id', async () => {
    const { events, types, response } = await stream({ model: 'gpt-5.1', input: 'Run `ls -a ~/Desktop` in the shell', tools, reasoning: { effort: 'none' } });
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.shell_call_command.added',
      'response.shell_call_command.delta',
      'response.shell_call_command.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const added = events.find((e) => e.type === 'response.output_item.added')!;
    expect(added.item).toMatchObject({ type: 'shell_call', status: 'in_progress', action: { commands: [], max_output_length: null, timeout_ms: null } });
    expect(events.find((e) => e.type === 'response.shell_call_command.added')).toEqual({ type: 'response.shell_call_command.added', sequence_number: 3, output_index: 0, command_index: 0, command: '' });
    for (const e of events.filter((x) => String(x.type).startsWith('response.shell_call_command'))) expect(e).not.toHaveProperty('item_id');
    expect(response.output[0].action.commands).toEqual(['ls -a ~/Desktop']);
  });

  test('the shell_call_output comes back as input; the next turn answers in text with what it printed', async () => {
    const first = await post({ model: 'gpt-5.1', input: 'What files are in this directory? Use the shell.', tools }).expect(200);
    const call = first.body.output.find((o: Json) => o.type === 'shell_call');
    const output = { type: 'shell_call_output', call_id: call.call_id, output: [{ stdout: 'notes.txt\nreport.pdf\n', stderr: '', outcome: { type: 'exit', exit_code: 0 } }] };
    const second = await post({ model: 'gpt-5.1', previous_response_id: first.body.id, tools, input: [output] }).expect(200);
    oracle('Response', second.body);
    const message = second.body.output.at(-1);
    expect(message.type).toBe('message');
    expect(message.content[0].text).toContain('notes.txt');
    expect(second.body.output.some((o: Json) => o.type === 'shell_call')).toBe(false); // the loop ends
    const items = await request(app).get(`/v1/responses/${second.body.id}/input_items`).expect(200);
    oracle('ResponseItemList', items.body);
    expect(items.body.data[0]).toMatchObject({ id: expect.stringMatching(/^sho_/), type: 'shell_call_output', call_id: call.call_id });
  });

  test('local_shell gives a local_shell_call (exec action), and its output ends the loop', async () => {
    const first = await post({ model: 'gpt-5-codex', input: 'run `ls` please', tools: [{ type: 'local_shell' }] }).expect(200);
    oracle('Response', first.body);
    const call = first.body.output.find((o: Json) => o.type === 'local_shell_call');
    expect(call).toMatchObject({ id: expect.stringMatching(/^lsh_/), status: 'completed', action: { type: 'exec', command: ['ls'], env: {} } });
    const second = await post({ model: 'gpt-5-codex', previous_response_id: first.body.id, tools: [{ type: 'local_shell' }], input: [{ type: 'local_shell_call_output', id: call.call_id, call_id: call.call_id, output: '{"output":"a.txt"}' }] }).expect(200);
    expect(second.body.output.at(-1).type).toBe('message');
    expect(second.body.output.at(-1).content[0].text).toContain('a.txt');
  });
});

describe('apply_patch tool: apply_patch_call items', () => {
  const tools = [{ type: 'apply_patch' }];

  test('creating a named file: create_file with a V4A diff of + lines', async () => {
    const res = await post({ model: 'gpt-5.1', input: "Create shopping.md containing '## Shopping' and '- [ ] Milk'", tools }).expect(200);
    oracle('Response', res.body);
    expect(res.body.output.at(-1)).toEqual({
      id: expect.stringMatching(/^apc_[0-9a-f]{50}$/),
      type: 'apply_patch_call',
      status: 'completed',
      call_id: expect.stringMatching(/^call_/),
      operation: { type: 'create_file', diff: '+## Shopping\n+- [ ] Milk\n', path: 'shopping.md' },
    });
  });

  test('streamed: apply_patch_call_operation_diff.delta → .done; a delete streams no diff', async () => {
    const { events, types, response } = await stream({ model: 'gpt-5.1', input: "Create shopping.md containing '## Shopping' and '- [ ] Milk'", tools, reasoning: { effort: 'none' } });
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.apply_patch_call_operation_diff.delta',
      'response.apply_patch_call_operation_diff.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const added = events.find((e) => e.type === 'response.output_item.added')!;
    expect(added.item).toMatchObject({ status: 'in_progress', operation: { type: 'create_file', diff: '', path: 'shopping.md' } });
    expect(events.find((e) => e.type === 'response.apply_patch_call_operation_diff.done')).toMatchObject({ item_id: response.output[0].id, output_index: 0, diff: '+## Shopping\n+- [ ] Milk\n' });
    const deleted = await stream({ model: 'gpt-5.1', input: 'Delete obsolete.txt', tools, reasoning: { effort: 'none' } });
    expect(deleted.types.filter((t) => t.includes('apply_patch'))).toEqual([]);
    expect(deleted.response.output[0].operation).toEqual({ type: 'delete_file', path: 'obsolete.txt' });
  });

  test('the apply_patch_call_output comes back as input; the next turn answers in text', async () => {
    const first = await post({ model: 'gpt-5.1', input: 'Create hello.txt with a greeting', tools }).expect(200);
    const call = first.body.output.find((o: Json) => o.type === 'apply_patch_call');
    const second = await post({ model: 'gpt-5.1', previous_response_id: first.body.id, tools, input: [{ type: 'apply_patch_call_output', call_id: call.call_id, status: 'completed', output: 'Created hello.txt' }] }).expect(200);
    oracle('Response', second.body);
    expect(second.body.output.at(-1).content[0].text).toContain('Created hello.txt');
    const failed = await post({ model: 'gpt-5.1', previous_response_id: first.body.id, tools, input: [{ type: 'apply_patch_call_output', call_id: call.call_id, status: 'failed', output: null }] }).expect(200);
    expect(failed.body.output.at(-1).content[0].text).toContain('failed');
  });
});

describe('a stream cut short keeps what was sent of a shell command or a diff', () => {
  test.each([
    ['shell', 'Run `echo one two three four five six seven eight nine ten` in the shell', 5, (o: Json) => o.action.commands[0]],
    ['apply_patch', "Create a.md containing 'alpha beta gamma delta epsilon zeta eta theta'", 5, (o: Json) => o.operation.diff],
  ])('%s', async (tool, input, after, streamed) => {
    const full = await post({ model: 'gpt-5.1', input, tools: [{ type: tool }], reasoning: { effort: 'none' } }).expect(200);
    const cut = await post({ model: 'gpt-5.1', input, tools: [{ type: tool }], reasoning: { effort: 'none' }, stream: true }).set('x-emulator-fault', `stream_failed;after=${after}`).expect(200);
    const stored = await request(app).get(`/v1/responses/${(parseSse(cut.text).events[0] as Json).response.id}`).expect(200);
    oracle('Response', stored.body);
    const [item] = stored.body.output;
    expect(item.status).toBe(tool === 'shell' ? 'incomplete' : 'in_progress');
    const whole = streamed(full.body.output[0]);
    expect(streamed(item).length).toBeLessThan(whole.length);
    expect(whole.startsWith(streamed(item))).toBe(true);
  });
});

describe("Codex's apply_patch custom tool (Lark grammar with aliases)", () => {
  const tool = { type: 'custom', name: 'apply_patch', description: 'Use the `apply_patch` tool to edit files.', format: { type: 'grammar', syntax: 'lark', definition: CODEX_APPLY_PATCH } };

  test('the grammar is accepted and the input is a patch that creates the file', async () => {
    const res = await post({ model: 'gpt-5.1-codex', input: "Use apply_patch to create hello.txt containing 'Hello from the emulator'", tools: [tool] }).expect(200);
    oracle('Response', res.body);
    const call = res.body.output.find((o: Json) => o.type === 'custom_tool_call');
    expect(call.input).toMatch(/^\*\*\* Begin Patch\n\*\*\* Add File: hello\.txt\n\+Hello from the emulator\n\*\*\* End Patch\n?$/);
    expect(larkAccepts(CODEX_APPLY_PATCH, call.input)).toBe(true);
  });

  test('a hostile grammar is a 400 invalid_grammar naming the definition, at once', async () => {
    for (const definition of ['start: start "a"', 't{x}: x t{(x x)}\nstart: t{"a"}', 'start: "a"~100000']) {
      const res = await post({ model: 'gpt-5.1', input: 'x', tools: [{ ...tool, format: { ...tool.format, definition } }] }).expect(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_grammar', param: 'tools[0].format.definition' });
    }
  });
});

describe('remote compaction: compaction_trigger', () => {
  const history = [
    { role: 'user', content: 'Plan a trip to Lisbon' },
    { type: 'message', role: 'assistant', content: 'Sure: three days, starting with Alfama.' },
    { role: 'user', content: 'Add a day trip to Sintra' },
  ];

  test('exactly one compaction item, folding what is not a user message', async () => {
    const res = await post({ model: 'gpt-5.4', input: [...history, { type: 'compaction_trigger' }], store: false }).expect(200);
    oracle('Response', res.body);
    expect(res.body.output).toHaveLength(1);
    const [item] = res.body.output;
    expect(item).toEqual({ id: expect.stringMatching(/^cmp_/), type: 'compaction', encrypted_content: expect.any(String) });
    expect(decodeCompaction(item.encrypted_content)!.items.map((i) => i.role)).toEqual(['assistant']);
    expect(res.body.usage.output_tokens).toBeGreaterThan(0);
    // Sent back (as Codex does), the compaction counts as its summary, not as what it folded.
    const next = await post({ model: 'gpt-5.4', input: [history[0], history[2], item, { role: 'user', content: 'And restaurants?' }] }).expect(200);
    expect(next.body.output.at(-1).type).toBe('message');
  });

  test('streamed: one compaction output_item.done before response.completed (what Codex counts)', async () => {
    const { types, events } = await stream({ model: 'gpt-5.4', input: [...history, { type: 'compaction_trigger' }] });
    expect(types).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.output_item.done', 'response.completed']);
    expect(events.filter((e) => e.type === 'response.output_item.done' && e.item.type === 'compaction')).toHaveLength(1);
  });
});

describe('message phase', () => {
  const weather = { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

  test('gpt-5.3-codex and later: commentary before tool calls, final_answer for the answer; older models: none', async () => {
    const calls = await post({ model: 'gpt-5.3-codex', input: 'What is the weather in Paris? Use get_weather.', tools: [weather] }).expect(200);
    oracle('Response', calls.body);
    const types = calls.body.output.map((o: Json) => (o.type === 'message' ? `message:${o.phase}` : o.type));
    expect(types).toEqual(['reasoning', 'message:commentary', 'function_call']);
    for (const model of ['gpt-5.5', 'gpt-5.6', 'gpt-5.3-codex']) {
      const answer = await post({ model, input: 'Say hello' }).expect(200);
      expect(answer.body.output.at(-1)).toMatchObject({ type: 'message', phase: 'final_answer' });
    }
    for (const model of ['gpt-4o', 'gpt-5.1', 'gpt-5.2-codex']) {
      const answer = await post({ model, input: 'Say hello' }).expect(200);
      expect(answer.body.output.at(-1)).not.toHaveProperty('phase');
    }
  });

  test('streamed: phase is on the item from output_item.added on', async () => {
    const { events } = await stream({ model: 'gpt-5.5', input: 'Say hello', reasoning: { effort: 'none' } });
    expect(events.find((e) => e.type === 'response.output_item.added')!.item.phase).toBe('final_answer');
  });

  test('phase on input messages is accepted and kept', async () => {
    const res = await post({ model: 'gpt-5.5', input: [{ role: 'user', content: 'hi' }, { type: 'message', role: 'assistant', phase: 'commentary', content: 'Looking.' }, { role: 'user', content: 'go on' }] }).expect(200);
    const items = await request(app).get(`/v1/responses/${res.body.id}/input_items`).expect(200);
    expect(items.body.data.find((i: Json) => i.role === 'assistant').phase).toBe('commentary');
  });
});

describe('models Codex knows', () => {
  test.each(['gpt-5-codex', 'gpt-5.1-codex', 'gpt-5.1-codex-max', 'gpt-5.2-codex', 'gpt-5.3-codex', 'gpt-5.5', 'gpt-5.6'])('%s is listed', async (id) => {
    const res = await request(app).get(`/v1/models/${id}`).expect(200);
    expect(res.body).toEqual({ id, object: 'model', created: expect.any(Number), owned_by: 'system' });
  });
});
