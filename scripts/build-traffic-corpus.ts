/**
 * Builds test/traffic/corpus/ from public recordings of real api.openai.com traffic that client
 * libraries commit as test fixtures. Not part of the build or the test run: it documents where each
 * corpus file came from and lets the corpus be rebuilt or extended.
 *
 *   npx tsx scripts/build-traffic-corpus.ts <git dir of pydantic/pydantic-ai> <git dir of vercel/ai>
 *
 * Each git dir is a clone (bare is fine); files are read with `git show <commit>:<path>`, so the
 * commit recorded in the corpus is exactly the one read. Only facts are kept: request bodies,
 * status, content-type, and response bodies or SSE events, with long opaque strings (base64 images,
 * encrypted reasoning) shortened — their type is what the structural comparison needs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import YAML from 'yaml';

const OUT = resolve(__dirname, '../test/traffic/corpus');
const LONG = 400;

/** pydantic-ai VCR cassettes: [file under the cassette dir (or a path from the repository root), interaction index, replay prompt override]. */
const PYDANTIC_DIR = 'tests/models/cassettes/test_openai_responses';
const PYDANTIC: [string, number, string?][] = [
  ['test_openai_responses_model_simple_response.yaml', 0],
  ['test_openai_responses_streaming_usage.yaml', 0],
  ['test_openai_responses_model_simple_response_with_tool_call.yaml', 0],
  ['test_native_output.yaml', 0],
  ['test_openai_responses_runs_with_instructions_only.yaml', 0],
  ['test_openai_responses_requires_function_call_status_none.yaml', 0],
  ['test_openai_responses_thinking_part_iter.yaml', 0],
  ['test_reasoning_summary_auto.yaml', 0],
  ['test_gpt5_pro.yaml', 0],
  ['test_openai_responses_gpt_5_5_drops_sampling_params_by_default.yaml', 0],
  ['test_openai_responses_gpt_5_6_minimal_thinking_uses_low_effort.yaml', 0],
  ['test_openai_responses_gpt_5_6_reasoning_off_keeps_sampling_params.yaml', 0],
  ['test_openai_responses_reasoning_context_default_wire_contract[default-supported].yaml', 0],
  ['test_openai_responses_reasoning_mode_pro.yaml', 0],
  ['test_openai_conversation_id_auto_without_history.yaml', 0],
  ['test_openai_responses_compact_stateful_mode_stream.yaml', 0],
  ['test_background_mode_vcr.yaml', 0],
  ['test_background_mode_reasoning_vcr.yaml', 0],
  ['test_background_mode_streaming_vcr.yaml', 0],
  ['test_openai_responses_model_web_search_tool.yaml', 0, 'Search the web: what is the weather in San Francisco today?'],
  ['test_openai_responses_model_web_search_tool_stream.yaml', 0, 'Search the web: what is the weather in San Francisco today?'],
  ['test_openai_responses_model_web_search_tool_with_user_location.yaml', 0, 'Search the web: what is the weather today?'],
  ['test_openai_responses_model_web_search_tool_without_external_access.yaml', 0, 'Search the web: what is the latest news?'],
  ['test_openai_include_raw_annotations_streaming.yaml', 0, 'Search the web for the latest news about the Eiffel Tower.'],
  ['test_openai_responses_model_file_search_tool.yaml', 3, 'According to the uploaded file, what is the capital of France?'],
  ['test_openai_responses_model_file_search_tool_stream.yaml', 3, 'According to the uploaded file, what is the capital of France?'],
  ['test_openai_responses_model_file_search_tool_with_results.yaml', 3, 'According to the uploaded file, what is the capital of France?'],
  ['test_openai_responses_thinking_with_code_execution_tool.yaml', 0, 'Calculate 3 * 12390 with python code.'],
  ['test_openai_responses_code_execution_return_image_stream.yaml', 0, 'Plot a chart of y = x^2 with python code.'],
  ['test_openai_responses_image_generation_jpeg.yaml', 0, 'Draw an image of an axolotl.'],
  ['test_openai_responses_image_generation_with_native_output.yaml', 0, 'Draw an image of an axolotl.'],
  ['test_openai_responses_model_mcp_server_tool.yaml', 0, 'Use the deepwiki server: tell me about the pydantic/pydantic-ai repo.'],
  ['test_openai_responses_model_mcp_server_tool_stream.yaml', 0, 'Use the deepwiki server: tell me about the pydantic/pydantic-ai repo.'],
  ['test_openai_responses_model_http_error.yaml', 0],
  ['test_openai_responses_reasoning_context_default_wire_contract[default-unsupported].yaml', 0],
  ['test_openai_responses_model_web_search_tool_with_allowed_domains.yaml', 0, 'Search the web: what is the latest news?'],
  ['tests/cassettes/test_thinking_native_tools/test_thinking_with_native_tool_wire_contract[openai-responses].yaml', 0, 'What is the top news story today? Use web search.'],
  ['tests/cassettes/test_code_execution_files_vcr/test_openai_code_execution_files.yaml', 1, 'Use python code to read the uploaded CSV data and calculate the sum of the value column.'],
];

/** Vercel AI SDK fixtures: response bodies and SSE chunks only; the request is derived from what the response echoes. */
const VERCEL_DIR = 'packages/openai/src/responses/__fixtures__';
/** [fixture, replay prompt, replay headers, replay prompt of the JSON body when it is another turn]. */
const VERCEL: [string, string, Record<string, string>?, string?][] = [
  ['openai-web-search-tool.1', 'Search the web for the latest news.'],
  ['openai-file-search-tool.1', 'According to the uploaded documents, what is in them?'],
  ['openai-file-search-tool.2', 'According to the uploaded documents, what is in them?'],
  ['openai-code-interpreter-tool.1', 'Calculate the sum of 1 2 3 with python code.'],
  ['openai-image-generation-tool.1', 'Draw an image of an echidna.'],
  ['openai-mcp-tool.1', 'Use the dmcp server to look up something.'],
  ['openai-reasoning-encrypted-content.1', 'Use the calculator: what is 12 + 7?', undefined, 'How many r are in strawberry?'],
  ['openai-error.1', 'Hello', { 'x-emulator-fault': 'stream_error;after=2' }],
];

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

function shorten(value: unknown): unknown {
  if (typeof value === 'string') return value.length > LONG ? `${value.slice(0, 64)}…[${value.length - 64} more characters]` : value;
  if (Array.isArray(value)) return value.map(shorten);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v)]));
  return value;
}

function sseEvents(text: string): unknown[] {
  return text
    .split(/\n\n/)
    .map((block) => block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'))
    .filter((data) => data && data !== '[DONE]')
    .map((data) => JSON.parse(data));
}

function slug(s: string): string {
  return s.replace(/\.yaml$/, '').replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/-+$/, '');
}

function write(name: string, entry: Record<string, unknown>): void {
  writeFileSync(resolve(OUT, `${name}.json`), JSON.stringify(entry, null, 1) + '\n');
}

function day(seconds: unknown): string | null {
  return typeof seconds === 'number' ? new Date(seconds * 1000).toISOString().slice(0, 10) : null;
}

function pydantic(dir: string): void {
  const commit = git(dir, 'rev-parse', 'HEAD').trim();
  for (const [file, index, prompt] of PYDANTIC) {
    const path = file.includes('/') ? file : `${PYDANTIC_DIR}/${file}`;
    const cassette = YAML.parse(git(dir, 'show', `${commit}:${path}`));
    const { request, response } = cassette.interactions[index];
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'openai-version']) if (response.headers?.[h]) headers[h] = response.headers[h][0];
    const sse = typeof response.body?.string === 'string' && response.body.string.includes('data: ');
    const events = sse ? sseEvents(response.body.string) : undefined;
    const body = sse ? undefined : (response.parsed_body ?? JSON.parse(response.body?.string ?? 'null'));
    const created = body?.created_at ?? (events?.[0] as { response?: { created_at?: number } })?.response?.created_at;
    write(`pydantic-ai--${slug(file.split('/').pop()!)}--${index}`, {
      source: { repository: 'pydantic/pydantic-ai', path, commit, interaction: index },
      recorded: day(created),
      request: { method: request.method, path: new URL(request.uri).pathname, body: request.parsed_body },
      ...(prompt ? { replay: { prompt, why: 'the emulator picks tools from the prompt (src/engine/tools/choice.ts); this prompt makes it call the tools the real model called' } } : {}),
      response: { status: response.status.code, headers, ...(events ? { events: shorten(events) } : { body: shorten(body) }) },
    });
  }
}

/** Tool fields the API fills in when a request leaves them out (clients rarely send them). */
const ECHO_DEFAULTS: Record<string, string[]> = {
  image_generation: ['background', 'moderation', 'n', 'output_compression', 'output_format', 'quality', 'size'],
  web_search: ['user_location', 'search_context_size', 'filters'],
  file_search: ['ranking_options', 'max_num_results', 'filters'],
};

/** What a request must have been to get this echo: the echoed settings, without the API's filled-in nulls and defaults. */
function requestFromEcho(echo: Record<string, unknown>, prompt: string, stream: boolean, events?: Record<string, unknown>[]): Record<string, unknown> {
  const body: Record<string, unknown> = { model: String(echo.model).replace(/-\d{4}-\d{2}-\d{2}$/, ''), input: prompt };
  if (stream) body.stream = true;
  if (echo.instructions) body.instructions = echo.instructions;
  const tools = (echo.tools as Record<string, unknown>[] | undefined) ?? [];
  if (tools.length > 0) body.tools = tools.map((t) => Object.fromEntries(Object.entries(t).filter(([k, v]) => v !== null && !(ECHO_DEFAULTS[String(t.type)] ?? []).includes(k))));
  const reasoning = echo.reasoning as Record<string, unknown> | undefined;
  if (reasoning?.summary) body.reasoning = { effort: reasoning.effort, summary: reasoning.summary };
  const format = (echo.text as { format?: { type?: string } } | undefined)?.format;
  if (format && format.type !== 'text') body.text = { format };
  if (echo.store === false) body.store = false;
  // What the output shows was asked for with `include`.
  const output = [...((echo.output as Record<string, unknown>[] | undefined) ?? []), ...(events ?? []).map((e) => e.item as Record<string, unknown> | undefined).filter((i) => i)] as Record<string, unknown>[];
  const include = new Set<string>();
  for (const item of output) {
    if (item.type === 'reasoning' && typeof item.encrypted_content === 'string') include.add('reasoning.encrypted_content');
    if (item.type === 'code_interpreter_call' && Array.isArray(item.outputs) && item.outputs.length > 0) include.add('code_interpreter_call.outputs');
    if (item.type === 'file_search_call' && Array.isArray(item.results)) include.add('file_search_call.results');
    if (item.type === 'web_search_call' && Array.isArray((item.action as { sources?: unknown } | undefined)?.sources)) include.add('web_search_call.action.sources');
  }
  if (include.size > 0) body.include = [...include];
  // Partial images are not echoed: their number is what the stream sent.
  const partials = (events ?? []).filter((e) => e.type === 'response.image_generation_call.partial_image').length;
  const imageTool = (body.tools as Record<string, unknown>[] | undefined)?.find((t) => t.type === 'image_generation');
  if (imageTool && partials > 0) imageTool.partial_images = partials;
  return body;
}

function vercel(dir: string): void {
  const commit = git(dir, 'rev-parse', 'HEAD').trim();
  for (const [name, prompt, headers, jsonPrompt] of VERCEL) {
    const chunksPath = `${VERCEL_DIR}/${name}.chunks.txt`;
    const all = git(dir, 'show', `${commit}:${chunksPath}`).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    // Some files hold several turns' streams one after the other: the first one is kept.
    const next = all.findIndex((e, i) => i > 0 && e.type === 'response.created');
    const events = next < 0 ? all : all.slice(0, next);
    const created = events[0].response as Record<string, unknown>;
    write(`vercel-ai--${name}--stream`, {
      source: { repository: 'vercel/ai', path: chunksPath, commit },
      recorded: day(created.created_at),
      request: { method: 'POST', path: '/v1/responses', body: requestFromEcho((events[events.length - 1].response as Record<string, unknown> | undefined) ?? created, prompt, true, events), derived: 'the fixture has no request: this one is rebuilt from the settings the response echoes' },
      ...(headers ? { replay: { headers, why: 'the recorded stream failed mid-way; the emulator does so on request' } } : {}),
      response: { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, events: shorten(events) },
    });
    const jsonPath = `${VERCEL_DIR}/${name}.json`;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(git(dir, 'show', `${commit}:${jsonPath}`));
    } catch {
      continue;
    }
    if (body.error && !body.object) continue; // an error body without its request: kept below only when the request is known
    write(`vercel-ai--${name}`, {
      source: { repository: 'vercel/ai', path: jsonPath, commit },
      recorded: day(body.created_at),
      request: { method: 'POST', path: '/v1/responses', body: requestFromEcho(body, jsonPrompt ?? prompt, false), derived: 'the fixture has no request: this one is rebuilt from the settings the response echoes' },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: shorten(body) },
    });
  }
}

const [pydanticDir, vercelDir] = process.argv.slice(2);
if (!pydanticDir || !vercelDir) throw new Error('usage: build-traffic-corpus.ts <pydantic-ai git dir> <vercel/ai git dir>');
mkdirSync(OUT, { recursive: true });
pydantic(pydanticDir);
vercel(vercelDir);
