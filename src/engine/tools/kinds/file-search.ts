/**
 * `file_search`: a search of the tool's vector stores finds 1–2 files (invented, deterministic);
 * the answer reports them with file citations.
 */
import type { GenericItem } from '../../../canonical/items';
import type { Tool } from '../../../canonical/request';
import { slug, topicOf, type BuiltinContext, type BuiltinResult } from '../builtin';
import { SERVER, type ToolKind } from '../tool-kind';

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

function fileSearch(tool: Tool, ctx: BuiltinContext): BuiltinResult {
  const topic = topicOf(ctx);
  const files = searchedFiles(ctx);
  return {
    items: [fileSearchCall(tool, ctx, files)],
    report: (b) => {
      for (const f of files) b.append(`According to ${f.filename}, ${topic} is covered in detail there.`).citeFile(f.file_id, f.filename).append(' ');
    },
  };
}

export const fileSearchTool: ToolKind = {
  name: 'file_search',
  types: ['file_search'],
  triggers: ['file', 'files', 'document', 'documents', 'docs', 'pdf', 'knowledge base', 'according to', 'uploaded', 'manual'],
  clientSide: SERVER,
  call: fileSearch,
  echo: (tool) => ({
    type: 'file_search',
    filters: tool.filters ?? null,
    max_num_results: tool.max_num_results ?? 20,
    ranking_options: { ranker: 'auto', score_threshold: 0, ...(tool.ranking_options as object | undefined) },
    vector_store_ids: tool.vector_store_ids,
  }),
};
