/**
 * The README's "Codex CLI" config.toml blocks are the ones the Codex suite runs (test/codex/config.ts):
 * every line of each block appears in the config the suite writes for that setup, at the emulator's
 * default address. The suite adds only settings that keep test runs quiet (no retries, no update
 * check, no analytics).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinProviderConfig, customProviderConfig } from '../codex/config';

const BASE_URL = 'http://127.0.0.1:4010/v1';

function codexSection(): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('\n### Codex CLI\n');
  const end = readme.indexOf('\n## ', start + 1);
  if (start < 0 || end < 0) throw new Error('README: no "### Codex CLI" section');
  return readme.slice(start, end);
}

function tomlBlocks(): string[][] {
  return [...codexSection().matchAll(/```toml\n([\s\S]*?)```/g)].map((m) => m[1].split('\n').map((l) => l.trim()).filter((l) => l !== ''));
}

function lines(config: string): string[] {
  return config.split('\n').map((l) => l.trim());
}

test('the README shows the HTTP, WebSocket and built-in provider configs the suite uses', () => {
  const [http, websocket, builtin, ...rest] = tomlBlocks();
  expect(rest).toEqual([]);
  expect(lines(customProviderConfig(BASE_URL, { model: 'gpt-5.5' }))).toEqual(expect.arrayContaining(http!));
  expect(lines(customProviderConfig(BASE_URL, { model: 'gpt-5.5', websockets: true }))).toEqual(expect.arrayContaining(websocket!));
  expect(websocket).toContain('supports_websockets = true');
  expect(http).not.toContain('supports_websockets = true');
  expect(lines(builtinProviderConfig(BASE_URL))).toEqual(expect.arrayContaining(builtin!));
  // Nothing beyond the README's lines but the quiet settings.
  const quiet = ['check_for_update_on_startup = false', '[analytics]', 'enabled = false', 'request_max_retries = 0', 'stream_max_retries = 0'];
  const extra = lines(customProviderConfig(BASE_URL, { model: 'gpt-5.5', websockets: true })).filter((l) => l !== '' && !websocket!.includes(l));
  expect(extra.filter((l) => !quiet.includes(l))).toEqual([]);
});
