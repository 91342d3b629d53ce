/**
 * The real Codex CLI (pinned in test/codex/package-lock.json, installed by `npm run codex:install`)
 * against the emulator, unchanged and with no proxy between them. Each test gets its own
 * loopback-only network namespace with its own emulator, so nothing Codex tries can leave the
 * machine, and reads what Codex sent from the emulator's journal.
 *
 * Needs Linux, root (for `ip netns`) and the installed Codex; elsewhere the suite is skipped, except
 * under CI (CI=true), where a missing prerequisite fails it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codexUnavailableReason, startCodexLab, type CodexLab, type CodexRun } from './harness';
import { builtinProviderConfig, customProviderConfig } from './config';
import { routesIn } from './netns';
import type { JournalEntry } from '../../src/journal/journal';
import type { Fixture } from '../../src/fixtures/types';

const unavailable = codexUnavailableReason();
const describeCodex = unavailable ? describe.skip : describe;

if (unavailable && process.env.CI) {
  test('the Codex CLI suite can run in CI', () => {
    throw new Error(`The Codex suite cannot run: ${unavailable}. .ci/run installs Codex and iproute2 and runs as root.`);
  });
}

/** Codex runs take seconds; a loaded CI machine gets plenty of room. */
jest.setTimeout(300_000);

type Json = Record<string, unknown>;

/** The Responses exchanges (HTTP POSTs and WebSocket frames), oldest first. */
function responseExchanges(journal: JournalEntry[]): JournalEntry[] {
  return journal.filter((e) => /\/responses$/.test(e.path) && (e.method === 'POST' || e.method === 'WS'));
}

function body(entry: JournalEntry): Json {
  return entry.request.body as Json;
}

function inputOf(entry: JournalEntry): Json[] {
  return (body(entry).input ?? []) as Json[];
}

/** The Response an exchange ended with (the stream's terminal event, or the JSON body). */
function finalResponse(entry: JournalEntry): Json {
  const terminal = entry.events.map((e) => e.event as Json).find((e) => e.type === 'response.completed' || e.type === 'response.failed' || e.type === 'response.incomplete');
  return (terminal?.response ?? entry.response?.body) as Json;
}

/** Everything needed to understand a failure: exit, output, and every exchange's status and error. */
function explain(run: CodexRun, journal: JournalEntry[]): string {
  const exchanges = responseExchanges(journal).map((e) => {
    const error = e.events.map((x) => x.event as Json).find((x) => x.type === 'error') ?? (e.status !== 200 ? e.response?.body : undefined);
    return `${e.method} ${e.path} ${e.status}${error ? ` ${JSON.stringify(error)}` : ''}`;
  });
  return `codex exited ${run.code ?? run.signal}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr.slice(-4000)}\n--- exchanges\n${exchanges.join('\n')}`;
}

/** Asserts the run succeeded, with the whole story in the message when it did not. */
function expectSuccess(run: CodexRun, journal: JournalEntry[]): void {
  if (run.code !== 0) throw new Error(explain(run, journal));
}

/**
 * Commands and patches run without Codex's own sandbox: the network namespace and a throwaway work
 * directory are the external sandbox this flag is meant for, and Codex's bubblewrap needs user
 * namespaces, which CI containers often lack (a failure that would say nothing about the emulator).
 */
const NO_SANDBOX = '--dangerously-bypass-approvals-and-sandbox';

let lab: CodexLab | undefined;

async function withLab(label: string, fixtures?: Fixture[]): Promise<CodexLab> {
  lab = await startCodexLab(label, { seed: `codex-${label}`, fixtures });
  return lab;
}

afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

/** The call id of the first call of this type the exchange's response made (fresh for each answer). */
const callIdOf = (exchange: JournalEntry, type: string): unknown => (finalResponse(exchange).output as Json[]).find((item) => item.type === type)?.call_id;

const PATCH = '*** Begin Patch\n*** Add File: greeting.txt\n+Hello from the emulator\n*** End Patch\n';

/** The first turn calls Codex's apply_patch (a custom tool with a Lark grammar); the next is synthesised from its output. */
const APPLY_PATCH_FIXTURES: Fixture[] = [
  {
    name: 'apply-patch-call',
    match: { input: { contains: 'greeting.txt' }, endsWithToolOutput: false, nth: 1 },
    reply: { toolCalls: [{ type: 'custom', name: 'apply_patch', input: PATCH }] },
  },
];

describeCodex('Codex CLI end to end', () => {
  test('a plain prompt over HTTP: exit 0, the final answer printed', async () => {
    const { runCodex, journal, netns } = await withLab('plain');
    // Nothing can leave the machine: the namespace's every route is on loopback.
    for (const route of routesIn(netns).trim().split('\n')) expect(route).toMatch(/\bdev lo\b/);
    const run = await runCodex({ prompt: 'Tell me about the history of tea.', config: (url) => customProviderConfig(url, { model: 'gpt-5.5' }) });
    const entries = await journal();
    expectSuccess(run, entries);
    const exchanges = responseExchanges(entries);
    expect(exchanges).toHaveLength(1);
    const [only] = exchanges;
    expect(only!.method).toBe('POST');
    expect(only!.status).toBe(200);
    // What Codex sends on every request, accepted as the real API accepts it.
    expect(body(only!)).toMatchObject({ model: 'gpt-5.5', stream: true, store: false });
    expect(body(only!).client_metadata).toEqual(expect.any(Object));
    // The final answer is the message the emulator generated, printed on stdout.
    const message = (finalResponse(only!).output as Json[]).find((item) => item.type === 'message')!;
    const text = ((message.content as Json[])[0] as { text: string }).text;
    expect(run.stdout.trim()).toBe(text.trim());
  });

  test('a shell command round trip: exec_command → Codex runs it → function_call_output → final answer', async () => {
    const fixtures: Fixture[] = [
      {
        name: 'shell-call',
        match: { input: { contains: 'codex-e2e-shell' }, endsWithToolOutput: false, nth: 1 },
        reply: { toolCalls: [{ name: 'exec_command', arguments: { cmd: 'echo codex-e2e-$((6*7))' } }] },
      },
    ];
    const { runCodex, journal } = await withLab('shell', fixtures);
    // gpt-4o: a model this Codex has no metadata for (it falls back to its generic tool set).
    const run = await runCodex({
      prompt: 'Print the answer with the shell (codex-e2e-shell).',
      config: (url) => customProviderConfig(url, { model: 'gpt-4o' }),
      args: [NO_SANDBOX],
    });
    const entries = await journal();
    expectSuccess(run, entries);
    const exchanges = responseExchanges(entries);
    expect(exchanges.map((e) => e.status)).toEqual([200, 200]);
    expect(exchanges[0]!.fixture?.name).toBe('shell-call');
    // Codex ran the command in a shell (the arithmetic was expanded) and sent its output back.
    const output = inputOf(exchanges[1]!).find((item) => item.type === 'function_call_output')!;
    expect(output.call_id).toBe(callIdOf(exchanges[0]!, 'function_call'));
    expect(JSON.stringify(output.output)).toContain('codex-e2e-42');
    expect(exchanges[1]!.answeredBy).toBe('synthesis');
    // The answer synthesised from that output reports it, and is what Codex printed.
    expect(run.stdout).toContain('codex-e2e-42');
    const message = (finalResponse(exchanges[1]!).output as Json[]).find((item) => item.type === 'message')!;
    expect(run.stdout.trim()).toBe(((message.content as Json[])[0] as { text: string }).text.trim());
  });

  test('an apply_patch round trip over HTTP creates the file', async () => {
    const { runCodex, journal } = await withLab('patch', APPLY_PATCH_FIXTURES);
    const run = await runCodex({
      prompt: 'Create greeting.txt saying hello.',
      config: (url) => customProviderConfig(url, { model: 'gpt-5.5' }),
      args: [NO_SANDBOX],
    });
    const entries = await journal();
    expectSuccess(run, entries);
    expect(readFileSync(join(run.workDir, 'greeting.txt'), 'utf8')).toBe('Hello from the emulator\n');
    const exchanges = responseExchanges(entries);
    expect(exchanges.map((e) => e.method)).toEqual(['POST', 'POST']);
    const tool = ((body(exchanges[0]!).tools ?? []) as Json[]).find((t) => t.name === 'apply_patch')!;
    expect(tool).toMatchObject({ type: 'custom', format: { type: 'grammar', syntax: 'lark' } });
    const output = inputOf(exchanges[1]!).find((item) => item.type === 'custom_tool_call_output')!;
    expect(output.call_id).toBe(callIdOf(exchanges[0]!, 'custom_tool_call'));
    expect(JSON.stringify(output.output)).toContain('greeting.txt');
  });

  test('the same apply_patch round trip over WebSocket (supports_websockets = true)', async () => {
    const { runCodex, journal } = await withLab('patchws', APPLY_PATCH_FIXTURES);
    const run = await runCodex({
      prompt: 'Create greeting.txt saying hello.',
      config: (url) => customProviderConfig(url, { model: 'gpt-5.5', websockets: true }),
      args: [NO_SANDBOX],
    });
    const entries = await journal();
    expectSuccess(run, entries);
    expect(readFileSync(join(run.workDir, 'greeting.txt'), 'utf8')).toBe('Hello from the emulator\n');
    const exchanges = responseExchanges(entries);
    expect(exchanges.every((e) => e.method === 'WS' && e.status === 200)).toBe(true);
    // The warm-up frame (`generate: false`) creates a response with no output…
    const [warmUp, ...turns] = exchanges;
    expect(body(warmUp!).generate).toBe(false);
    expect(finalResponse(warmUp!)).toMatchObject({ status: 'completed', output: [] });
    // …then the turn, chained from the warm-up, calls apply_patch; its output comes back chained from that.
    expect(turns.map((e) => e.fixture?.name ?? e.answeredBy)).toEqual(['apply-patch-call', 'synthesis']);
    expect(body(turns[0]!).previous_response_id).toBe(finalResponse(warmUp!).id);
    expect(body(turns[1]!).previous_response_id).toBe(finalResponse(turns[0]!).id);
    const output = inputOf(turns[1]!).find((item) => item.type === 'custom_tool_call_output')!;
    expect(output.call_id).toBe(callIdOf(turns[0]!, 'custom_tool_call'));
  });

  test('--json with model_reasoning_summary = "detailed": the reasoning summary reaches the JSON event stream', async () => {
    const { runCodex, journal } = await withLab('reasoning');
    const run = await runCodex({
      prompt: 'Explain how a hash map handles collisions.',
      config: (url) => customProviderConfig(url, { model: 'gpt-5.5', settings: 'model_reasoning_summary = "detailed"' }),
      args: ['--json'],
    });
    const entries = await journal();
    expectSuccess(run, entries);
    const [only] = responseExchanges(entries);
    expect(body(only!).reasoning).toMatchObject({ summary: 'detailed' });
    const reasoning = (finalResponse(only!).output as Json[]).find((item) => item.type === 'reasoning')!;
    const parts = (reasoning.summary as { text: string }[]).map((p) => p.text);
    expect(parts.length).toBeGreaterThanOrEqual(2); // "detailed" gives 2–4 parts
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Json);
    const items = events.filter((e) => e.type === 'item.completed').map((e) => e.item as Json);
    const shown = items.filter((item) => item.type === 'reasoning').map((item) => String(item.text)).join('\n');
    for (const part of parts) expect(shown).toContain(part);
    expect(items.some((item) => item.type === 'agent_message')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'turn.completed', usage: expect.objectContaining({ reasoning_output_tokens: expect.any(Number) }) });
  });

  test('remote compaction: compaction_trigger is answered with one compaction item and the turn goes on', async () => {
    const fixtures: Fixture[] = [
      {
        name: 'shell-call',
        match: { input: { contains: 'codex-e2e-compact' }, endsWithToolOutput: false, nth: 1 },
        reply: { toolCalls: [{ name: 'exec_command', arguments: { cmd: 'echo compact-me' } }] },
      },
    ];
    const { runCodex, journal } = await withLab('compact', fixtures);
    // A token limit below the first turn's usage makes Codex compact before it sends the tool output.
    const run = await runCodex({
      prompt: 'Echo something (codex-e2e-compact).',
      config: (url) => builtinProviderConfig(url, { settings: 'model_auto_compact_token_limit = 2000' }),
      args: ['-m', 'gpt-5.5', NO_SANDBOX],
    });
    const entries = await journal();
    expectSuccess(run, entries);
    const exchanges = responseExchanges(entries);
    const compactions = exchanges.filter((e) => inputOf(e).at(-1)?.type === 'compaction_trigger');
    expect(compactions.length).toBeGreaterThanOrEqual(1);
    for (const c of compactions) {
      const output = finalResponse(c).output as Json[];
      expect(output.filter((item) => item.type === 'compaction')).toHaveLength(1);
    }
    // After compacting, Codex starts a new window from the compaction item it got (sent back as
    // input, not chained) and finishes the turn.
    const compaction = (finalResponse(compactions[0]!).output as Json[]).find((item) => item.type === 'compaction')!;
    const next = exchanges[exchanges.indexOf(compactions[0]!) + 1]!;
    expect(next.status).toBe(200);
    expect(body(next).previous_response_id ?? null).toBeNull();
    expect(inputOf(next).find((item) => item.type === 'compaction')).toMatchObject({ encrypted_content: compaction.encrypted_content });
    expect(run.stderr).not.toMatch(/compaction output item/);
  });

  test('zero configuration with a custom provider and gpt-4o (no fixture): the synthesised exec_command runs and its output comes back', async () => {
    const { runCodex, journal } = await withLab('zeroconfig-custom');
    const run = await runCodex({
      prompt: 'Use exec_command to run `echo zero-config-ok`',
      config: (url) => customProviderConfig(url, { model: 'gpt-4o' }),
      args: [NO_SANDBOX],
    });
    const entries = await journal();
    expectSuccess(run, entries);
    const exchanges = responseExchanges(entries);
    expect(exchanges.every((e) => e.answeredBy === 'synthesis' && e.status === 200)).toBe(true);
    // The synthesised arguments parse in Codex (integers where it wants usize, the backticked command as cmd)…
    const call = (finalResponse(exchanges[0]!).output as Json[]).find((item) => item.type === 'function_call')!;
    expect(call.name).toBe('exec_command');
    expect(JSON.parse(String(call.arguments))).toMatchObject({ cmd: 'echo zero-config-ok' });
    // …so Codex ran it and sent its output back with the second request.
    const output = inputOf(exchanges[1]!).find((item) => item.type === 'function_call_output')!;
    expect(output.call_id).toBe(call.call_id);
    expect(JSON.stringify(output.output)).toContain('zero-config-ok');
    expect(run.stderr).not.toMatch(/failed to parse function arguments/);
  });

  test('local compaction (custom provider, low model_auto_compact_token_limit): the summary request gets text and the run ends in a few requests', async () => {
    const { runCodex, journal } = await withLab('compact-local');
    const run = await runCodex({
      prompt: 'Use exec_command to run `echo compact-local-ok`',
      config: (url) => customProviderConfig(url, { model: 'gpt-4o', settings: 'model_auto_compact_token_limit = 2000' }),
      args: [NO_SANDBOX],
    });
    const entries = await journal();
    expectSuccess(run, entries);
    const exchanges = responseExchanges(entries);
    expect(exchanges.length).toBeLessThanOrEqual(10);
    // Codex compacted locally: it asked for a summary, and the answer was a message, not tool calls.
    const summaries = exchanges.filter((e) => JSON.stringify(inputOf(e).at(-1) ?? {}).includes('CONTEXT CHECKPOINT COMPACTION'));
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    for (const s of summaries) {
      const types = (finalResponse(s).output as Json[]).map((item) => item.type);
      expect(types).toContain('message');
      expect(types.filter((t) => /_call$/.test(String(t)))).toEqual([]);
    }
  });

  test('zero configuration: the built-in provider with only openai_base_url, -m gpt-5.5 and its full tool set, finishes', async () => {
    const { runCodex, journal } = await withLab('zeroconfig');
    const run = await runCodex({
      prompt: 'Summarize what this folder contains.',
      config: (url) => builtinProviderConfig(url),
      args: ['-m', 'gpt-5.5'],
      files: { 'notes.md': '# Notes\n\nA folder with one file.\n' },
    });
    const entries = await journal();
    expectSuccess(run, entries);
    const exchanges = responseExchanges(entries);
    expect(exchanges.length).toBeGreaterThanOrEqual(1);
    expect(exchanges.every((e) => e.status === 200)).toBe(true);
    // Its full tool set, every tool type included, was accepted.
    const types = new Set(((body(exchanges.at(-1)!).tools ?? []) as Json[]).map((t) => t.type));
    expect([...types]).toEqual(expect.arrayContaining(['function', 'custom', 'web_search']));
    expect(run.stdout.trim()).not.toBe('');
  });
});
