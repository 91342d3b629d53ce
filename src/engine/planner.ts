/**
 * Request + context → Plan, by synthesis. In output order: MCP tool listings (servers are listed
 * before the model runs); reasoning (reasoning models); then either
 * a refusal, tool calls (client-side tools stop the response until their results come back;
 * built-in tools run and are reported), or an answer — prose, a report of tool results with
 * citations, or JSON for structured outputs. One output budget (`max_output_tokens`) covers it all.
 */
import { annotationEnd, type Annotation, type GenericItem, type OutputMessageItem } from '../canonical/items';
import type { CanonicalRequest } from '../canonical/request';
import type { IdFactory } from '../ids';
import { hasMessagePhase } from '../models';
import type { Rng } from '../random';
import { compact, compactionItem } from './compaction';
import { countInputTokens, countItemTokens } from './input-tokens';
import { logprobsFor } from './logprobs';
import { OutputBudget } from './output-budget';
import type { Plan } from '../model/plan';
import { extractPromptValues, type PromptValues } from './prompt-values';
import { composeReply } from './prose/compose';
import { effortFor, reasoningFor } from './reasoning';
import { isContentFiltered, refusalText, refuses } from './refusal';
import { structuredAnswer } from './structured-output';
import { generatingForFormat } from './synthesis-errors';
import { TextBuilder } from './text-builder';
import { tokenizerForModel, type Tokenizer } from '../tokenizer';
import { mcpCall } from './tools/kinds/mcp';
import { COMPUTER_STEPS, computerCall } from './tools/calls';
import { chooseTools } from './tools/choice';
import { kindOfTool, type ToolCallContext } from './tools/kinds';
import { reportResults } from './tools/results';
import { hasPendingResults, turnState } from './tools/turn-state';

export interface PlanInput {
  request: CanonicalRequest;
  /** Items from earlier turns (previous_response_id chain or conversation). */
  history: readonly GenericItem[];
  /** This turn's input items. */
  input: readonly GenericItem[];
  /** Seeded from the request's content: decides what is said. */
  rng: Rng;
  /** Seeded per response: names the output items. */
  ids: IdFactory;
  /** The clock's year (UTC), so generated dates and years are near "now"; a fixed default when absent. */
  year?: number;
  /** The input tokens of history + input, when already counted (the context window's check); counted here otherwise. */
  inputTokens?: number | null;
}

/** Prompt caching: a prefix of at least 1,024 tokens is cached in blocks of 128, as the live API does. */
export const CACHE_MIN_PREFIX = 1024;
export const CACHE_BLOCK = 128;

export function planResponse({ request, history, input, rng, ids, year, inputTokens: counted }: PlanInput): Plan {
  const tokenizer = tokenizerForModel(request.model);
  // This turn's input alone is the whole context of a first turn: no copy then (the lists are only read).
  const context = history.length === 0 ? input : [...history, ...input];
  const inputTokens = counted ?? countInputTokens(tokenizer, { instructions: request.instructions, items: context, tools: request.tools, format: request.text.format });
  const cachedTokens = cachedPrefixTokens(tokenizer, history);
  const prompt = latestUserText(context);
  const state = turnState(context);
  // What the prompt talks about is only needed to fill tool arguments, tool results and structured
  // outputs; a plain answer never reads it, so it is worked out on first use (it draws no randomness).
  let values: PromptValues | null = null;
  const promptValues = (): PromptValues => (values ??= extractPromptValues(prompt, state.results.map((r) => r.output), year));
  const budget = new OutputBudget(tokenizer, request.max_output_tokens, !request.max_output_excludes_reasoning);
  const items: GenericItem[] = [];
  // The usage every ending reports (finished() below); the budget's counts are read when it is called.
  const counts: PlanCounts = { inputTokens, cachedTokens, budget };

  // Remote compaction (Codex's "compaction v2"): an input ending in `compaction_trigger` is answered
  // with exactly one `compaction` item folding the context, as POST /responses/compact would.
  if (input.length > 0 && input[input.length - 1].type === 'compaction_trigger') {
    const { folded, summaryTokens } = compact(tokenizer, context);
    items.push(compactionItem(ids, folded, summaryTokens));
    const plan = finished(items, counts, null);
    plan.usage.output_tokens = summaryTokens;
    return plan;
  }

  // Models with message phases mark the answer `final_answer` and a note before tool calls `commentary`.
  const phase: OutputMessageItem['phase'] = hasMessagePhase(request.model) ? 'final_answer' : undefined;

  // Each seeded stream (rng.fork) is made where it is first drawn from, not up front: a fork depends
  // only on the seed and its label, never on draws made before it, so the text is the same and a
  // plain answer skips the streams it never uses (reasoning, refusal, tools).
  if (effortFor(request)) {
    const reasoning = reasoningFor(request, prompt, rng.fork('reasoning'), ids);
    items.push(reasoning.item);
    budget.spendHidden(reasoning.tokens);
    if (budget.exhausted) {
      reasoning.item.status = 'incomplete';
      return finished(items, counts);
    }
  }

  if (refuses(prompt)) {
    const { text, cut } = budget.take(refusalText(rng.fork('refusal')));
    items.push(messageItem(ids, [{ type: 'refusal', refusal: text }], cut, phase));
    return finished(items, counts);
  }
  if (isContentFiltered(prompt)) {
    const { text } = budget.take(composeReply(prompt, 'low', rng.fork('prose')).split(/(?<=[.!?])\s+/)[0]);
    items.push(messageItem(ids, [outputText(text, [])], true, phase));
    return finished(items, counts, budget.exhausted ? 'max_output_tokens' : 'content_filter');
  }

  // Made on the first tool call or result (most requests have neither).
  let ctx: ToolCallContext | null = null;
  const toolContext = (): ToolCallContext =>
    (ctx ??= {
      rng: rng.fork('tools'),
      ids,
      get values() {
        return promptValues();
      },
      include: request.include,
      context,
      request,
      budget,
    });
  let report: TextBuilder | null = null;
  let awaitsClient = false;

  // Approved (or declined) MCP calls resume first.
  for (const { request: approval, approve } of state.approvals) {
    report ??= new TextBuilder();
    if (approve) {
      const call = mcpCall(String(approval.server_label), String(approval.name), String(approval.arguments), String(approval.id), toolContext());
      items.push(call);
      report.append(`${String(call.output)} `);
    } else {
      report.append(`I did not run ${String(approval.name)} on ${String(approval.server_label)}, since the request was declined. `);
    }
  }

  if (request.tools.length > 0) {
    const computer = request.tools.find((t) => t.type === 'computer_use_preview' || t.type === 'computer');
    if (computer && state.computerSteps > 0 && !state.awaitingComputer && state.computerSteps < COMPUTER_STEPS) {
      items.push(computerCall(state.computerSteps, toolContext()));
      return finished(items, counts);
    }

    // Each tool's kind (tools/kinds/) makes its call; client-side calls end the turn.
    let commented = !phase;
    for (const tool of chooseTools({ request, prompt, hasPendingResults: hasPendingResults(state) })) {
      const kind = kindOfTool(tool);
      if (!kind) continue;
      if (kind.clientSide(tool) && !commented) {
        commented = true;
        const { text, cut } = budget.take(rng.fork('commentary').pick(COMMENTARY).replace('{tool}', String(tool.name ?? tool.type)));
        items.push(messageItem(ids, [outputText(text, [])], cut, 'commentary'));
      }
      const result = kind.call(tool, toolContext());
      if (!result) continue; // hosted shells and the like are not emulated: the model answers instead
      items.push(...result.items);
      if (result.report) result.report((report ??= new TextBuilder()));
      awaitsClient ||= result.awaitsClient === true;
      if (budget.exhausted) return finished(items, counts);
    }
    if (awaitsClient) return finished(items, counts);
  }

  if (state.results.length > 0) reportResults(state.results, (report ??= new TextBuilder()), rng.fork('results'));
  const reported = report?.build();
  const prose = reported?.text ? reported.text.trim() : composeReply(prompt, request.text.verbosity, rng.fork('prose'));
  // Only a JSON format has a structured answer (structuredAnswer is null for text).
  const structured = request.text.format.type === 'text' ? null : generatingForFormat(request, () => structuredAnswer(request.text.format, prose, promptValues, rng.fork('structured')));
  const { text, cut } = budget.take(structured ?? prose);
  const annotations = structured || !reported ? [] : reported.annotations.filter((a) => annotationEnd(a) <= text.length);
  const part = outputText(text, annotations);
  if (request.include.includes('message.output_text.logprobs')) part.logprobs = logprobsFor(tokenizer, text, request.top_logprobs, rng.fork('logprobs'));
  items.push(messageItem(ids, [part], cut, phase));
  return finished(items, counts);
}

/** What a plan's usage is made of, besides its items. */
interface PlanCounts {
  inputTokens: number;
  cachedTokens: number;
  budget: OutputBudget;
}

/** The plan of the items made so far: incomplete when the budget ran out, unless `reason` says otherwise. */
function finished(items: GenericItem[], { inputTokens, cachedTokens, budget }: PlanCounts, reason: Plan['incomplete_reason'] = budget.exhausted ? 'max_output_tokens' : null): Plan {
  return {
    items: listingsFirst(items),
    status: reason ? 'incomplete' : 'completed',
    incomplete_reason: reason,
    error: null,
    usage: { input_tokens: inputTokens, cached_tokens: cachedTokens, output_tokens: budget.used, reasoning_tokens: budget.reasoning, cache_write_tokens: 0 },
  };
}

/** MCP servers are listed before the model runs: their listings come first, as in real traffic (the list as it is when there are none). */
function listingsFirst(items: GenericItem[]): GenericItem[] {
  if (!items.some((i) => i.type === 'mcp_list_tools')) return items;
  return [...items.filter((i) => i.type === 'mcp_list_tools'), ...items.filter((i) => i.type !== 'mcp_list_tools')];
}

/** A warm-up (WebSocket `generate: false`): nothing generated, the input counted as a real turn would count it. */
export function warmupPlan(request: CanonicalRequest, context: readonly GenericItem[]): Plan {
  const tokenizer = tokenizerForModel(request.model);
  const input_tokens = countInputTokens(tokenizer, { instructions: request.instructions, items: context, tools: request.tools, format: request.text.format });
  return { items: [], status: 'completed', incomplete_reason: null, error: null, usage: { input_tokens, cached_tokens: 0, output_tokens: 0, reasoning_tokens: 0, cache_write_tokens: 0 } };
}

function outputText(text: string, annotations: Annotation[]): OutputMessageItem['content'][number] & { type: 'output_text' } {
  return { type: 'output_text', annotations, logprobs: [], text };
}

function messageItem(ids: IdFactory, content: OutputMessageItem['content'], incomplete: boolean, phase?: OutputMessageItem['phase']): OutputMessageItem {
  const id = ids.next('message');
  const status = incomplete ? 'incomplete' : 'completed';
  // `phase` last, as the API sends it; written as two literals rather than spreading a copy.
  return phase ? { id, type: 'message', status, content, role: 'assistant', phase } : { id, type: 'message', status, content, role: 'assistant' };
}

const COMMENTARY = ["I'll use {tool} for this.", 'Let me check with {tool}.', "I'm going to call {tool} first."];

/** The text of the last user message, from this turn or, failing that, from history. */
export function latestUserText(context: readonly GenericItem[]): string {
  for (let i = context.length - 1; i >= 0; i--) {
    const item = context[i];
    if (item.type === 'message' && item.role === 'user') return messageText(item);
  }
  return '';
}

function messageText(item: GenericItem): string {
  const content = item.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  // The texts joined by newlines, in one pass (runs for every request; usually one part, returned as it is).
  let text: string | null = null;
  for (const p of content as { type?: string; text?: string }[]) {
    if (p.type !== 'input_text' && p.type !== 'output_text') continue;
    const part = p.text ?? '';
    text = text === null ? String(part) : `${text}\n${part}`;
  }
  return text ?? '';
}

function cachedPrefixTokens(tokenizer: Tokenizer, history: readonly GenericItem[]): number {
  if (history.length === 0) return 0;
  const prefix = history.reduce((n, item) => n + countItemTokens(tokenizer, item), 0);
  return prefix >= CACHE_MIN_PREFIX ? Math.floor(prefix / CACHE_BLOCK) * CACHE_BLOCK : 0;
}
