/** `responses-emulator lint` (the built command) prints contradiction warnings and still exits 0. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(__dirname, '../../bin/responses-emulator.js');

test('lint warns where a fixture contradicts its match; warnings alone keep exit code 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lint-warn-'));
  writeFileSync(
    join(dir, 'weather.yaml'),
    ['- name: weather', '  match: { input: weather, tools: [get_weather] }', '  reply:', '    toolCalls: [{ name: get_time, arguments: {} }]', ''].join('\n'),
  );
  const run = spawnSync(process.execPath, [BIN, 'lint', dir], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  expect(run.stderr).toContain("warning: weather.yaml:4:5: fixture #0 (weather): reply.toolCalls[0] calls 'get_time', which is not among the tools of match.tools (get_weather)");
  // With a code frame at the reply.
  expect(run.stderr).toContain('> 4 |     toolCalls: [{ name: get_time, arguments: {} }]');
  expect(run.stdout).toBe('1 fixtures, 0 errors, 1 warnings\n');
});
