/**
 * The build's precompiled validators are the run-time ones, ahead of time: same verdicts, same
 * first error (path, keyword, params, schema), on valid bodies and on a seeded stream of broken ones.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRECOMPILED_DIR, PRECOMPILED_MANIFEST, PRECOMPILED_ON_DEMAND_REFS, PRECOMPILED_REFS, SchemaRegistry, type PrecompiledManifest } from '../../src/validation/schema-registry';

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

  test("each validator's module is loaded only when that validator is asked for", () => {
    // The build's manifest with every module but create-response's replaced by one that throws when
    // loaded: a registry asked only for create-response never notices them.
    const manifest = JSON.parse(readFileSync(join(PRECOMPILED_DIR, PRECOMPILED_MANIFEST), 'utf8')) as PrecompiledManifest;
    const dir = mkdtempSync(join(tmpdir(), 'precompiled-'));
    const poisoned = join(dir, 'poisoned.js');
    writeFileSync(poisoned, 'throw new Error("loaded a module not asked for");\n');
    const modules = Object.fromEntries(Object.keys(manifest.modules).map((ref) => [ref, ref === 'openai/create-response.json' ? join(PRECOMPILED_DIR, manifest.modules[ref]) : poisoned]));
    writeFileSync(join(dir, PRECOMPILED_MANIFEST), JSON.stringify({ ...manifest, modules }));
    const lazy = SchemaRegistry.load(undefined, dir);
    for (const ref of ALL_REFS) expect(lazy.isPrecompiled(ref)).toBe(true);
    expect(lazy.validator('openai/create-response.json')(VALID['openai/create-response.json'])).toBe(true);
    expect(() => lazy.validator('openai/token-counts-body.json')).toThrow('loaded a module not asked for');
    expect(() => lazy.validator(PRECOMPILED_ON_DEMAND_REFS[0])).toThrow('loaded a module not asked for');
  });

  test('a manifest built from other schema files is not used: validators are compiled at run time', () => {
    const manifest = JSON.parse(readFileSync(join(PRECOMPILED_DIR, PRECOMPILED_MANIFEST), 'utf8')) as PrecompiledManifest;
    const dir = mkdtempSync(join(tmpdir(), 'precompiled-'));
    writeFileSync(join(dir, PRECOMPILED_MANIFEST), JSON.stringify({ ...manifest, schemasHash: 'another build' }));
    const stale = SchemaRegistry.load(undefined, dir);
    expect(stale.isPrecompiled('openai/create-response.json')).toBe(false);
    expect(stale.validator('openai/create-response.json')(VALID['openai/create-response.json'])).toBe(true);
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
