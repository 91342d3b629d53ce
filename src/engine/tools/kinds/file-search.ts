/** `file_search`: a search of the tool's vector stores, reported with file citations. */
import { fileSearch } from '../builtin';
import { SERVER, type ToolKind } from './tool-kind';

export const fileSearchTool: ToolKind = {
  name: 'file_search',
  types: ['file_search'],
  triggers: ['file', 'files', 'document', 'documents', 'docs', 'pdf', 'knowledge base', 'according to', 'uploaded', 'manual'],
  clientSide: SERVER,
  call: fileSearch,
};
