import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCreateResponse } from '../../src/dialects/openai/parse-request';
import { FixtureSet, type MatchContext } from '../../src/fixtures/fixture-set';
import { checkFixtures, loadFixtureDir } from '../../src/fixtures/load';
import { echoRequest } from '../../src/fixtures/replay';
import { recordedDelays } from '../../src/engine/timing';
import { sanitizeName, FixtureWriter } from '../../src/fixtures/fixture-writer';
import { redactedHeaderStrings, redactEcho, redactFields, redactHeaders, redactQuery, REDACTED } from '../../src/redact';
import type { LoadedFixture } from '../../src/fixtures/types';
import { projectSchemas } from '../helpers/project-schemas';
import { hostileValue, paths, setAt } from '../fuzz/fuzz-core';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fixtures-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function ctx(body: Record<string, unknown>, extra: Partial<MatchContext> = {}): MatchContext {
  const request = parseCreateResponse(projectSchemas(), { model: 'gpt-4o', ...body });
  const input = typeof body.input === 'string' ? body.input : '';
  return { request, input, turn: 1, endsWithToolOutput: false, headers: {}, dialect: 'openai', ...extra };
}

function loaded(value: unknown): LoadedFixture[] {
  const r = checkFixtures(value, 'test.yaml', projectSchemas());
  if (r.errors.length > 0) throw new Error(r.errors.join('\n'));
  return r.fixtures;
}

describe('loading fixture files', () => {
  test('JSON and YAML; one fixture, a list, or {fixtures}; in path order; dotfiles skipped', () => {
    const dir = dirWith({
      'b.yaml': 'fixtures:\n  - match: { input: two }\n    reply: { text: "2" }\n  - match: { input: three }\n    reply: { text: "3" }\n',
      'a.json': JSON.stringify({ name: 'one', match: { input: 'one' }, reply: { text: '1' } }),
      'c.yml': '- reply: { text: catch-all }\n',
      '.tmp.json': '{ broken',
      'notes.txt': 'ignored',
    });
    const report = loadFixtureDir(dir, projectSchemas());
    expect(report.errors).toEqual([]);
    expect(report.fixtures.map((f) => f.label)).toEqual(['one', 'b.yaml#0', 'b.yaml#1', 'c.yml#0']);
  });

  test('a file may carry $schema at its top (single fixture or {fixtures}); loading and lint ignore it', () => {
    const schema = './node_modules/responses-emulator/schemas/fixture.json';
    const dir = dirWith({
      'a.json': JSON.stringify({ $schema: schema, name: 'one', match: { input: 'one' }, reply: { text: '1' } }),
      'b.json': JSON.stringify({ $schema: schema, fixtures: [{ match: { input: 'two' }, reply: { text: '2' } }] }),
      'c.yaml': `$schema: ${schema}\nfixtures:\n  - match: { input: three }\n    reply: { text: "3" }\n`,
      'd.yaml': `$schema: ${schema}\nmatch: { input: four }\nreply: { text: "4" }\n`,
    });
    const report = loadFixtureDir(dir, projectSchemas());
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.fixtures.map((f) => f.label)).toEqual(['one', 'b.json#0', 'c.yaml#0', 'd.yaml#0']);
    for (const f of report.fixtures) expect(f).not.toHaveProperty('$schema');
    // Inside a list it is no file's schema: an error, not silently a fixture field.
    expect(checkFixtures([{ $schema: schema, reply: { text: 'x' } }], 'list.json', projectSchemas()).errors).toEqual([
      'list.json: fixture #0: $schema belongs at the top of the file, not in a fixture of a list',
    ]);
  });

  test('errors name the file, the fixture and what is wrong', () => {
    const dir = dirWith({
      'syntax.yaml': 'match: [unclosed\n',
      'schema.json': JSON.stringify({ match: { turn: 0 }, reply: { text: 'x' } }),
      'mixed.json': JSON.stringify({ reply: { text: 'x', error: { status: 500 } } }),
      'regex.json': JSON.stringify({ match: { input: { regex: '(' } }, reply: { text: 'x' } }),
      'empty.json': JSON.stringify({ reply: { usage: { input_tokens: 1 } } }),
    });
    const errors = loadFixtureDir(dir, projectSchemas()).errors.join('\n');
    expect(errors).toContain('syntax.yaml:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(errors).toContain('schema.json:1:18: fixture #0: match.turn: must be >= 1, got 0');
    expect(errors).toContain('mixed.json:1:10: fixture #0: reply: mixes error and content');
    expect(errors).toContain('regex.json:1:19: fixture #0: match.input: invalid regex');
    expect(errors).toContain('empty.json:1:10: fixture #0: reply: give text');
  });

  test('hostile values in any fixture field: a clear error naming the file, or a fixture that loads — never a crash (seeded)', () => {
    const valid = [
      {
        name: 'weather',
        match: { model: 'gpt-4o', input: { contains: 'weather' }, tools: ['get_weather'], turn: 1, metadata: { team: 'a' }, headers: { 'x-test-id': 't' }, stream: false, nth: 1 },
        reply: { text: 'Sunny.', usage: { input_tokens: 3, output_tokens: 2 } },
      },
      { match: { input: { regex: '^slow', flags: 'i' }, dialect: 'openai' }, reply: { fault: 'slow;delay=5' } },
      { match: { input: 'boom' }, reply: { error: { status: 429, message: 'Slow down.' } } },
    ];
    expect(checkFixtures(valid, 'valid.json', projectSchemas()).errors).toEqual([]);
    const all = paths(valid);
    const cases = fc.sample(fc.tuple(fc.nat(all.length - 1), hostileValue), { seed: 20261201, numRuns: 300 });
    let refused = 0;
    for (const [i, [, value]] of cases) {
      const fixture = structuredClone(valid) as unknown as Record<string, unknown>;
      setAt(fixture, all[i], value, false);
      const checked = checkFixtures(fixture, 'hostile.json', projectSchemas());
      expect(checked.fixtures.length + checked.errors.length).toBeGreaterThan(0);
      for (const error of checked.errors) expect(error).toMatch(/^hostile\.json/);
      refused += checked.errors.length > 0 ? 1 : 0;
    }
    expect(refused).toBeGreaterThan(150);
  });

  test('duplicates and shadowed fixtures are reported: they can never match', () => {
    const dir = dirWith({
      'a.yaml': [
        '- name: general',
        '  match: { model: gpt-4o }',
        '  reply: { text: a }',
        '- name: specific',
        '  match: { model: gpt-4o, input: hi }',
        '  reply: { text: b }',
        '- name: again',
        '  match: { model: gpt-4o }',
        '  reply: { text: c }',
        '- name: counted',
        '  match: { input: x, nth: 1 }',
        '  reply: { text: d }',
        '- name: after-counted',
        '  match: { input: x }',
        '  reply: { text: e }',
      ].join('\n'),
    });
    const warnings = loadFixtureDir(dir, projectSchemas()).warnings;
    expect(warnings).toEqual([
      'a.yaml:4:3: fixture #1 (specific): shadowed by general, which matches every request it matches; it will never be used',
      'a.yaml:7:3: fixture #2 (again): duplicate of general (same match); it will never be used',
    ]);
  });
});

describe('matching', () => {
  test('every criterion', () => {
    const set = new FixtureSet();
    set.replace(
      loaded([
        { name: 'model', match: { model: { regex: '^o\\d' } }, reply: { text: 'm' } },
        { name: 'contains', match: { input: { contains: 'weather' } }, reply: { text: 'w' } },
        { name: 'instructions', match: { instructions: 'Be terse.' }, reply: { text: 'i' } },
        { name: 'tools', match: { tools: ['lookup', 'web_search_preview'] }, reply: { text: 't' } },
        { name: 'choice', match: { toolChoice: 'required' }, reply: { text: 'c' } },
        { name: 'tool-output', match: { endsWithToolOutput: true }, reply: { text: 'o' } },
        { name: 'turn', match: { turn: 3 }, reply: { text: 'n' } },
        { name: 'metadata', match: { metadata: { suite: 'smoke' } }, reply: { text: 'md' } },
        { name: 'header', match: { headers: { 'X-Test-Id': 'abc' } }, reply: { text: 'h' } },
        { name: 'stream', match: { stream: true }, reply: { text: 's' } },
      ]),
    );
    const name = (c: MatchContext) => set.match(c)?.label ?? null;
    expect(name(ctx({ model: 'o3', input: 'x' }))).toBe('model');
    expect(name(ctx({ input: 'the weather today' }))).toBe('contains');
    expect(name(ctx({ input: 'x', instructions: 'Be terse.' }))).toBe('instructions');
    expect(name(ctx({ input: 'x', tools: [{ type: 'function', name: 'lookup' }, { type: 'web_search_preview' }] }))).toBe('tools');
    expect(name(ctx({ input: 'x', tools: [{ type: 'function', name: 'lookup' }], tool_choice: 'required' }))).toBe('choice');
    expect(name(ctx({ input: 'x' }, { endsWithToolOutput: true }))).toBe('tool-output');
    expect(name(ctx({ input: 'x' }, { turn: 3 }))).toBe('turn');
    expect(name(ctx({ input: 'x', metadata: { suite: 'smoke' } }))).toBe('metadata');
    expect(name(ctx({ input: 'x' }, { headers: { 'x-test-id': 'abc' } }))).toBe('header');
    expect(name(ctx({ input: 'x', stream: true }))).toBe('stream');
    expect(name(ctx({ input: 'x' }))).toBeNull();
  });

  test('first match wins; nth answers the n-th matching request (sequences)', () => {
    const set = new FixtureSet();
    set.replace(
      loaded([
        { name: 'first', match: { input: 'again', nth: 1 }, reply: { text: '1' } },
        { name: 'second', match: { input: 'again', nth: 2 }, reply: { text: '2' } },
        { name: 'rest', match: { input: 'again' }, reply: { text: 'n' } },
        { name: 'later', match: { input: 'again' }, reply: { text: 'never' } },
      ]),
    );
    expect([1, 2, 3, 4].map(() => set.match(ctx({ input: 'again' }))?.label)).toEqual(['first', 'second', 'rest', 'rest']);
    set.resetCounts();
    expect(set.match(ctx({ input: 'again' }))?.label).toBe('first');
  });

  test('the nearest fixture and how the request differs from it', () => {
    const set = new FixtureSet();
    set.replace(
      loaded([
        { name: 'weather', match: { model: 'gpt-4o', input: { contains: 'weather' }, metadata: { suite: 'a' } }, reply: { text: 'x' } },
        { name: 'far', match: { model: 'o3', input: 'nope', turn: 2 }, reply: { text: 'y' } },
      ]),
    );
    const near = set.nearest(ctx({ input: 'What time is it?', metadata: { suite: 'a' } }));
    expect(near?.fixture.label).toBe('weather');
    expect(near?.differences).toEqual(['input: expected contains "weather", got "What time is it?"']);
  });

  test('10,000 fixtures: lookups by exact input stay correct (and only try that input’s fixtures)', () => {
    const set = new FixtureSet();
    set.replace(loaded(Array.from({ length: 10_000 }, (_, i) => ({ name: `f${i}`, match: { input: `prompt ${i}` }, reply: { text: `answer ${i}` } }))));
    set.add(loaded({ name: 'loose', match: { input: { contains: 'zebra' } }, reply: { text: 'z' } })[0]);
    expect(set.match(ctx({ input: 'prompt 9876' }))?.label).toBe('f9876');
    expect(set.match(ctx({ input: 'a zebra' }))?.label).toBe('loose');
    expect(set.match(ctx({ input: 'prompt 10001' }))).toBeNull();
  });
});

describe('recording helpers', () => {
  test('recorded stream delays scale with the replay speed', () => {
    const events = [{ t: 0, event: { type: 'a' } }, { t: 100, event: { type: 'b' } }, { t: 250, event: { type: 'c' } }];
    expect(recordedDelays(events, 1)).toEqual([0, 100, 150]);
    expect(recordedDelays(events, 2)).toEqual([0, 50, 75]);
    expect(recordedDelays(events, 0)).toEqual([0, 0, 0]);
  });

  test('names are sanitised and files can only land inside the fixtures directory', () => {
    expect(sanitizeName('../../etc/passwd')).toBe('etc-passwd');
    expect(sanitizeName('my test: "weather" #1')).toBe('my-test-weather-1');
    expect(sanitizeName('...')).toBe('recording');
    expect(sanitizeName('')).toBe('recording');
    const dir = mkdtempSync(join(tmpdir(), 'writer-'));
    const writer = new FixtureWriter(dir);
    const fixture = (name: string) => ({ name, match: {}, reply: { text: 'x' } }) as never;
    expect(writer.create('../../escape', fixture)).toBe(join(dir, 'escape-001.json'));
    expect(writer.create('../../escape', fixture)).toBe(join(dir, 'escape-002.json'));
  });

  test('Windows device names never survive sanitising, with or without an extension', () => {
    for (const name of ['CON', 'prn', 'Aux', 'NUL', 'COM1', 'com9', 'LPT1', 'lpt9', 'COM¹']) expect(sanitizeName(name)).toBe(`${name.normalize('NFKC')}_`);
    expect(sanitizeName('COM1.json')).toBe('COM1_.json');
    expect(sanitizeName('aux.txt')).toBe('aux_.txt');
    expect(sanitizeName('nul.tar.gz')).toBe('nul_.tar.gz');
    // Only the whole stem is a device name.
    expect(sanitizeName('console')).toBe('console');
    expect(sanitizeName('COM10')).toBe('COM10');
    expect(sanitizeName('my-aux')).toBe('my-aux');
  });

  test('non-ASCII test ids stay readable, deterministically', () => {
    expect(sanitizeName('café au lait')).toBe('café-au-lait');
    expect(sanitizeName('テスト: 天気')).toBe('テスト-天気');
    expect(sanitizeName('Grüße/Привет')).toBe('Grüße-Привет');
    // NFD and NFC spellings give the same name; invisible and control characters go.
    expect(sanitizeName('cafe\u0301')).toBe(sanitizeName('café'));
    expect(sanitizeName('a\u200bb\u202ec\u0000d')).toBe('a-b-c-d');
    // Long names are cut at a character, within 120 bytes.
    const long = sanitizeName('é'.repeat(200));
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(120);
    expect(long).toBe('é'.repeat(60));
  });

  test('two recorders sharing a directory never overwrite each other: the second takes the next number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shared-'));
    const first = new FixtureWriter(dir);
    const second = new FixtureWriter(dir);
    const fixture = (who: string) => (name: string) => ({ name, match: { input: who }, reply: { text: who } }) as never;
    // The second recorder writes between the moment the first picks a number and the moment it
    // writes (as two processes recording at once do).
    let b = '';
    const a = first.create('checkout', (name) => {
      if (!b) b = second.create('checkout', fixture('second'));
      return fixture('first')(name);
    });
    expect(b).toBe(join(dir, 'checkout-001.json'));
    expect(a).toBe(join(dir, 'checkout-002.json'));
    expect(JSON.parse(readFileSync(b, 'utf8'))).toMatchObject({ name: 'checkout-001', reply: { text: 'second' } });
    expect(JSON.parse(readFileSync(a, 'utf8'))).toMatchObject({ name: 'checkout-002', reply: { text: 'first' } });
    const c = first.create('checkout', fixture('third'));
    expect(c).toBe(join(dir, 'checkout-003.json'));
    expect(readdirSync(dir).sort()).toEqual(['checkout-001.json', 'checkout-002.json', 'checkout-003.json']);
  });

  test('redaction of headers, query strings and chosen body fields', () => {
    expect(redactHeaders({ authorization: 'Bearer sk-1', 'x-api-key': 'k', 'x-custom': 'v', accept: 'json' }, ['x-custom'])).toEqual({
      authorization: REDACTED,
      'x-api-key': REDACTED,
      'x-custom': REDACTED,
      accept: 'json',
    });
    // A reply's headers as Node holds them: numbers and lists become strings, unset ones are left out.
    expect(redactedHeaderStrings({ 'set-cookie': ['a=1', 'b=2'], 'content-length': 73, vary: ['Origin', 'Accept'], 'x-custom': 'v', 'x-ratelimit-remaining-tokens': 9, gone: undefined }, ['X-Custom'])).toEqual({
      'set-cookie': REDACTED,
      'content-length': '73',
      vary: 'Origin, Accept',
      'x-custom': REDACTED,
      'x-ratelimit-remaining-tokens': '9',
    });
    expect(redactQuery('/v1/responses?api_key=sk-1&limit=3&token=t')).toBe('/v1/responses?api_key=%5BREDACTED%5D&limit=3&token=%5BREDACTED%5D');
    expect(redactFields({ metadata: { email: 'a@b.c', keep: 'x' } }, ['metadata.email', 'missing.path'])).toEqual({ metadata: { email: REDACTED, keep: 'x' } });
    // A rendered Response leaves absent fields undefined: redaction must not make them appear.
    expect(redactFields({ prompt: undefined, metadata: null }, ['prompt', 'metadata'])).toEqual({ metadata: REDACTED });
    expect((redactFields({ prompt: undefined }, ['prompt']) as { prompt?: unknown }).prompt).toBeUndefined();
    // Where a Response echoes the request: the Response itself, or the one a stream event carries.
    const response = { id: 'resp_1', metadata: { email: 'a@b.c' } };
    expect(redactEcho(response, ['metadata.email'])).toEqual({ id: 'resp_1', metadata: { email: REDACTED } });
    expect(redactEcho({ type: 'response.created', response }, ['metadata.email'])).toEqual({ type: 'response.created', response: { id: 'resp_1', metadata: { email: REDACTED } } });
    const delta = { type: 'response.output_text.delta', delta: 'hi' };
    expect(redactEcho(delta, ['metadata.email'])).toEqual(delta);
    expect(redactEcho(response, [])).toBe(response);
    expect(response.metadata.email).toBe('a@b.c');
  });
});

describe('replaying a redacted recording', () => {
  const request = parseCreateResponse(projectSchemas(), { model: 'gpt-4o', input: 'x', instructions: 'Be kind.', metadata: { email: 'a@b.c', team: 'qa' } });

  test('each [REDACTED] the Response echoes gets what this request sent there; the rest is as recorded', () => {
    const response = { id: 'resp_1', instructions: REDACTED, metadata: { email: REDACTED, team: 'recorded' }, output: [{ text: REDACTED }] };
    const events = [{ t: 0, event: { type: 'response.created', response: { metadata: { email: REDACTED } } } }, { t: 1, event: { type: 'response.output_text.delta', delta: REDACTED } }];
    const replayed = echoRequest({ response, events }, request);
    expect(replayed.response).toEqual({ id: 'resp_1', instructions: 'Be kind.', metadata: { email: 'a@b.c', team: 'recorded' }, output: [{ text: REDACTED }] });
    expect(replayed.events![0].event).toEqual({ type: 'response.created', response: { metadata: { email: 'a@b.c' } } });
    expect(replayed.events![1]).toBe(events[1]);
    expect(response.metadata.email).toBe(REDACTED); // the fixture itself is untouched
  });

  test('a recording without redactions is replayed as it is, not copied', () => {
    const verbatim = { response: { id: 'resp_2', metadata: { email: 'recorded@x.y' } } };
    expect(echoRequest(verbatim, request)).toBe(verbatim);
  });
});
