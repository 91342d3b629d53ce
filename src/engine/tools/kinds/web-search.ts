/**
 * `web_search` (and its preview and dated types): a search about the prompt's topic finds 2–3 pages
 * (invented, deterministic, on example.* domains); the answer reports them with URL citations.
 */
import type { GenericItem } from '../../../canonical/items';
import type { Tool } from '../../../canonical/request';
import { pickGiven } from '../../../render/echo-defaults';
import { capitalize, slug, topicOf, type BuiltinContext, type BuiltinResult } from '../builtin';
import { SERVER, type ToolKind } from '../tool-kind';

const SITES = ['news.example.com', 'www.example.org', 'wiki.example.net', 'journal.example.edu'];

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

export function webSearch(_tool: Tool, ctx: BuiltinContext): BuiltinResult {
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

export const webSearchTool: ToolKind = {
  name: 'web_search',
  types: ['web_search', 'web_search_preview', 'web_search_preview_2025_03_11', 'web_search_2025_08_26'],
  triggers: ['search', 'web', 'online', 'internet', 'news', 'latest', 'today', 'current', 'recent', 'look up', 'browse', 'website'],
  clientSide: SERVER,
  call: webSearch,
  echo(tool) {
    if (tool.type === 'web_search_preview' || tool.type === 'web_search_preview_2025_03_11') {
      return {
        type: tool.type,
        search_context_size: tool.search_context_size ?? 'medium',
        user_location: tool.user_location ? echoUserLocation(tool.user_location) : null,
        ...pickGiven(tool, ['search_content_types']),
      };
    }
    // 2026 traffic: filters only when given, the content types and token budget always, external_web_access never.
    return {
      type: tool.type,
      ...(tool.filters ? { filters: tool.filters } : {}),
      return_token_budget: tool.return_token_budget ?? 'default',
      search_content_types: tool.search_content_types ?? ['text'],
      search_context_size: tool.search_context_size ?? 'medium',
      user_location: tool.user_location ? echoUserLocation(tool.user_location) : { ...DEFAULT_USER_LOCATION },
    };
  },
};

/** Where the API places a search when the request gives no `user_location`. */
const DEFAULT_USER_LOCATION = { type: 'approximate', city: null, country: 'US', region: null, timezone: null } as const;

/** A given location keeps its fields; the ones left out are echoed as null. */
function echoUserLocation(given: unknown): Record<string, unknown> {
  const location = given as Record<string, unknown>;
  return { type: location.type ?? 'approximate', city: location.city ?? null, country: location.country ?? null, region: location.region ?? null, timezone: location.timezone ?? null };
}
