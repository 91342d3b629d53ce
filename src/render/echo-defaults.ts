/**
 * Tools and text formats as a Response echoes them: what the request gave, with the defaults the
 * live API fills in, in its order. Each default is as recorded in real api.openai.com traffic
 * (test/traffic/corpus, sources in each file), not as the spec lists it.
 */
import type { TextFormat, Tool } from '../canonical/request';

/** Where the API places a search when the request gives no `user_location`. */
const DEFAULT_USER_LOCATION = { type: 'approximate', city: null, country: 'US', region: null, timezone: null } as const;

/** image_generation settings the API always echoes, with its defaults. */
const IMAGE_GENERATION_DEFAULTS = { background: 'auto', moderation: 'auto', n: 1, output_compression: 100, output_format: 'png', quality: 'auto', size: 'auto' } as const;
/** image_generation fields the API accepts but does not echo. */
const IMAGE_GENERATION_UNECHOED = new Set(['partial_images', 'input_fidelity']);

export function echoTool(tool: Tool): Tool {
  switch (tool.type) {
    case 'function':
      return {
        type: 'function',
        // An empty description is no description: the API echoes `null` for `""` too.
        description: typeof tool.description === 'string' && tool.description !== '' ? tool.description : null,
        name: tool.name,
        parameters: tool.parameters ?? null,
        strict: tool.strict ?? true,
        ...pick(tool, ['output_schema', 'defer_loading', 'allowed_callers']),
      };
    case 'web_search_preview':
    case 'web_search_preview_2025_03_11':
      return {
        type: tool.type,
        search_context_size: tool.search_context_size ?? 'medium',
        user_location: tool.user_location ? echoUserLocation(tool.user_location) : null,
        ...pick(tool, ['search_content_types']),
      };
    case 'web_search':
    case 'web_search_2025_08_26':
      // 2026 traffic: filters only when given, the content types and token budget always, external_web_access never.
      return {
        type: tool.type,
        ...(tool.filters ? { filters: tool.filters } : {}),
        return_token_budget: tool.return_token_budget ?? 'default',
        search_content_types: tool.search_content_types ?? ['text'],
        search_context_size: tool.search_context_size ?? 'medium',
        user_location: tool.user_location ? echoUserLocation(tool.user_location) : { ...DEFAULT_USER_LOCATION },
      };
    case 'file_search':
      return {
        type: 'file_search',
        filters: tool.filters ?? null,
        max_num_results: tool.max_num_results ?? 20,
        ranking_options: { ranker: 'auto', score_threshold: 0, ...(tool.ranking_options as object | undefined) },
        vector_store_ids: tool.vector_store_ids,
      };
    case 'image_generation': {
      const echoed: Tool = { type: 'image_generation' };
      for (const [key, value] of Object.entries(IMAGE_GENERATION_DEFAULTS)) echoed[key] = tool[key] ?? value;
      for (const [key, value] of Object.entries(tool)) if (!(key in echoed) && !IMAGE_GENERATION_UNECHOED.has(key) && value !== null) echoed[key] = value;
      return echoed;
    }
    case 'mcp':
      return {
        type: 'mcp',
        allowed_tools: tool.allowed_tools ?? null,
        headers: tool.headers ?? null,
        require_approval: tool.require_approval ?? 'always',
        server_description: tool.server_description ?? null,
        server_label: tool.server_label,
        ...(tool.server_url !== undefined ? { server_url: tool.server_url } : {}),
        // `authorization` is a secret: never echoed.
        ...pick(tool, ['connector_id', 'defer_loading']),
      };
    default:
      return tool;
  }
}

/** A given location keeps its fields; the ones left out are echoed as null. */
function echoUserLocation(given: unknown): Record<string, unknown> {
  const location = given as Record<string, unknown>;
  return { type: location.type ?? 'approximate', city: location.city ?? null, country: location.country ?? null, region: location.region ?? null, timezone: location.timezone ?? null };
}

/** `json_schema` formats are echoed with `description: null` when none was given. */
export function echoTextFormat(format: TextFormat): TextFormat | Record<string, unknown> {
  if (format.type !== 'json_schema') return format;
  const { type, description, name, schema, ...rest } = format;
  return { type, description: description ?? null, name, schema, ...rest };
}

function pick(source: Tool, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}
