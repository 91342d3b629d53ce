/**
 * Issue 17 §4 and §6, as a user meets them: the command's fixtures folder (named, from the
 * variable, or the ./fixtures it picks up by itself), its report when the files are wrong, and a
 * project's own ./fixtures that is not the emulator's.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli } from '../helpers/cli-process';

/** A project folder with a ./fixtures holding these files. */
function projectWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'project-'));
  mkdirSync(join(dir, 'fixtures'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'fixtures', name), text);
  return dir;
}

// Each test starts the command (or several): generous on a loaded machine (a guard against a hang, not a wait).
jest.setTimeout(120_000);

const BROKEN = {
  'weather.yaml': '- name: weather\n  match: { input: weather, trun: 1 }\n  reply:\n    toolCalls:\n      - arguments: {}\n',
  'ok.json': '{"match": {"input": "hi"}, "reply": {"text": "hello"}}',
};
const NOTE = './fixtures was loaded because it is the fixtures folder in the current directory; choose another with --fixtures DIR (or RESPONSES_EMULATOR_FIXTURES=DIR), or none with --no-fixtures.';

const ask = (url: string, input: string) => fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', input }) });

describe('the fixtures folder of the command', () => {
  test('lint prints every error with its position and code frame, then the summary; exit 1', async () => {
    const project = projectWith(BROKEN);
    const run = await runCli(['lint', 'fixtures'], { cwd: project });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('1 fixtures, 2 errors, 0 warnings\n');
    expect(run.stderr).toBe(
      [
        'error: weather.yaml:2:28: fixture #0 (weather): match.trun: unknown field (did you mean turn?)',
        '  1 | - name: weather',
        '> 2 |   match: { input: weather, trun: 1 }',
        '    |                            ^^^^',
        '  3 |   reply:',
        '',
        'error: weather.yaml:5:9: fixture #0 (weather): reply.toolCalls[0].name is required',
        '  4 |     toolCalls:',
        '> 5 |       - arguments: {}',
        '    |         ^^^^^^^^^^^^^',
        '',
      ].join('\n'),
    );
  });

  test('a zero-configuration start stops on broken fixtures in ./fixtures with the same report, saying why it read that folder', async () => {
    const project = projectWith(BROKEN);
    const run = await runCli([], { cwd: project, env: { RESPONSES_EMULATOR_PORT: '0' } });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lint = await runCli(['lint', 'fixtures'], { cwd: project });
    expect(run.stderr).toBe(`responses-emulator: fixtures in ./fixtures have 2 errors:\n${lint.stderr}${NOTE}\n`);
  });

  test('--no-fixtures starts without them', async () => {
    const cli = await startCli(['--port', '0', '--no-fixtures'], { cwd: projectWith(BROKEN) });
    try {
      const res = await ask(cli.url, 'hi');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { output: { content: { text: string }[] }[] }).output[0].content[0].text).not.toBe('hello');
    } finally {
      await cli.stop();
    }
  });

  test("a project's own ./fixtures (no file in it is a fixture) does not stop a zero-configuration start: a warning says why it was read and how to choose", async () => {
    const project = projectWith({ 'user.json': '{"name": "Ada", "email": "ada@example.com"}', 'orders.yaml': '- id: 1\n  total: 9.5\n' });
    const cli = await startCli([], { cwd: project, env: { RESPONSES_EMULATOR_PORT: '0' } });
    try {
      expect((await ask(cli.url, 'Hello')).status).toBe(200);
      expect(cli.stderr()).toContain(
        'responses-emulator: warning: ./fixtures holds no emulator fixtures: none of its 2 JSON and YAML files is written as fixtures (first error: orders.yaml:1:3: fixture #0: reply is required). It is ignored and every request is synthesised. ' +
          NOTE,
      );
    } finally {
      await cli.stop();
    }
    // Named, the same folder is the user's choice: its errors stop the start.
    const named = await runCli(['--port', '0', '--fixtures', 'fixtures'], { cwd: project });
    expect(named.status).toBe(2);
    expect(named.stderr).toMatch(/^responses-emulator: fixtures in fixtures have 5 errors:\nerror: orders\.yaml:1:3: fixture #0: reply is required\n/);
    expect(named.stderr).not.toContain('was loaded because');
  });

  test('record would write into that folder: it stops instead, saying the same', async () => {
    const project = projectWith({ 'user.json': '{"name": "Ada"}' });
    const run = await runCli(['record', '--port', '0', '--upstream', 'http://127.0.0.1:9/v1'], { cwd: project });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('responses-emulator: fixtures in ./fixtures have 1 error:\nerror: user.json:1:1: fixture #0 (Ada): reply is required');
    expect(run.stderr).toContain(NOTE);
  });

  test('errors from RESPONSES_EMULATOR_FIXTURES name the variable: a missing folder, broken files, an empty value', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cwd-'));
    const missing = await runCli([], { cwd: empty, env: { RESPONSES_EMULATOR_PORT: '0', RESPONSES_EMULATOR_FIXTURES: 'no-such-dir' } });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('responses-emulator: RESPONSES_EMULATOR_FIXTURES: cannot read the fixtures folder no-such-dir: no such folder\n');

    const project = projectWith(BROKEN);
    const broken = await runCli([], { cwd: empty, env: { RESPONSES_EMULATOR_PORT: '0', RESPONSES_EMULATOR_FIXTURES: join(project, 'fixtures') } });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^responses-emulator: RESPONSES_EMULATOR_FIXTURES: fixtures in .+ have 2 errors:\nerror: weather\.yaml:2:28: /);

    const blank = await runCli([], { cwd: empty, env: { RESPONSES_EMULATOR_PORT: '0', RESPONSES_EMULATOR_FIXTURES: '' } });
    expect(blank.status).toBe(2);
    expect(blank.stderr).toBe('responses-emulator: RESPONSES_EMULATOR_FIXTURES: fixtures must name a directory (--no-fixtures loads none).\n');
  });

  test('--fixtures naming a missing folder says so (no variable involved)', async () => {
    const run = await runCli(['--port', '0', '--fixtures', 'nowhere'], { cwd: mkdtempSync(join(tmpdir(), 'cwd-')) });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('responses-emulator: cannot read the fixtures folder nowhere: no such folder\n');
  });
});
