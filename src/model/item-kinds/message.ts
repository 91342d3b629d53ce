/**
 * `message`: assistant output (text with annotations and logprobs, or a refusal) and input messages.
 * Streams one `content_part.added` … `.done` per part, with text or refusal deltas between; an
 * annotation is announced once the text it cites has been sent.
 */
import { annotationEnd } from '../../canonical/items';
import { addedPart, finishedPart, partDelta, listOf, storedWithStatus, type ItemKind, type ItemStreamer, type Part } from '../item-kind';

export const message: ItemKind = {
  type: 'message',
  idPrefix: 'msg_',
  inputTokens: (item, count) => count.parts(item.content),
  announce(_item, started) {
    started.content = [];
  },
  stream(item, s) {
    const parts = (item.content ?? []) as Part[];
    parts.forEach((part, content_index) => {
      const where = { ...s.at, content_index };
      if (part.type === 'refusal') {
        s.push({ type: 'response.content_part.added', ...where, part: { type: 'refusal', refusal: '' } });
        s.deltas('response.refusal.delta', where, String(part.refusal));
        s.push({ type: 'response.refusal.done', ...where, refusal: part.refusal });
      } else {
        s.push({ type: 'response.content_part.added', ...where, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
        textDeltas(s, where, part);
        s.push({ type: 'response.output_text.done', ...where, text: part.text, logprobs: streamLogprobs(part.logprobs) });
      }
      s.push({ type: 'response.content_part.done', ...where, part });
    });
  },
  accumulate: {
    'response.content_part.added': addedPart('content'),
    'response.content_part.done': finishedPart('content', 'content_index'),
    'response.output_text.delta': partDelta('content', 'content_index', 'text'),
    'response.refusal.delta': partDelta('content', 'content_index', 'refusal'),
    'response.output_text.annotation.added': (item, e) => {
      ((listOf(item, 'content')[e.content_index as number].annotations ??= []) as unknown[])[e.annotation_index as number] = e.annotation;
    },
  },
  stored(item) {
    // String content becomes a content list; images say which detail they were read at.
    if (typeof item.content === 'string') {
      item.content = item.role === 'assistant' ? [{ type: 'output_text', text: item.content, annotations: [], logprobs: [] }] : [{ type: 'input_text', text: item.content }];
    } else if (Array.isArray(item.content)) {
      item.content = item.content.map(storedPart);
    }
    storedWithStatus(item);
  },
};

/** output_text deltas, with their logprobs, and each annotation announced once the text it cites has been sent. */
function textDeltas(s: ItemStreamer, where: { item_id: string; output_index: number; content_index: number }, part: Part): void {
  const text = String(part.text ?? '');
  const logprobs = (part.logprobs ?? []) as unknown[];
  const annotations = ((part.annotations ?? []) as Part[]).map((annotation, annotation_index) => ({ annotation, annotation_index }));
  let sent = 0;
  let tokensSent = 0;
  for (const chunk of s.chunks(text)) {
    const slice = logprobs.length > 0 ? logprobs.slice(tokensSent, tokensSent + chunk.tokens) : [];
    s.push({ type: 'response.output_text.delta', ...where, delta: chunk.text, logprobs: streamLogprobs(slice), ...s.obfuscation(chunk.text) }, { kind: 'delta', tokens: chunk.tokens });
    sent += chunk.text.length;
    tokensSent += chunk.tokens;
    while (annotations.length > 0 && annotationEnd(annotations[0].annotation) <= sent) {
      s.push({ type: 'response.output_text.annotation.added', ...where, ...annotations.shift()! });
    }
  }
  for (const rest of annotations) s.push({ type: 'response.output_text.annotation.added', ...where, ...rest });
}

/** Stream events carry `{token, logprob, top_logprobs: [{token, logprob}]}` (no bytes). */
function streamLogprobs(logprobs: unknown): unknown[] {
  if (!Array.isArray(logprobs)) return [];
  return (logprobs as { token: string; logprob: number; top_logprobs?: { token: string; logprob: number }[] }[]).map((lp) => ({
    token: lp.token,
    logprob: lp.logprob,
    top_logprobs: (lp.top_logprobs ?? []).map((t) => ({ token: t.token, logprob: t.logprob })),
  }));
}

/** Content parts as the API stores them: images say which detail they were read at. */
function storedPart(part: Record<string, unknown>): Record<string, unknown> {
  return part.type === 'input_image' ? { ...part, detail: part.detail ?? 'auto' } : part;
}
