/**
 * Which tools the model uses this turn — a documented, deterministic policy:
 *
 * - `tool_choice: "none"` → none. A forced choice (`{type: "function", name}`, `{type: "mcp", …}`,
 *   `{type: "web_search_preview"}`…) → that tool. `allowed_tools` restricts the candidates first.
 * - `"auto"` → the tools the latest user message is about: a function or custom tool whose name (or
 *   a word of it) appears in the message, or two words of the first sentence of its description
 *   (what the tool is; the rest of a long description is usage notes whose words say nothing about
 *   the prompt); a built-in tool whose trigger words appear (see BUILTIN_TRIGGERS). When the message
 *   names tools outright, only those; otherwise the best matches (at least half the top score, at
 *   most MAX_GUESSED). When the turn already ends with the results of earlier calls, or the message
 *   asks for a summary of the conversation (a client compacting its context), "auto" answers in text.
 * - `"required"` → as "auto", and if nothing matches, the best-scoring tool (the first one on a tie).
 * - `parallel_tool_calls: false` → at most one call; `max_tool_calls` caps the number of calls.
 */
import type { CanonicalRequest, Tool } from '../../canonical/request';
import { asksForConversationSummary } from '../compaction';

/** Words that make a built-in tool relevant to a prompt. */
export const BUILTIN_TRIGGERS: Readonly<Record<string, readonly string[]>> = {
  web_search: ['search', 'web', 'online', 'internet', 'news', 'latest', 'today', 'current', 'recent', 'look up', 'browse', 'website'],
  file_search: ['file', 'files', 'document', 'documents', 'docs', 'pdf', 'knowledge base', 'according to', 'uploaded', 'manual'],
  code_interpreter: ['calculate', 'compute', 'python', 'code', 'run', 'plot', 'chart', 'graph', 'analyze', 'analyse', 'sqrt', 'equation', 'csv', 'data'],
  image_generation: ['image', 'picture', 'draw', 'drawing', 'illustrate', 'illustration', 'sketch', 'logo', 'paint', 'painting', 'photo', 'render'],
  computer_use_preview: ['click', 'browser', 'screen', 'screenshot', 'navigate', 'open the', 'type into', 'scroll'],
  mcp: ['use the', 'ask', 'fetch'],
  shell: ['shell', 'command', 'terminal', 'bash', 'run', 'execute', 'ls', 'pwd', 'directory', 'list files'],
  local_shell: ['shell', 'command', 'terminal', 'bash', 'run', 'execute', 'ls', 'pwd', 'directory', 'list files'],
  apply_patch: ['patch', 'file', 'create', 'edit', 'write', 'modify', 'update', 'delete', 'remove'],
};

/** Generic verbs in function names that say nothing about the topic ("get_weather" is about "weather"). */
const GENERIC_NAME_WORDS = new Set(['get', 'set', 'list', 'fetch', 'create', 'update', 'delete', 'find', 'make', 'do', 'run', 'call', 'tool', 'function', 'the', 'a', 'an', 'of', 'for', 'to', 'by', 'current', 'new', 'info', 'data']);
const DESCRIPTION_STOPWORDS = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'by', 'from', 'given', 'get', 'gets', 'returns', 'return', 'current', 'specified', 'provided', 'this', 'that', 'is', 'are', 'be', 'it', 'use', 'used', 'when', 'user', 'e.g.', 'eg', 'such', 'as', 'any', 'all']);

/** Tools "auto" calls at once when the prompt names none outright. */
export const MAX_GUESSED = 3;
/** Score of a tool the prompt names outright. */
const NAMED = 10;

export interface ToolChoiceInput {
  request: CanonicalRequest;
  /** The latest user message. */
  prompt: string;
  /** True when the input ends with outputs of earlier tool calls (the model has results to use). */
  hasPendingResults: boolean;
}

export function toolKind(tool: Tool): string {
  if (tool.type === 'web_search_preview' || tool.type === 'web_search_preview_2025_03_11' || tool.type === 'web_search_2025_08_26') return 'web_search';
  return tool.type;
}

/** The tools to use this turn, in the order their calls appear. */
export function chooseTools({ request, prompt, hasPendingResults }: ToolChoiceInput): Tool[] {
  const choice = request.tool_choice;
  let candidates = callableTools(request.tools);
  if (choice === 'none' || candidates.length === 0) return [];
  let mode: 'auto' | 'required' = choice === 'required' ? 'required' : 'auto';

  if (typeof choice === 'object') {
    if (choice.type === 'allowed_tools') {
      const allowed = (choice.tools as Record<string, unknown>[] | undefined) ?? [];
      candidates = candidates.filter((tool) => allowed.some((a) => sameTool(tool, a)));
      mode = choice.mode === 'required' ? 'required' : 'auto';
    } else {
      const forced = candidates.find((tool) => sameTool(tool, choice));
      return forced ? [forced] : [];
    }
  }
  if (candidates.length === 0) return [];
  if (mode === 'auto' && (hasPendingResults || asksForConversationSummary(prompt))) return [];

  const words = promptWords(prompt);
  const scored = candidates.map((tool, index) => ({ tool, index, score: relevance(tool, prompt.toLowerCase(), words) }));
  let chosen = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.index - b.index);
  if (chosen.some((s) => s.score >= NAMED)) chosen = chosen.filter((s) => s.score >= NAMED);
  else chosen = chosen.filter((s) => s.score * 2 >= chosen[0].score).slice(0, MAX_GUESSED);
  if (chosen.length === 0 && mode === 'required') chosen = [scored[0]];
  let tools = chosen.map((s) => s.tool);
  if (!request.parallel_tool_calls) tools = tools.slice(0, 1);
  if (request.max_tool_calls !== null) tools = tools.slice(0, request.max_tool_calls);
  return tools;
}

/**
 * The tools the model may use at all, whatever the prompt: none with `tool_choice: "none"`, only the
 * forced one, or those `allowed_tools` lists (what a fixture's answer may be filled in with).
 */
export function permittedTools(request: CanonicalRequest): Tool[] {
  const choice = request.tool_choice;
  const tools = callableTools(request.tools);
  if (choice === 'none') return [];
  if (typeof choice !== 'object' || choice === null) return tools;
  if (choice.type === 'allowed_tools') {
    const allowed = (choice.tools as Record<string, unknown>[] | undefined) ?? [];
    return tools.filter((tool) => allowed.some((a) => sameTool(tool, a)));
  }
  return tools.filter((tool) => sameTool(tool, choice));
}

/** Function and custom tools inside a namespace are callable on their own. */
function callableTools(tools: readonly Tool[]): Tool[] {
  return tools.flatMap((tool) => (tool.type === 'namespace' ? ((tool.tools as Tool[] | undefined) ?? []).map((t) => ({ ...t, namespace: tool.name })) : [tool]));
}

/** Does a tool_choice or allowed_tools entry designate this tool? */
function sameTool(tool: Tool, spec: Record<string, unknown>): boolean {
  if (spec.type === 'function' || spec.type === 'custom') return tool.type === spec.type && tool.name === spec.name;
  if (spec.type === 'mcp') return tool.type === 'mcp' && tool.server_label === spec.server_label;
  const kind = toolKind({ type: String(spec.type) });
  return toolKind(tool) === kind || (kind === 'computer_use' && tool.type === 'computer_use_preview');
}

/** How strongly the prompt is about this tool; 0 means not at all. */
function relevance(tool: Tool, lowerPrompt: string, words: Set<string>): number {
  if (tool.type === 'function' || tool.type === 'custom') {
    const name = String(tool.name ?? '');
    if (name && new RegExp(`(^|[^a-z0-9_])${escapeRegExp(name.toLowerCase())}($|[^a-z0-9_])`).test(lowerPrompt)) return NAMED;
    const nameWords = splitName(name).filter((w) => !GENERIC_NAME_WORDS.has(w));
    const nameHits = nameWords.filter((w) => words.has(w)).length;
    const description = firstSentence(typeof tool.description === 'string' ? tool.description : '');
    const descWords = new Set(tokenize(description).filter((w) => !DESCRIPTION_STOPWORDS.has(w) && w.length > 2));
    const descHits = [...descWords].filter((w) => words.has(w)).length;
    if (nameHits > 0) return 3 * nameHits + descHits;
    return descHits >= 2 ? descHits : 0;
  }
  if (tool.type === 'mcp') {
    const label = String(tool.server_label ?? '').toLowerCase();
    if (label && lowerPrompt.includes(label)) return 5;
    const allowed = Array.isArray(tool.allowed_tools) ? (tool.allowed_tools as string[]) : [];
    if (allowed.some((name) => lowerPrompt.includes(name.toLowerCase()))) return 4;
    return 0;
  }
  const triggers = BUILTIN_TRIGGERS[toolKind(tool)] ?? [];
  return triggers.filter((t) => (t.includes(' ') ? lowerPrompt.includes(t) : words.has(stem(t)))).length;
}

/** What a tool is, from its description: the first sentence (or line), at most 200 characters. */
function firstSentence(description: string): string {
  const head = description.trim().slice(0, 200);
  return head.split(/(?<=[.!?])\s|\n/)[0];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function splitName(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(stem);
}

function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9'-]*/g) ?? []).map(stem);
}

function promptWords(prompt: string): Set<string> {
  return new Set(tokenize(prompt));
}

/** A light plural/verb-form folding, so "files" meets "file" and "searching" meets "search". */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 3 && word.endsWith('es') && /(sh|ch|x|s)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
