/**
 * Calls of client-side tools: function calls (arguments generated from the tool's `parameters`),
 * custom tool calls (free-form input, or a sentence of the tool's grammar) and computer actions.
 */
import type { FunctionCallItem, GenericItem } from '../../canonical/items';
import type { Tool } from '../../canonical/request';
import type { IdFactory } from '../../ids';
import type { Rng } from '../../random';
import type { PromptValues } from '../prompt-values';
import { fakeValue } from '../schema-faker';
import { generateFromLark, generateFromRegex } from './grammar';
import { grammarHints } from './grammar-hints';

export interface CallContext {
  rng: Rng;
  ids: IdFactory;
  values: PromptValues;
}

const EMPTY_PARAMETERS = { type: 'object', properties: {} };

export function functionCall(tool: Tool, ctx: CallContext): FunctionCallItem {
  const parameters = (tool.parameters as Record<string, unknown> | null | undefined) ?? EMPTY_PARAMETERS;
  const args = fakeValue(parameters, ctx.rng.fork(`args:${String(tool.name)}`), ctx.values, { leaveOutOptionals: true });
  const item: FunctionCallItem = {
    id: ctx.ids.next('function_call'),
    type: 'function_call',
    status: 'completed',
    arguments: JSON.stringify(args),
    call_id: ctx.ids.callId(),
    name: String(tool.name),
  };
  return typeof tool.namespace === 'string' ? { ...item, namespace: tool.namespace } : item;
}

export function customToolCall(tool: Tool, ctx: CallContext): GenericItem {
  const item: GenericItem = {
    id: ctx.ids.next('custom_tool_call'),
    type: 'custom_tool_call',
    call_id: ctx.ids.callId(),
    name: String(tool.name),
    input: customInput(tool, ctx),
  };
  if (typeof tool.namespace === 'string') item.namespace = tool.namespace;
  return item;
}

function customInput(tool: Tool, ctx: CallContext): string {
  const rng = ctx.rng.fork(`input:${String(tool.name)}`);
  const format = tool.format as { type?: string; syntax?: string; definition?: string } | undefined;
  if (format?.type === 'grammar' && typeof format.definition === 'string') {
    return format.syntax === 'regex' ? generateFromRegex(format.definition, rng) : generateFromLark(format.definition, rng, grammarHints(ctx.values, rng.fork('hints')));
  }
  // Free-form: something in the register the tool's name suggests.
  const about = `${String(tool.name)} ${String(tool.description ?? '')}`.toLowerCase();
  const subject = ctx.values.quoted[0] ?? ctx.values.topic ?? ctx.values.text;
  if (/sql|query|database/.test(about)) return `SELECT * FROM ${(ctx.values.keywords[0] ?? 'items').toLowerCase().replace(/\W+/g, '_')} LIMIT 10;`;
  if (/python|code|exec|script/.test(about)) return `print(${JSON.stringify(subject)})`;
  if (/shell|bash|command|terminal/.test(about)) return `echo ${JSON.stringify(subject)}`;
  return subject;
}

/** The computer-use loop: look first, then click, then type; after three actions the model reports back. */
export const COMPUTER_STEPS = 3;

export function computerCall(step: number, ctx: CallContext): GenericItem {
  const rng = ctx.rng.fork(`computer:${step}`);
  const actions = [
    { type: 'screenshot' },
    { type: 'click', button: 'left', x: rng.int(100, 900), y: rng.int(100, 700) },
    { type: 'type', text: ctx.values.quoted[0] ?? ctx.values.topic ?? ctx.values.text.slice(0, 80) },
  ];
  return {
    id: ctx.ids.next('computer_call'),
    type: 'computer_call',
    call_id: ctx.ids.callId(),
    action: actions[Math.min(step, actions.length - 1)],
    pending_safety_checks: [],
    status: 'completed',
  };
}
