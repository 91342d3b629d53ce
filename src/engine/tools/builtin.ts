/**
 * Built-in (server-side) tools, emulated: each returns the tool's output items as the API shapes
 * them, plus a "finding" that the final answer reports (with citations where the API has them).
 * Sources, files and containers are invented, deterministic and clearly fake (example.* domains).
 */
import type { GenericItem } from '../../canonical/items';
import type { Tool } from '../../canonical/request';
import { gradientPngBase64 } from '../png';
import { fakeValue } from '../schema-faker';
import type { TextBuilder } from '../text-builder';
import type { CallContext } from './calls';

export interface BuiltinContext extends CallContext {
  include: readonly string[];
  /** Items already in the conversation (for MCP tool lists). */
  context: readonly GenericItem[];
}

export interface BuiltinResult {
  items: GenericItem[];
  /** Appends what the tool found to the final answer; absent when the answer must wait (approvals). */
  report?: (b: TextBuilder) => void;
  /** The response stops here for the client (an approval request). */
  awaitsClient?: boolean;
}

const SITES = ['news.example.com', 'www.example.org', 'wiki.example.net', 'journal.example.edu'];

function topicOf(ctx: CallContext): string {
  return ctx.values.topic ?? ctx.values.keywords.slice(0, 3).join(' ') ?? 'the topic';
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'article';
}

export interface WebSource {
  url: string;
  title: string;
  site: string;
}

/** The pages a search about the prompt's topic finds (2–3, seeded). */
export function webSources(ctx: BuiltinContext): WebSource[] {
  const rng = ctx.rng.fork('web_search');
  const topic = topicOf(ctx);
  const count = rng.int(2, 3);
  return SITES.slice(0, count).map((site, i) => ({
    url: `https://${site}/${slug(topic)}${i === 0 ? '' : `-${i + 1}`}`,
    title: `${capitalize(topic)} — ${site.split('.')[0]} coverage`,
    site,
  }));
}

/** The `web_search_call` item of a search that found `sources`. */
export function webSearchCall(ctx: BuiltinContext, sources: readonly WebSource[]): GenericItem {
  const query = ctx.values.text.slice(0, 200) || topicOf(ctx);
  // Real search actions list every query the model ran in `queries` (the first is also `query`).
  const action: Record<string, unknown> = { type: 'search', query, queries: [query] };
  if (ctx.include.includes('web_search_call.action.sources')) action.sources = sourcesOf(sources);
  return { id: ctx.ids.next('web_search_call'), type: 'web_search_call', status: 'completed', action };
}

/** `action.sources` as the API lists them. */
export function sourcesOf(sources: readonly WebSource[]): { type: 'url'; url: string }[] {
  return sources.map((s) => ({ type: 'url', url: s.url }));
}

export function webSearch(tool: Tool, ctx: BuiltinContext): BuiltinResult {
  const topic = topicOf(ctx);
  const sources = webSources(ctx);
  return {
    items: [webSearchCall(ctx, sources)],
    report: (b) => {
      b.append(`Here is what I found about ${topic}:\n\n`);
      sources.forEach((s, i) => {
        b.append(`- ${i === 0 ? 'Recent coverage' : 'Another source'} discusses ${topic} in some detail (`).citeUrl(s.site, s.url, s.title).append(').\n');
      });
    },
  };
}

export interface SearchedFile {
  file_id: string;
  filename: string;
  score: number;
}

/** The files a file search about the prompt's topic finds (1–2, seeded). */
export function searchedFiles(ctx: BuiltinContext): SearchedFile[] {
  const rng = ctx.rng.fork('file_search');
  const topic = topicOf(ctx);
  return Array.from({ length: rng.int(1, 2) }, (_, i) => ({
    file_id: `file-${rng.chars(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
    filename: i === 0 ? `${slug(topic)}.pdf` : `notes-${i + 1}.md`,
    score: Math.round((0.95 - i * 0.1 - rng.float() * 0.05) * 10000) / 10000,
  }));
}

/** `results` of a file_search_call as `include: ["file_search_call.results"]` lists them. */
export function fileSearchResults(tool: Tool, ctx: BuiltinContext, files: readonly SearchedFile[]): Record<string, unknown>[] {
  const stores = (tool.vector_store_ids as string[] | undefined) ?? [];
  const topic = topicOf(ctx);
  // As in real traffic: the store is named beside the result; `attributes` are the file's own (none here).
  return files.map((f) => ({ attributes: {}, file_id: f.file_id, filename: f.filename, score: f.score, text: `An excerpt about ${topic} from ${f.filename}.`, vector_store_id: stores[0] ?? 'vs_unknown' }));
}

/** The `file_search_call` item of a search that found `files`. */
export function fileSearchCall(tool: Tool, ctx: BuiltinContext, files: readonly SearchedFile[]): GenericItem {
  return {
    id: ctx.ids.next('file_search_call'),
    type: 'file_search_call',
    status: 'completed',
    queries: [ctx.values.text.slice(0, 200) || topicOf(ctx)],
    results: ctx.include.includes('file_search_call.results') ? fileSearchResults(tool, ctx, files) : null,
  };
}

export function fileSearch(tool: Tool, ctx: BuiltinContext): BuiltinResult {
  const topic = topicOf(ctx);
  const files = searchedFiles(ctx);
  return {
    items: [fileSearchCall(tool, ctx, files)],
    report: (b) => {
      for (const f of files) b.append(`According to ${f.filename}, ${topic} is covered in detail there.`).citeFile(f.file_id, f.filename).append(' ');
    },
  };
}

export function codeInterpreter(tool: Tool, ctx: BuiltinContext): BuiltinResult {
  const numbers = ctx.values.numbers.slice(0, 8);
  const code =
    numbers.length > 0
      ? `values = [${numbers.join(', ')}]\ntotal = sum(values)\nmean = total / len(values)\nprint(f"total={total} mean={mean}")`
      : `summary = ${JSON.stringify(topicOf(ctx))}\nprint(summary.title())`;
  const logs = numbers.length > 0 ? pythonTotals(numbers) : `${titleCase(topicOf(ctx))}\n`;
  const container = typeof tool.container === 'string' ? tool.container : `cntr_${ctx.rng.fork('container').hex(32)}`;
  const item: GenericItem = {
    id: ctx.ids.next('code_interpreter_call'),
    type: 'code_interpreter_call',
    status: 'completed',
    container_id: container,
    code,
    outputs: ctx.include.includes('code_interpreter_call.outputs') ? [{ type: 'logs', logs }] : null,
  };
  return { items: [item], report: (b) => b.append(`I ran the code and it printed: ${logs.trim()}.`) };
}

export function imageGeneration(tool: Tool, ctx: BuiltinContext): BuiltinResult {
  const item: GenericItem = {
    id: ctx.ids.next('image_generation_call'),
    type: 'image_generation_call',
    status: 'completed',
    result: gradientPngBase64(ctx.rng.fork('image')),
    revised_prompt: ctx.values.text.slice(0, 500),
    size: typeof tool.size === 'string' && tool.size !== 'auto' ? tool.size : '1024x1024',
    quality: typeof tool.quality === 'string' && tool.quality !== 'auto' ? tool.quality : 'medium',
    output_format: 'png',
    background: 'opaque',
  };
  return { items: [item], report: (b) => b.append(`Here is the image: ${ctx.values.topic ?? 'as requested'}.`) };
}

/**
 * The emulated MCP server offers the tools `allowed_tools` names, or `search` and `fetch`, listed as
 * real servers list theirs: a draft-07 input schema with described properties, and annotations.
 */
export function mcpToolsOf(tool: Tool): { name: string; description: string; input_schema: Record<string, unknown>; annotations: { read_only: boolean } }[] {
  const allowed = Array.isArray(tool.allowed_tools) ? (tool.allowed_tools as string[]) : ((tool.allowed_tools as { tool_names?: string[] } | null)?.tool_names ?? []);
  const names = allowed.length > 0 ? allowed : ['search', 'fetch'];
  return names.map((name) => {
    const param = name === 'fetch' ? 'id' : 'query';
    return {
      annotations: { read_only: name === 'search' || name === 'fetch' },
      description: `${name} on ${String(tool.server_label)}`,
      input_schema: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        additionalProperties: false,
        properties: { [param]: { description: param === 'id' ? 'The id of the document to fetch' : 'What to look for', type: 'string' } },
        required: [param],
        type: 'object',
      },
      name,
    };
  });
}

function needsApproval(tool: Tool, name: string): boolean {
  const policy = tool.require_approval;
  if (policy === 'never') return false;
  if (policy && typeof policy === 'object') {
    const never = (policy as { never?: { tool_names?: string[] } }).never?.tool_names ?? [];
    const always = (policy as { always?: { tool_names?: string[] } }).always?.tool_names;
    if (never.includes(name)) return false;
    if (always) return always.includes(name);
  }
  return true; // the API's default is "always"
}

export function mcp(tool: Tool, ctx: BuiltinContext): BuiltinResult {
  const label = String(tool.server_label);
  const tools = mcpToolsOf(tool);
  const items: GenericItem[] = [];
  if (!ctx.context.some((i) => i.type === 'mcp_list_tools' && i.server_label === label)) {
    // Real traffic has no `error` key on a listing that succeeded.
    items.push({ id: ctx.ids.next('mcp_list_tools'), type: 'mcp_list_tools', server_label: label, tools });
  }
  const lower = ctx.values.text.toLowerCase();
  const chosen = tools.find((t) => lower.includes(t.name.toLowerCase())) ?? tools[0];
  const args = JSON.stringify(fakeValue(chosen.input_schema, ctx.rng.fork(`mcp:${chosen.name}`), ctx.values, { leaveOutOptionals: true }));
  if (needsApproval(tool, chosen.name)) {
    items.push({ id: ctx.ids.next('mcp_approval_request'), type: 'mcp_approval_request', server_label: label, name: chosen.name, arguments: args });
    return { items, awaitsClient: true };
  }
  const call = mcpCall(label, chosen.name, args, null, ctx);
  return { items: [...items, call], report: (b) => b.append(`${String(call.output)}`) };
}

/** Runs an MCP tool (after approval, or when none is needed). */
export function mcpCall(label: string, name: string, args: string, approvalRequestId: string | null, ctx: CallContext): GenericItem {
  const output = `${label}.${name} returned results for ${ctx.values.topic ?? 'the request'}: ${capitalize(ctx.values.topic ?? 'it')} is documented, with examples and references.`;
  return {
    id: ctx.ids.next('mcp_call'),
    type: 'mcp_call',
    status: 'completed',
    approval_request_id: approvalRequestId,
    arguments: args,
    error: null,
    name,
    output,
    server_label: label,
  };
}

/** What Python prints for `total`/`mean` of these numbers. */
function pythonTotals(numbers: number[]): string {
  const total = numbers.reduce((a, b) => a + b, 0);
  const mean = total / numbers.length;
  const py = (n: number, float: boolean): string => (Number.isInteger(n) && !float ? String(n) : Number.isInteger(n) ? `${n}.0` : String(n));
  const anyFloat = numbers.some((n) => !Number.isInteger(n));
  return `total=${py(total, anyFloat)} mean=${py(mean, true)}\n`;
}

function capitalize(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}

function titleCase(s: string): string {
  return s.replace(/\b\w/g, (c) => c.toUpperCase());
}
