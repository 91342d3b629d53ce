/**
 * The config.toml files the suite gives Codex: the ones the README's "Works with → Codex CLI" shows
 * (a custom provider over HTTP or WebSocket, or the built-in provider with its base URL changed),
 * plus settings that keep a test run quiet and fast. Codex runs with `--strict-config`, so a key
 * this version does not know fails the run instead of being ignored.
 */

/** What every test run adds: no retries (a refused request fails at once, with the emulator's error), no update check, no analytics. */
const QUIET = `check_for_update_on_startup = false

[analytics]
enabled = false
`;

export interface ProviderOptions {
  model: string;
  /** `supports_websockets = true`: Codex talks to `ws://…/v1/responses`. */
  websockets?: boolean;
  /** More top-level settings (e.g. `model_reasoning_summary = "detailed"`). */
  settings?: string;
}

/** A custom provider (`wire_api = "responses"`), as in the README. */
export function customProviderConfig(baseURL: string, options: ProviderOptions): string {
  return `model = "${options.model}"
model_provider = "responses-emulator"
${options.settings ?? ''}
${QUIET}
[model_providers.responses-emulator]
name = "responses-emulator"
base_url = "${baseURL}"
wire_api = "responses"
${options.websockets ? 'supports_websockets = true\n' : ''}request_max_retries = 0
stream_max_retries = 0
`;
}

/**
 * Codex's built-in OpenAI provider pointed at the emulator (`openai_base_url`): the zero-config
 * setup. It speaks WebSocket (with an HTTP fallback) and compacts remotely, as with api.openai.com.
 */
export function builtinProviderConfig(baseURL: string, options: { settings?: string } = {}): string {
  return `openai_base_url = "${baseURL}"
${options.settings ?? ''}
${QUIET}`;
}
