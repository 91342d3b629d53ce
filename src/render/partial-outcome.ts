/**
 * What a response amounts to when its stream stops early: the output accumulated from the events that
 * went out (as a client accumulating them would see it), with unfinished items marked incomplete.
 */
import type { GenericItem } from '../canonical/items';
import { SERVER_ERROR_MESSAGE } from '../errors';
import type { PlanUsage } from '../model/plan';
import type { Interruption, ResponseRecord } from '../model/response-record';
import { plannedEvents, type EventList, type EventOptions, type StreamEvent } from './events';

/**
 * Stops `record` early: it keeps the first `after` planned events (never the terminal one) and its
 * outcome becomes what those events produced — `cancelled`, or `failed` with a server_error.
 */
export function interruptRecord(record: ResponseRecord, interruption: Interruption, options: EventOptions): void {
  const planned = plannedEvents(record, options);
  const after = Math.max(0, Math.min(interruption.after, planned.events.length - 1));
  const cancelled = interruption.kind === 'cancelled';
  record.interruption = { ...interruption, after };
  record.outcome = {
    status: cancelled ? 'cancelled' : 'failed',
    output: accumulateOutput(planned.events.slice(0, after)),
    error: cancelled ? null : { code: 'server_error', message: interruption.message ?? SERVER_ERROR_MESSAGE },
    incomplete_reason: null,
    usage: producedUsage(planned, after, record.plan.usage),
    completed_at: null,
  };
}

type Part = Record<string, unknown>;

/** Rebuilds the output items from a prefix of the canonical events. */
export function accumulateOutput(events: readonly StreamEvent[]): GenericItem[] {
  const output: GenericItem[] = [];
  const done = new Set<number>();
  const item = (e: StreamEvent): GenericItem => output[e.output_index as number];
  const list = (e: StreamEvent, key: string): Part[] => (item(e)[key] ??= []) as Part[];
  for (const e of events) {
    switch (e.type) {
      case 'response.output_item.added':
        output[e.output_index as number] = structuredClone(e.item) as GenericItem;
        break;
      case 'response.output_item.done':
        output[e.output_index as number] = structuredClone(e.item) as GenericItem;
        done.add(e.output_index as number);
        break;
      case 'response.content_part.added':
        list(e, 'content').push(structuredClone(e.part) as Part);
        break;
      case 'response.content_part.done':
        list(e, 'content')[e.content_index as number] = structuredClone(e.part) as Part;
        break;
      case 'response.reasoning_summary_part.added':
        list(e, 'summary').push(structuredClone(e.part) as Part);
        break;
      case 'response.output_text.delta':
      case 'response.reasoning_text.delta':
        append(list(e, 'content')[e.content_index as number], 'text', e.delta);
        break;
      case 'response.refusal.delta':
        append(list(e, 'content')[e.content_index as number], 'refusal', e.delta);
        break;
      case 'response.reasoning_summary_text.delta':
        append(list(e, 'summary')[e.summary_index as number], 'text', e.delta);
        break;
      case 'response.output_text.annotation.added':
        ((list(e, 'content')[e.content_index as number].annotations ??= []) as unknown[])[e.annotation_index as number] = e.annotation;
        break;
      case 'response.function_call_arguments.delta':
      case 'response.mcp_call_arguments.delta':
        append(item(e), 'arguments', e.delta);
        break;
      case 'response.custom_tool_call_input.delta':
        append(item(e), 'input', e.delta);
        break;
      case 'response.code_interpreter_call_code.delta':
        append(item(e), 'code', e.delta);
        break;
      case 'response.shell_call_command.added':
        commands(item(e)).push(String(e.command ?? ''));
        break;
      case 'response.shell_call_command.delta': {
        const list = commands(item(e));
        list[e.command_index as number] = (list[e.command_index as number] ?? '') + String(e.delta);
        break;
      }
      case 'response.apply_patch_call_operation_diff.delta':
        append(item(e).operation as Part, 'diff', e.delta);
        break;
    }
  }
  // An unfinished apply_patch_call stays in_progress: its status has no `incomplete`.
  return output.map((it, i) => (done.has(i) || !('status' in it) ? it : { ...it, status: it.type === 'apply_patch_call' ? 'in_progress' : 'incomplete' }));
}

function commands(item: GenericItem): string[] {
  const action = (item.action ??= {}) as Part;
  return (action.commands ??= []) as string[];
}

function append(target: Part, key: string, delta: unknown): void {
  target[key] = String(target[key] ?? '') + String(delta);
}

/** Output tokens actually produced by a prefix of the events: the streamed chunks and any thinking done. */
export function producedUsage(planned: EventList, count: number, usage: PlanUsage): PlanUsage {
  let output = 0;
  let reasoning = 0;
  for (let i = 0; i < count; i++) {
    const w = planned.weights[i];
    if (w.kind === 'delta') output += w.tokens;
    if (w.kind === 'think') reasoning += w.tokens;
  }
  return { ...usage, output_tokens: output + reasoning, reasoning_tokens: reasoning };
}
