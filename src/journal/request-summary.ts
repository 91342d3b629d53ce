/**
 * What the inspector's list shows of a request body so that exchanges can be told apart at a glance:
 * the model, and a preview of the latest user text. Read from the body as it was sent (before
 * validation, so a refused request is previewed too), in any dialect: `input` (a string or items,
 * typed or not) for OpenAI and Open Responses, `inputs` (messages) for Aitronos; a WebSocket
 * `response.create` frame carries the same fields as an HTTP body.
 */
import { isObject } from '../model/json-object';

/** Longest preview kept, in characters (the list cuts it further to fit its column). */
export const MAX_PREVIEW = 120;

export function modelOf(body: unknown): string | null {
  if (!isObject(body) || typeof body.model !== 'string') return null;
  return clip(body.model, MAX_PREVIEW);
}

/**
 * The latest user message's text, whitespace collapsed and cut to MAX_PREVIEW characters; when the
 * input has no user text (a turn that only returns tool outputs), what its last item is, in brackets
 * (`[function_call_output]`), so the row still says something. Null: nothing to preview.
 */
export function inputPreview(body: unknown): string | null {
  if (!isObject(body)) return null;
  const input = body.input ?? body.inputs;
  if (typeof input === 'string') return preview(input);
  if (!Array.isArray(input) || input.length === 0) return null;
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i];
    if (isObject(item) && item.role === 'user' && (item.type === undefined || item.type === 'message')) {
      const text = textOf(item.content);
      if (text !== null) return preview(text);
    }
  }
  const last = input[input.length - 1];
  if (!isObject(last)) return null;
  const kind = typeof last.type === 'string' ? last.type : typeof last.role === 'string' ? `${last.role} message` : null;
  return kind === null ? null : `[${clip(kind, MAX_PREVIEW - 2)}]`;
}

/** A message's text: its string content, or its text parts joined (images and files have none). */
function textOf(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const texts = content.filter((p): p is { text: string } => isObject(p) && typeof p.text === 'string').map((p) => p.text);
  return texts.length > 0 ? texts.join(' ') : null;
}

function preview(text: string): string {
  // Only the head is looked at (a huge prompt costs no more than a short one), long enough to still
  // be cut, with its ellipsis, after whitespace runs collapse.
  const head = text.length > MAX_PREVIEW * 8 ? `${text.slice(0, MAX_PREVIEW * 8)}…` : text;
  return clip(head.replace(/\s+/g, ' ').trim(), MAX_PREVIEW);
}

/** At most `max` characters (code points, so a character is never split), the last one `…` when cut. */
function clip(text: string, max: number): string {
  // No more UTF-16 units than `max`: no more code points either, nothing to cut (the common case).
  if (text.length <= max) return text;
  const chars: string[] = [];
  for (const char of text) {
    if (chars.length === max) return `${chars.slice(0, max - 1).join('')}…`;
    chars.push(char);
  }
  return chars.join('');
}
