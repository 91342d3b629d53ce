/**
 * `reasoning`: summary parts and/or raw reasoning text. Hidden thinking takes time even when none of
 * it is shown: its weight goes on the first visible part, or on the item's `.done` when there is none.
 * `encrypted_content` is announced with the item (real traffic sends a blob there too).
 */
import type { EventWeight } from '../stream-events';
import { NO_WEIGHT } from '../stream-events';
import { addedPart, finishedPart, partDelta, type ItemKind } from '../item-kind';

export const reasoning: ItemKind = {
  type: 'reasoning',
  idPrefix: 'rs_',
  inputTokens(item, count) {
    const summary = Array.isArray(item.summary) ? (item.summary as { text?: string }[]) : [];
    return summary.reduce((n, s) => n + count.text(String(s.text ?? '')), 0);
  },
  announce(item, started) {
    started.summary = [];
    if ('content' in item) started.content = [];
  },
  stream(item, s) {
    const summary = (item.summary ?? []) as { type: string; text: string }[];
    const content = (item.content ?? []) as { type: string; text: string }[];
    const reasoningItems = s.record.plan.items.filter((o) => o.type === 'reasoning').length;
    let thinking: EventWeight = { kind: 'think', tokens: Math.round(s.record.plan.usage.reasoning_tokens / Math.max(1, reasoningItems)) };
    const take = (): EventWeight => {
      const w = thinking;
      thinking = NO_WEIGHT;
      return w;
    };
    summary.forEach((part, summary_index) => {
      const where = { ...s.at, summary_index };
      s.push({ type: 'response.reasoning_summary_part.added', ...where, part: { type: 'summary_text', text: '' } }, take());
      s.deltas('response.reasoning_summary_text.delta', where, part.text);
      s.push({ type: 'response.reasoning_summary_text.done', ...where, text: part.text });
      s.push({ type: 'response.reasoning_summary_part.done', ...where, part });
    });
    content.forEach((part, content_index) => {
      const where = { ...s.at, content_index };
      s.push({ type: 'response.content_part.added', ...where, part: { type: 'reasoning_text', text: '' } }, take());
      s.deltas('response.reasoning_text.delta', where, part.text);
      s.push({ type: 'response.reasoning_text.done', ...where, text: part.text });
      s.push({ type: 'response.content_part.done', ...where, part });
    });
    return take();
  },
  accumulate: {
    'response.reasoning_summary_part.added': addedPart('summary'),
    'response.reasoning_summary_text.delta': partDelta('summary', 'summary_index', 'text'),
    'response.content_part.added': addedPart('content'),
    'response.content_part.done': finishedPart('content', 'content_index'),
    'response.reasoning_text.delta': partDelta('content', 'content_index', 'text'),
  },
};
