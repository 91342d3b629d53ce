/** `web_search` (and its preview and dated types): a search about the prompt's topic, reported with URL citations. */
import { webSearch } from '../builtin';
import { SERVER, type ToolKind } from './tool-kind';

export const webSearchTool: ToolKind = {
  name: 'web_search',
  types: ['web_search', 'web_search_preview', 'web_search_preview_2025_03_11', 'web_search_2025_08_26'],
  triggers: ['search', 'web', 'online', 'internet', 'news', 'latest', 'today', 'current', 'recent', 'look up', 'browse', 'website'],
  clientSide: SERVER,
  call: webSearch,
};
