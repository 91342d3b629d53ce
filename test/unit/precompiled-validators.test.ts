/**
 * The build's precompiled validators are the run-time ones, ahead of time: same verdicts, same
 * first error (path, keyword, params, schema), on valid bodies and on a seeded stream of broken ones.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRECOMPILED_MODULE, PRECOMPILED_ON_DEMAND_REFS, PRECOMPILED_REFS, SchemaRegistry } from '../../src/validation/schema-registry';

const registry = SchemaRegistry.load();

const VALID: Record<string, unknown> = {
  'openai/create-response.json': { model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }], tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }], temperature: 0.5 },
  'open-responses/create-response.json': { model: 'm', input: 'hi', tools: [{ type: 'function', name: 'f' }], reasoning: { effort: 'xhigh' } },
  'aitronos/create-response.json': { inputs: [{ role: 'user', content: 'hi' }], thread: { id: 't1' }, max_output_synapses: 10 },
  'fixture.json': { match: { input: 'x' }, reply: { text: 'y' } },
  'openai/stream-events.json': { type: 'response.output_text.delta', sequence_number: 3, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hi', logprobs: [] },
};

const ALL_REFS = [...PRECOMPILED_REFS, ...PRECOMPILED_ON_DEMAND_REFS];

/** Breaks a valid body in the ways clients do: wrong types, unknown keys, bad enums, removed fields. */
const broken = (base: unknown) =>
  fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 12 }), fc.nat(5)).map(([value, key, how]) => {
    const body = structuredClone(base) as Record<string, unknown>;
    const keys = Object.keys(body);
    const target = keys[how % Math.max(keys.length, 1)];
    if (how === 0 || !target) body[key || 'extra'] = value;
    else if (how === 1) delete body[target];
    else body[target] = value;
    return body;
  });

describe('precompiled validators', () => {
  test('the build generated them from these schema files', () => {
    for (const ref of ALL_REFS) expect(registry.isPrecompiled(ref)).toBe(true);
  });

  test('the on-demand module is loaded only when one of its validators is asked for', () => {
    // A module that throws when loaded: a registry that never asks for a stream validator never notices it.
    const poisoned = join(mkdtempSync(join(tmpdir(), 'precompiled-')), 'stream-validators.js');
    writeFileSync(poisoned, 'throw new Error("loaded the on-demand module");\n');
    const lazy = SchemaRegistry.load(undefined, PRECOMPILED_MODULE, poisoned);
    expect(lazy.isPrecompiled('openai/create-response.json')).toBe(true);
    expect(lazy.validator('openai/create-response.json')(VALID['openai/create-response.json'])).toBe(true);
    expect(() => lazy.validator(PRECOMPILED_ON_DEMAND_REFS[0])).toThrow('loaded the on-demand module');
  });

  test.each(ALL_REFS.map((ref) => [ref]))('%s: the same verdict and first error as run-time compilation', (ref) => {
    const ahead = registry.validator(ref);
    const now = registry.compileAtRunTime(ref);
    expect(ahead).not.toBe(now);
    const base = VALID[ref] ?? {};
    fc.assert(
      fc.property(fc.oneof(broken(base), fc.jsonValue({ maxDepth: 4 })), (body) => {
        const verdict = ahead(body);
        expect(now(body)).toBe(verdict);
        expect(ahead.errors ?? null).toEqual(now.errors ?? null);
      }),
      { numRuns: 300, seed: 42 },
    );
    if (VALID[ref]) expect(ahead(VALID[ref])).toBe(true);
  });
});
