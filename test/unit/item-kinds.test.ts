/**
 * The item-kind and tool-kind descriptors (src/model/item-kinds/, src/engine/tools/kinds/): each
 * kind's stream and its accumulation agree, every tool's calls are items of a known kind with that
 * kind's id prefix, and tool_choice is read the same way for choosing and for permitting.
 */
import type { GenericItem } from '../../src/canonical/items';
import type { Tool } from '../../src/canonical/request';
import { parseCreateResponse } from '../../src/dialects/openai/parse-request';
import { planResponse } from '../../src/engine/planner';
import { chooseTools, permittedTools } from '../../src/engine/tools/choice';
import { TOOL_KINDS, choiceKindName, toolKind } from '../../src/engine/tools/kinds';
import { IdFactory } from '../../src/ids';
import { ITEM_KINDS, itemKind } from '../../src/model/item-kinds';
import { Rng } from '../../src/random';
import { plannedEvents } from '../../src/render/events';
import { accumulateOutput } from '../../src/render/partial-outcome';
import { projectSchemas } from '../helpers/project-schemas';
import { EVERY_ITEM_KIND, recordWithItems } from '../helpers/records';

const OPTIONS = { obfuscation: true, chunkTokens: 2 };

/** Items of the kinds EVERY_ITEM_KIND leaves out, as the emulator makes them. */
const CLIENT_BUILTIN_ITEMS: GenericItem[] = [
  { id: 'sh_1', type: 'shell_call', status: 'completed', action: { commands: ['ls -la', 'cat notes.md'], max_output_length: null, timeout_ms: null }, call_id: 'call_5', environment: null },
  { id: 'lsh_1', type: 'local_shell_call', status: 'completed', action: { type: 'exec', command: ['ls'], env: {} }, call_id: 'call_6' },
  { id: 'apc_1', type: 'apply_patch_call', status: 'completed', call_id: 'call_7', operation: { type: 'create_file', diff: '+hello\n+world\n', path: 'a.md' } },
  { id: 'apc_2', type: 'apply_patch_call', status: 'completed', call_id: 'call_8', operation: { type: 'delete_file', path: 'b.md' } },
];

function request(body: Record<string, unknown>) {
  return parseCreateResponse(projectSchemas(), { model: 'gpt-4o', ...body });
}

describe('item kinds', () => {
  /** The fields each kind's events fill in (the rest arrives whole, in `output_item.added` or `.done`). */
  const STREAMED: Record<string, (item: GenericItem) => unknown> = {
    message: (i) => i.content,
    reasoning: (i) => [i.summary, i.content],
    function_call: (i) => i.arguments,
    custom_tool_call: (i) => i.input,
    code_interpreter_call: (i) => i.code,
    mcp_call: (i) => i.arguments,
    shell_call: (i) => (i.action as { commands: string[] }).commands,
    apply_patch_call: (i) => i.operation,
  };

  test('what each kind streams, accumulated as a client does, rebuilds the fields it streams', () => {
    const items = [...EVERY_ITEM_KIND, ...CLIENT_BUILTIN_ITEMS];
    expect(ITEM_KINDS.filter((k) => k.stream && !items.some((i) => i.type === k.type)).map((k) => k.type)).toEqual([]);
    for (const item of items) {
      const events = plannedEvents(recordWithItems([item]), OPTIONS).events;
      // Without the .done event, only the kind's own events can have filled the streamed fields in.
      const [rebuilt] = accumulateOutput(events.filter((e) => e.type !== 'response.output_item.done'));
      const streamed = STREAMED[item.type];
      if (streamed) expect([item.type, streamed(rebuilt)]).toEqual([item.type, streamed(item)]);
      else expect([item.type, events.length]).toEqual([item.type, itemKind(item.type)?.stream ? expect.any(Number) : 5]);
      // An item cut short is unfinished: incomplete, or in_progress where its status has no `incomplete`.
      if ('status' in item) expect([item.type, rebuilt.status]).toEqual([item.type, item.type === 'apply_patch_call' ? 'in_progress' : 'incomplete']);
    }
  });

  test('a kind with no stream sends nothing between output_item.added and .done', () => {
    for (const item of [...EVERY_ITEM_KIND, ...CLIENT_BUILTIN_ITEMS]) {
      if (itemKind(item.type)?.stream) continue;
      const types = plannedEvents(recordWithItems([item]), OPTIONS).events.map((e) => e.type);
      expect([item.type, types.slice(2, -1)]).toEqual([item.type, ['response.output_item.added', 'response.output_item.done']]);
    }
  });

  test('ids: every kind with a prefix names its items with it; unknown names are an error, not a silent item_', () => {
    const ids = new IdFactory(new Rng(1));
    for (const kind of ITEM_KINDS) {
      if (kind.idPrefix) expect(ids.next(kind.type)).toMatch(new RegExp(`^${kind.idPrefix}[0-9a-f]{50}$`));
    }
    expect(ids.next('item')).toMatch(/^item_[0-9a-f]{50}$/);
    expect(() => ids.next('webSearch')).toThrow(/no id prefix/);
    expect(() => ids.next('toString')).toThrow(/no id prefix/);
    // Items given without an id: their kind's prefix, except approval requests (generic, as always).
    expect(ids.forGivenItem('function_call')).toMatch(/^fc_[0-9a-f]{50}$/);
    expect(ids.forGivenItem('function_call_output')).toMatch(/^item_[0-9a-f]{50}$/);
    expect(ids.forGivenItem('mcp_approval_request')).toMatch(/^item_[0-9a-f]{50}$/);
  });
});

describe('tool kinds', () => {
  const TOOL_OF: Record<string, Record<string, unknown>> = {
    function: { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    custom: { type: 'custom', name: 'code_exec' },
    web_search: { type: 'web_search' },
    file_search: { type: 'file_search', vector_store_ids: ['vs_1'] },
    code_interpreter: { type: 'code_interpreter', container: { type: 'auto' } },
    image_generation: { type: 'image_generation' },
    mcp: { type: 'mcp', server_label: 'docs', server_url: 'https://mcp.example.com', require_approval: 'never' },
    computer_use_preview: { type: 'computer_use_preview', display_width: 1024, display_height: 768, environment: 'browser' },
    computer: { type: 'computer' },
    shell: { type: 'shell' },
    local_shell: { type: 'local_shell' },
    apply_patch: { type: 'apply_patch' },
  };

  test('every kind, required, makes items of known kinds named with their prefixes; client-side kinds end the turn with the call', () => {
    expect(TOOL_KINDS.map((k) => k.name).sort()).toEqual(Object.keys(TOOL_OF).sort());
    for (const kind of TOOL_KINDS) {
      const tool = TOOL_OF[kind.name];
      const req = request({ input: 'Please do it for the city of Oslo', tools: [tool], tool_choice: 'required' });
      const plan = planResponse({ request: req, history: [], input: req.input, rng: new Rng(3), ids: new IdFactory(new Rng(4)) });
      const calls = plan.items.filter((i) => i.type !== 'message');
      expect([kind.name, calls.length > 0]).toEqual([kind.name, true]);
      for (const item of calls) {
        const prefix = itemKind(item.type)?.idPrefix;
        expect([kind.name, item.type, prefix !== undefined && String(item.id).startsWith(prefix)]).toEqual([kind.name, item.type, true]);
      }
      // The client runs these: no answer follows the call.
      if (kind.clientSide(tool as Tool)) expect([kind.name, plan.items.some((i) => i.type === 'message')]).toEqual([kind.name, false]);
    }
  });

  test('every type of a kind and every tool_choice name of it designate the same kind', () => {
    for (const kind of TOOL_KINDS) {
      for (const type of kind.types) {
        expect(toolKind({ type })).toBe(kind.name);
        expect(choiceKindName(type)).toBe(kind.name);
      }
      for (const name of kind.choiceNames ?? []) expect(choiceKindName(name)).toBe(kind.name);
    }
    // A type no kind claims is its own name (so a forced tool of that type still finds it).
    expect(toolKind({ type: 'tool_search' })).toBe('tool_search');
  });

  test('chooseTools only ever picks tools permittedTools allows, for every tool_choice', () => {
    const tools = Object.values(TOOL_OF);
    const choices: unknown[] = [
      'auto',
      'required',
      'none',
      { type: 'function', name: 'get_weather' },
      { type: 'web_search_preview' },
      { type: 'computer_use' },
      { type: 'mcp', server_label: 'docs' },
      { type: 'allowed_tools', mode: 'required', tools: [{ type: 'file_search' }, { type: 'image_generation' }] },
      { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'apply_patch' }, { type: 'custom', name: 'code_exec' }] },
    ];
    const prompts = ['Search the web for news', 'Draw a picture', 'Create a file notes.md', 'hello', 'run code_exec'];
    for (const tool_choice of choices) {
      const req = request({ input: 'x', tools, tool_choice });
      const permitted = permittedTools(req);
      for (const prompt of prompts) {
        const chosen = chooseTools({ request: req, prompt, hasPendingResults: false });
        for (const tool of chosen) expect([tool_choice, prompt, permitted.includes(tool)]).toEqual([tool_choice, prompt, true]);
      }
      if (tool_choice === 'none') expect(permitted).toEqual([]);
      if (typeof tool_choice === 'object' && (tool_choice as { type: string }).type !== 'allowed_tools') {
        expect(permitted).toHaveLength(1);
        expect(chooseTools({ request: req, prompt: 'hello', hasPendingResults: false })).toEqual(permitted);
      }
    }
  });
});
