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
import { planReasoning } from './reasoning';
import { isContentFiltered, refusalFor } from './refusal';
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
}

/** Prompt caching: a prefix of at least 1,024 tokens is cached in blocks of 128, as the live API does. */
export const CACHE_MIN_PREFIX = 1024;
export const CACHE_BLOCK = 128;

export function planResponse({ request, history, input, rng, ids, year }: PlanInput): Plan {
  const tokenizer = tokenizerForModel(request.model);
  const context = [...history, ...input];
  const inputTokens = countInputTokens(tokenizer, { instructions: request.instructions, items: context, tools: request.tools, format: request.text.format });
  const cachedTokens = cachedPrefixTokens(tokenizer, history);
  const prompt = latestUserText(context);
  const state = turnState(context);
  // What the prompt talks about is only needed to fill tool arguments, tool results and structured
  // outputs; a plain answer never reads it, so it is worked out on first use (it draws no randomness).
  let values: PromptValues | null = null;
  const promptValues = (): PromptValues => (values ??= extractPromptValues(prompt, state.results.map((r) => r.output), year));
  const budget = new OutputBudget(tokenizer, request.max_output_tokens, !request.max_output_excludes_reasoning);
  const items: GenericItem[] = [];
  const finish = (reason: Plan['incomplete_reason'] = budget.exhausted ? 'max_output_tokens' : null): Plan => ({
    // MCP servers are listed before the model runs: their listings come first, as in real traffic.
    items: [...items.filter((i) => i.type === 'mcp_list_tools'), ...items.filter((i) => i.type !== 'mcp_list_tools')],
    status: reason ? 'incomplete' : 'completed',
    incomplete_reason: reason,
    error: null,
    usage: { input_tokens: inputTokens, cached_tokens: cachedTokens, output_tokens: budget.used, reasoning_tokens: budget.reasoning, cache_write_tokens: 0 },
  });

  // Remote compaction (Codex's "compaction v2"): an input ending in `compaction_trigger` is answered
  // with exactly one `compaction` item folding the context, as POST /responses/compact would.
  if (input.length > 0 && input[input.length - 1].type === 'compaction_trigger') {
    const { folded, summaryTokens } = compact(tokenizer, context);
    items.push(compactionItem(ids, folded, summaryTokens));
    const plan = finish(null);
    plan.usage.output_tokens = summaryTokens;
    return plan;
  }

  // Models with message phases mark the answer `final_answer` and a note before tool calls `commentary`.
  const phase: OutputMessageItem['phase'] = hasMessagePhase(request.model) ? 'final_answer' : undefined;
  const message = (content: OutputMessageItem['content'], incomplete: boolean, p: OutputMessageItem['phase'] = phase): OutputMessageItem => messageItem(ids, content, incomplete, p);
  let commented = !phase;
  const comment = (what: string): void => {
    if (commented) return;
    commented = true;
    const { text, cut } = budget.take(rng.fork('commentary').pick(COMMENTARY).replace('{tool}', what));
    items.push(message([outputText(text, [])], cut, 'commentary'));
  };

  const reasoning = planReasoning(request, prompt, rng.fork('reasoning'), ids);
  if (reasoning) {
    items.push(reasoning.item);
    budget.spendHidden(reasoning.tokens);
    if (budget.exhausted) {
      reasoning.item.status = 'incomplete';
      return finish();
    }
  }

  const refusal = refusalFor(prompt, rng.fork('refusal'));
  if (refusal) {
    const { text, cut } = budget.take(refusal);
    items.push(message([{ type: 'refusal', refusal: text }], cut));
    return finish();
  }
  if (isContentFiltered(prompt)) {
    const { text } = budget.take(composeReply(prompt, 'low', rng.fork('prose')).split(/(?<=[.!?])\s+/)[0]);
    items.push(message([outputText(text, [])], true));
    return finish(budget.exhausted ? 'max_output_tokens' : 'content_filter');
  }

  const ctx: ToolCallContext = {
    rng: rng.fork('tools'),
    ids,
    get values() {
      return promptValues();
    },
    include: request.include,
    context,
    request,
    budget,
  };
  const report = new TextBuilder();
  let awaitsClient = false;

  // Approved (or declined) MCP calls resume first.
  for (const { request: approval, approve } of state.approvals) {
    if (approve) {
      const call = mcpCall(String(approval.server_label), String(approval.name), String(approval.arguments), String(approval.id), ctx);
      items.push(call);
      report.append(`${String(call.output)} `);
    } else {
      report.append(`I did not run ${String(approval.name)} on ${String(approval.server_label)}, since the request was declined. `);
    }
  }

  const computer = request.tools.find((t) => t.type === 'computer_use_preview' || t.type === 'computer');
  if (computer && state.computerSteps > 0 && !state.awaitingComputer && state.computerSteps < COMPUTER_STEPS) {
    items.push(computerCall(state.computerSteps, ctx));
    return finish();
  }

  // Each tool's kind (tools/kinds/) makes its call; client-side calls end the turn.
  for (const tool of chooseTools({ request, prompt, hasPendingResults: hasPendingResults(state) })) {
    const kind = kindOfTool(tool);
    if (!kind) continue;
    if (kind.clientSide(tool)) comment(String(tool.name ?? tool.type));
    const result = kind.call(tool, ctx);
    if (!result) continue; // hosted shells and the like are not emulated: the model answers instead
    items.push(...result.items);
    result.report?.(report);
    awaitsClient ||= result.awaitsClient === true;
    if (budget.exhausted) return finish();
  }
  if (awaitsClient) return finish();

  if (state.results.length > 0) reportResults(state.results, report, rng.fork('results'));
  const reported = report.build();
  const prose = reported.text ? reported.text.trim() : composeReply(prompt, request.text.verbosity, rng.fork('prose'));
  const structured = generatingForFormat(request, () => structuredAnswer(request.text.format, prose, promptValues, rng.fork('structured')));
  const { text, cut } = budget.take(structured ?? prose);
  const annotations = structured ? [] : reported.annotations.filter((a) => annotationEnd(a) <= text.length);
  const part = outputText(text, annotations);
  if (request.include.includes('message.output_text.logprobs')) part.logprobs = logprobsFor(tokenizer, text, request.top_logprobs, rng.fork('logprobs'));
  items.push(message([part], cut));
  return finish();
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
  const item: OutputMessageItem = { id: ids.next('message'), type: 'message', status: incomplete ? 'incomplete' : 'completed', content, role: 'assistant' };
  return phase ? { ...item, phase } : item;
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
  return (content as { type?: string; text?: string }[])
    .filter((p) => p.type === 'input_text' || p.type === 'output_text')
    .map((p) => p.text ?? '')
    .join('\n');
}

function cachedPrefixTokens(tokenizer: Tokenizer, history: readonly GenericItem[]): number {
  if (history.length === 0) return 0;
  const prefix = history.reduce((n, item) => n + countItemTokens(tokenizer, item), 0);
  return prefix >= CACHE_MIN_PREFIX ? Math.floor(prefix / CACHE_BLOCK) * CACHE_BLOCK : 0;
}
