/** Issue 17 §6: loading and lint report every error of a file, in fixture terms, where it is written. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeFrame, LineIndex } from '../../src/fixtures/code-frame';
import { formatDiagnostics } from '../../src/fixtures/diagnostics';
import { checkFixtures, loadFixtureDir } from '../../src/fixtures/load';
import { PACKAGE_EXAMPLES_DIR } from '../../src/fixtures/package-examples';
import { projectSchemas } from '../helpers/project-schemas';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fixture-report-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const load = (files: Record<string, string>) => loadFixtureDir(dirWith(files), projectSchemas());

const WEATHER_YAML = [
  '- name: weather', //                       1
  '  match:', //                              2
  '    input: { contains: weather }', //      3
  '    trun: 1', //                           4
  '  reply:', //                              5
  '    toolCalls:', //                        6
  '      - arguments: { location: Boston }', // 7
  '    usage: { input_tokens: -1 }', //       8
  '- reply: { text: 5, status: done }', //    9
  '  match: { input: { regex: "(" }, model: 7 }', // 10
  '',
].join('\n');

describe('every error of a file, in fixture terms, with its line and column', () => {
  test('YAML: all the problems of all its fixtures, in the order they are written', () => {
    const report = load({ 'weather.yaml': WEATHER_YAML });
    expect(report.fixtures).toEqual([]);
    expect(report.errors).toEqual([
      'weather.yaml:4:5: fixture #0 (weather): match.trun: unknown field (did you mean turn?)',
      'weather.yaml:7:9: fixture #0 (weather): reply.toolCalls[0].name is required',
      'weather.yaml:8:28: fixture #0 (weather): reply.usage.input_tokens: must be >= 0, got -1',
      'weather.yaml:9:18: fixture #1: reply.text: expected a string, got an integer',
      'weather.yaml:9:29: fixture #1: reply.status: expected one of "completed", "incomplete", "failed", got "done"',
      'weather.yaml:10:19: fixture #1: match.input: invalid regex: missing closing ): `(`',
      'weather.yaml:10:42: fixture #1: match.model: expected a string or an object, got an integer',
    ]);
  });

  test('JSON: positions from the text, in every file form ({fixtures: [...]} here)', () => {
    const text = ['{', '  "fixtures": [', '    {"reply": {"text": "ok"}},', '    {"match": {"turn": 0, "stream": "yes"},', '     "reply": {"txet": "x"}}', '  ]', '}', ''].join('\n');
    const report = load({ 'list.json': text });
    expect(report.fixtures.map((f) => f.label)).toEqual(['list.json#0']);
    expect(report.errors).toEqual([
      'list.json:4:24: fixture #1: match.turn: must be >= 1, got 0',
      'list.json:4:37: fixture #1: match.stream: expected a boolean, got a string',
      'list.json:5:16: fixture #1: reply.txet: unknown field (did you mean text?)',
    ]);
  });

  test('the report: each error, then its code frame (the line before, the line, carets under the value)', () => {
    const report = load({ 'weather.yaml': WEATHER_YAML });
    const text = formatDiagnostics(report.diagnostics);
    expect(text.split('\n').slice(0, 11).join('\n')).toBe(
      [
        'error: weather.yaml:4:5: fixture #0 (weather): match.trun: unknown field (did you mean turn?)',
        '  3 |     input: { contains: weather }',
        '> 4 |     trun: 1',
        '    |     ^^^^',
        '  5 |   reply:',
        '',
        'error: weather.yaml:7:9: fixture #0 (weather): reply.toolCalls[0].name is required',
        '  6 |     toolCalls:',
        '> 7 |       - arguments: { location: Boston }',
        '    |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  8 |     usage: { input_tokens: -1 }',
      ].join('\n'),
    );
  });

  test('a YAML syntax error has its code frame (it used to stop at "at line 5, column 1:")', () => {
    const report = load({ 'broken.yaml': 'name: weather\nmatch:\n  input: hi\nreply:\n text: a\n  usage: 1\n' });
    expect(report.diagnostics).toHaveLength(1);
    expect(formatDiagnostics(report.diagnostics)).toBe(
      [
        'error: broken.yaml:5:8: Nested mappings are not allowed in compact mappings',
        '  4 | reply:',
        '> 5 |  text: a',
        '    |        ^',
        '  6 |   usage: 1',
      ].join('\n'),
    );
  });

  test('JSON syntax errors: one per line, in plain words, where they are (JSON.parse would say one, at a character offset)', () => {
    const report = load({ 'bad.json': '{\n  "reply": {"text": "x",},\n  // a comment\n  "match": {"input": \'hi\'}\n}\n' });
    expect(report.errors).toEqual([
      "bad.json:2:25: a comma before '}': JSON allows no trailing comma",
      'bad.json:3:3: JSON has no comments (a YAML fixture file may have them)',
      "bad.json:4:22: ''hi'' is not a JSON value (strings take double quotes; true, false and null are lower case)",
    ]);
    expect(report.diagnostics[0].frame).toBe(['  1 | {', '> 2 |   "reply": {"text": "x",},', '    |                         ^', '  3 |   // a comment'].join('\n'));
  });

  test('an empty file, a file of something else, several YAML documents: said as such', () => {
    const report = load({ 'a.yaml': '', 'b.json': '"hello"', 'c.yaml': '- reply: { text: a }\n---\n- reply: { text: b }\n' });
    expect(report.errors).toEqual([
      'a.yaml: a fixture file holds one fixture ({match, reply}), a list of fixtures, or {fixtures: [...]}; this one holds nothing (the file is empty)',
      'b.json:1:1: a fixture file holds one fixture ({match, reply}), a list of fixtures, or {fixtures: [...]}; this one holds a string',
      "c.yaml:2:1: a fixture file holds one YAML document (this one has a second, after '---'): put the fixtures in one list",
    ]);
  });

  test('a union reports the branch the value was meant for, or which types would do', () => {
    const checked = (value: unknown) => checkFixtures(value, 'u.json', projectSchemas()).errors;
    expect(checked({ match: { input: { contains: 5 } }, reply: { text: 'x' } })).toEqual(['u.json: fixture #0: match.input.contains: expected a string, got an integer']);
    expect(checked({ match: { input: [] }, reply: { text: 'x' } })).toEqual(['u.json: fixture #0: match.input: expected a string or an object, got an array']);
    expect(checked({ reply: { reasoning: { summary: 'one' } } })).toEqual(['u.json: fixture #0: reply.reasoning.summary: expected an array, got a string']);
  });

  test('rules beyond the schema come with the schema errors, not instead of them', () => {
    const checked = checkFixtures({ match: { turn: 'one', input: { regex: '[' } }, reply: { text: 'x', fault: 'slow' } }, 'r.json', projectSchemas());
    expect(checked.errors).toEqual([
      'r.json: fixture #0: match.turn: expected an integer, got a string',
      'r.json: fixture #0: reply: mixes fault and content; a reply is one of them',
      expect.stringMatching(/^r\.json: fixture #0: match\.input: invalid regex/),
    ]);
  });
});

describe("what a folder holds: the emulator's examples, a project's own data", () => {
  test('the examples are skipped when a parent folder is loaded, and load when named', () => {
    const parent = join(PACKAGE_EXAMPLES_DIR, '..');
    const fromParent = loadFixtureDir(parent, projectSchemas());
    expect(fromParent.fixtures).toEqual([]);
    expect(fromParent.skipped).toEqual([PACKAGE_EXAMPLES_DIR]);
    const named = loadFixtureDir(PACKAGE_EXAMPLES_DIR, projectSchemas());
    expect(named.errors).toEqual([]);
    expect(named.fixtures.length).toBe(13);
  });

  test('a folder of examples that are not the emulator’s own is loaded as any other', () => {
    const report = load({ 'examples/a.yaml': '- reply: { text: mine }\n' });
    expect(report.skipped).toEqual([]);
    expect(report.fixtures.map((f) => f.label)).toEqual(['examples/a.yaml#0']);
  });

  test('files written as fixtures are told from a project’s own data', () => {
    expect(load({ 'user.json': '{"name": "Ada", "age": 36}', 'list.json': '[1, 2]' }).recognised).toBe(0);
    expect(load({ 'user.json': '{"name": "Ada"}', 'typo.json': '{"match": {"input": "x"}, "replay": {}}' }).recognised).toBe(1);
  });

  test('a folder that cannot be read says why', () => {
    const report = loadFixtureDir(join(tmpdir(), 'no-such-fixtures-folder'), projectSchemas());
    expect(report.unreadable).toBe('ENOENT');
    expect(report.errors).toEqual([`${join(tmpdir(), 'no-such-fixtures-folder')}: cannot read the fixtures folder: no such folder`]);
  });
});

describe('code frames', () => {
  test('a long line is cut around the column, the carets stay under the value', () => {
    const text = `{"reply": {"text": "${'x'.repeat(300)}", "bad": 1}}`;
    const index = new LineIndex(text);
    const at = text.indexOf('"bad"');
    const [line, carets] = codeFrame(index, at, at + 5).split('\n');
    expect(line.length).toBeLessThan(120);
    expect(carets.indexOf('^')).toBe(line.indexOf('"bad"'));
    expect(carets).toMatch(/ \| +\^{5}$/);
  });

  test('tabs before the value are kept so the carets line up', () => {
    const text = 'a:\n\tb: 1\n';
    const frame = codeFrame(new LineIndex(text), text.indexOf('1'), text.indexOf('1') + 1).split('\n');
    expect(frame[1]).toBe('> 2 | \tb: 1');
    expect(frame[2]).toBe('    | \t   ^');
  });
});
