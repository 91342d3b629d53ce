/**
 * Which tools the model uses this turn — a documented, deterministic policy:
 *
 * - `tool_choice: "none"` → none. A forced choice (`{type: "function", name}`, `{type: "mcp", …}`,
 *   `{type: "web_search_preview"}`…) → that tool. `allowed_tools` restricts the candidates first.
 * - `"auto"` → the tools the latest user message is about: a function or custom tool whose name (or
 *   a word of it) appears in the message, or two words of the first sentence of its description
 *   (relevance.ts); a built-in tool whose trigger words appear (each tool kind's `triggers`, in
 *   kinds/). When the message names tools outright, only those; otherwise the best matches (at
 *   least half the top score, at most MAX_GUESSED). When the turn already ends with the results of
 *   earlier calls, or the message asks for a summary of the conversation (a client compacting its
 *   context), "auto" answers in text.
 * - `"required"` → as "auto", and if nothing matches, the best-scoring tool (the first one on a tie).
 * - `parallel_tool_calls: false` → at most one call; `max_tool_calls` caps the number of calls.
 */
import type { CanonicalRequest, Tool } from '../../canonical/request';
import { asksForConversationSummary } from '../compaction';
import { choiceKindName, kindOfTool, toolKind } from './kinds';
import { NAMED, promptWords, triggerRelevance, type PromptWords } from './relevance';

/** Tools "auto" calls at once when the prompt names none outright. */
export const MAX_GUESSED = 3;

export interface ToolChoiceInput {
  request: CanonicalRequest;
  /** The latest user message. */
  prompt: string;
  /** True when the input ends with outputs of earlier tool calls (the model has results to use). */
  hasPendingResults: boolean;
}

/** What `tool_choice` leaves the model: the tools it may use, and how it must choose among them. */
interface Permitted {
  tools: Tool[];
  mode: 'auto' | 'required' | 'forced';
}

/**
 * The tools the model may use at all, whatever the prompt: none with `tool_choice: "none"`, only the
 * forced one, or those `allowed_tools` lists (what a fixture's answer may be filled in with).
 */
export function permittedTools(request: CanonicalRequest): Tool[] {
  return permitted(request).tools;
}

/** The tools to use this turn, in the order their calls appear. */
export function chooseTools({ request, prompt, hasPendingResults }: ToolChoiceInput): Tool[] {
  const { tools: candidates, mode } = permitted(request);
  if (candidates.length === 0) return [];
  if (mode === 'forced') return [candidates[0]];
  if (mode === 'auto' && (hasPendingResults || asksForConversationSummary(prompt))) return [];

  const words = promptWords(prompt);
  const scored = candidates.map((tool, index) => ({ tool, index, score: relevance(tool, words) }));
  let chosen = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.index - b.index);
  if (chosen.some((s) => s.score >= NAMED)) chosen = chosen.filter((s) => s.score >= NAMED);
  else chosen = chosen.filter((s) => s.score * 2 >= chosen[0].score).slice(0, MAX_GUESSED);
  if (chosen.length === 0 && mode === 'required') chosen = [scored[0]];
  let tools = chosen.map((s) => s.tool);
  if (!request.parallel_tool_calls) tools = tools.slice(0, 1);
  if (request.max_tool_calls !== null) tools = tools.slice(0, request.max_tool_calls);
  return tools;
}

/** The one reading of `tool_choice` both the policy and the fixtures' fill-in use. */
function permitted(request: CanonicalRequest): Permitted {
  const choice = request.tool_choice;
  if (choice === 'none') return { tools: [], mode: 'auto' };
  const tools = callableTools(request.tools);
  if (typeof choice !== 'object' || choice === null) return { tools, mode: choice === 'required' ? 'required' : 'auto' };
  if (choice.type === 'allowed_tools') {
    const allowed = (choice.tools as Record<string, unknown>[] | undefined) ?? [];
    return { tools: tools.filter((tool) => allowed.some((a) => sameTool(tool, a))), mode: choice.mode === 'required' ? 'required' : 'auto' };
  }
  return { tools: tools.filter((tool) => sameTool(tool, choice)), mode: 'forced' };
}

/** Function and custom tools inside a namespace are callable on their own. */
function callableTools(tools: readonly Tool[]): Tool[] {
  return tools.flatMap((tool) => (tool.type === 'namespace' ? ((tool.tools as Tool[] | undefined) ?? []).map((t) => ({ ...t, namespace: tool.name })) : [tool]));
}

/** Does a tool_choice or allowed_tools entry designate this tool? */
function sameTool(tool: Tool, spec: Record<string, unknown>): boolean {
  if (spec.type === 'function' || spec.type === 'custom') return tool.type === spec.type && tool.name === spec.name;
  if (spec.type === 'mcp') return tool.type === 'mcp' && tool.server_label === spec.server_label;
  return toolKind(tool) === choiceKindName(String(spec.type));
}

/** How strongly the prompt is about this tool (its kind's own measure, or its trigger words); 0 means not at all. */
function relevance(tool: Tool, prompt: PromptWords): number {
  const kind = kindOfTool(tool);
  if (kind?.relevance) return kind.relevance(tool, prompt);
  return triggerRelevance(kind?.triggers ?? [], prompt);
}
