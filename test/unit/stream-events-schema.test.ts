/**
 * schemas/openai/stream-events.json: the OpenAI stream events the emulator sends, one $def per
 * type. It describes exactly what the renderer emits (every type it emits, no type it never does),
 * it accepts each event's envelope as real traffic has it (test/traffic/corpus), it rejects what
 * is not an event, and it is shipped (the package's `./schemas/*` export) and precompiled apart.
 */
// Tools are echoed as the server echoes them (the engine's kinds hand their echoes to render when they load).
import '../../src/engine/tools/kinds';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { GenericItem } from '../../src/canonical/items';
import { eventsFor, plannedEvents, type StreamEvent } from '../../src/render/events';
import { interruptRecord } from '../../src/render/partial-outcome';
import { PRECOMPILED_ON_DEMAND_REFS, PRECOMPILED_REFS } from '../../src/validation/schema-registry';
import { loadCorpus } from '../traffic/corpus';
import { hasOracle, oracleErrors } from '../helpers/oracle';
import { projectSchemas } from '../helpers/project-schemas';
import { EVERY_ITEM_KIND, recordWithItems } from '../helpers/records';
import { streamEventErrors } from '../helpers/stream-checker';

const REF = 'openai/stream-events.json';
const OPTIONS = { obfuscation: true, chunkTokens: 3 };
const schema = projectSchemas().schema(REF) as { oneOf: { $ref: string }[]; $defs: Record<string, { properties?: { type?: { const?: string } } }> };

/** The event types the schema describes: its `oneOf` branches, each a $def named by its type. */
const DESCRIBED = schema.oneOf.map((branch) => branch.$ref.replace('#/$defs/', ''));

/** Sent by the real API, missing from the official event list (the schema's $defs say where they were recorded). */
const NOT_IN_THE_SPEC = ['response.apply_patch_call_operation_diff.delta', 'response.apply_patch_call_operation_diff.done'];

/** Items EVERY_ITEM_KIND leaves out because they stream events of their own. */
const MORE_ITEMS: GenericItem[] = [
  { id: 'sh_1', type: 'shell_call', call_id: 'call_5', status: 'completed', environment: null, action: { commands: ['ls -la', 'cat README.md'], timeout_ms: null, max_output_length: null } },
  { id: 'apc_1', type: 'apply_patch_call', call_id: 'call_6', status: 'completed', operation: { type: 'update_file', path: 'a.txt', diff: '@@\n-old\n+new\n' } },
  { id: 'mcpl_2', type: 'mcp_list_tools', server_label: 'broken', tools: [], error: 'Connection refused' },
  { id: 'mcp_2', type: 'mcp_call', server_label: 'deepwiki', name: 'ask_question', arguments: '{}', output: null, error: { type: 'http_error', code: 500, message: 'Tool failed' }, status: 'failed' },
];

/** Every stream the renderer can make: each item kind, background, incomplete, and the three interruptions. */
function everyStream(): StreamEvent[][] {
  const tools = { tools: [{ type: 'image_generation', partial_images: 2, size: '1024x1024' }] };
  const all = [...EVERY_ITEM_KIND, ...MORE_ITEMS];
  const streams = [
    plannedEvents(recordWithItems(all, tools), OPTIONS).events,
    plannedEvents(recordWithItems(all, { ...tools, background: true }), OPTIONS).events,
    plannedEvents(recordWithItems([EVERY_ITEM_KIND[4]], {}, { status: 'incomplete', incomplete_reason: 'max_output_tokens' }), OPTIONS).events,
    plannedEvents(recordWithItems(all, tools), { ...OPTIONS, obfuscation: false }).events,
  ];
  for (const kind of ['error', 'failed', 'cut'] as const) {
    const record = recordWithItems([EVERY_ITEM_KIND[4]]);
    interruptRecord(record, { kind, after: 6 }, OPTIONS);
    streams.push(eventsFor(record, OPTIONS).events);
  }
  return streams;
}

describe('the schema describes exactly what the emulator streams', () => {
  const streams = everyStream();
  const events = streams.flat();

  test('each $def of an event is a oneOf branch named by the type it holds', () => {
    for (const name of DESCRIBED) expect(schema.$defs[name]?.properties?.type?.const).toBe(name);
    const eventDefs = Object.entries(schema.$defs).filter(([, def]) => def.properties?.type?.const !== undefined).map(([name]) => name);
    expect(eventDefs.sort()).toEqual([...DESCRIBED].sort());
  });

  test('every event of every stream validates (and against the official schema too)', () => {
    for (const event of events) {
      expect([event.type, streamEventErrors(event)]).toEqual([event.type, null]);
      if (hasOracle && !NOT_IN_THE_SPEC.includes(event.type)) expect([event.type, oracleErrors('ResponseStreamEvent', event)]).toEqual([event.type, []]);
    }
  });

  test('every type it describes is emitted, and no other', () => {
    expect([...new Set(events.map((e) => e.type))].sort()).toEqual([...DESCRIBED].sort());
  });
});

describe('the schema rejects what is not an event the emulator sends', () => {
  const delta = { type: 'response.output_text.delta', sequence_number: 3, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hi', logprobs: [], obfuscation: 'abcdefghijklmn' };

  test('a well-formed event passes', () => {
    expect(streamEventErrors(delta)).toBeNull();
  });

  test.each([
    ['an unknown type', { ...delta, type: 'response.output_text.deltas' }, /Unhandled response stream event: response.output_text.deltas/],
    ['no type', { sequence_number: 0 }, /type/],
    ['a missing field', { ...delta, item_id: undefined }, /item_id/],
    ['an unknown field', { ...delta, extra: 1 }, /additional properties/],
    ['a negative index', { ...delta, output_index: -1 }, /output_index/],
    ['logprobs with bytes (the JSON body form, not the stream one)', { ...delta, logprobs: [{ token: 'Hi', logprob: -0.1, bytes: [72, 105], top_logprobs: [] }] }, /additional properties/],
    ['padding that is not base62', { ...delta, obfuscation: 'a b' }, /obfuscation/],
    ['a function_call_arguments.done naming the function (real traffic does not)', { type: 'response.function_call_arguments.done', sequence_number: 1, item_id: 'fc_1', output_index: 0, arguments: '{}', name: 'f' }, /additional properties/],
    ['a flat error event (the spec\'s; real traffic nests it)', { type: 'error', sequence_number: 1, code: 'server_error', message: 'x', param: null }, /error/],
    ['a lifecycle event whose response has the wrong status', { type: 'response.completed', sequence_number: 1, response: { status: 'in_progress' } }, /status|required/],
    ['a web_search_call announced with more than {id, type, status}', { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { id: 'ws_1', type: 'web_search_call', status: 'in_progress', action: { type: 'search', query: 'q' } } }, /item/],
  ])('%s', (_label, event, why) => {
    expect(streamEventErrors(JSON.parse(JSON.stringify(event)))).toMatch(why);
  });
});

describe('the schema against real traffic (test/traffic/corpus)', () => {
  const corpus = loadCorpus().flatMap((exchange) => (exchange.response.events ?? []).map((event) => ({ name: exchange.name, event: event as unknown as Record<string, unknown> })));

  test('the corpus has streams to check', () => {
    expect(corpus.length).toBeGreaterThan(500);
  });

  test('every recorded event type is one the schema describes', () => {
    const undescribed = new Set(corpus.map(({ event }) => String(event.type)).filter((type) => !DESCRIBED.includes(type)));
    expect([...undescribed]).toEqual([]);
  });

  /**
   * Each recorded event's own fields validate as the schema has them. The Response and the item an
   * event carries are the Response's and the items' schemas' business (stricter than the traffic on
   * purpose: test/traffic compares them with the emulator's by structure), so errors inside them are
   * left to those.
   */
  test('every recorded event validates, but for the Response or item it carries', () => {
    const validate = projectSchemas().allErrorsValidator(REF);
    const NESTED = /^\/(response|item)(\/|$)/;
    const problems: string[] = [];
    for (const { name, event } of corpus) {
      if (validate(event as unknown)) continue;
      const own = ((validate.errors ?? []) as ErrorObject[]).filter((e) => !NESTED.test(e.instancePath) && !['anyOf', 'oneOf', 'if', 'allOf', 'not'].includes(e.keyword) && !['discriminator'].includes(e.keyword));
      for (const e of own) problems.push(`${name} #${String(event.sequence_number)} ${String(event.type)}: ${e.instancePath || '/'} ${e.message ?? ''}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('shipped and precompiled', () => {
  test('the package exports it under ./schemas/*', () => {
    const root = resolve(__dirname, '../..');
    const resolved = execFileSync(process.execPath, ['-p', `require.resolve('responses-emulator/schemas/${REF}')`], { cwd: root, encoding: 'utf8' }).trim();
    expect(resolved).toBe(resolve(root, 'schemas', REF));
  });

  test('precompiled into a module of its own, loaded only when asked for', () => {
    expect(PRECOMPILED_ON_DEMAND_REFS).toContain(REF);
    expect(PRECOMPILED_REFS as readonly string[]).not.toContain(REF);
    expect(projectSchemas().isPrecompiled(REF)).toBe(true);
  });
});
