/** Wire-level SSE parsing with a real parser (eventsource-parser), not a regex. */
import { createParser } from 'eventsource-parser';

export interface SseFrame {
  event: string | undefined;
  data: string;
}

export interface ParsedStream {
  frames: SseFrame[];
  comments: string[];
  /** The JSON payloads of all frames except a `[DONE]` terminator. */
  events: Record<string, unknown>[];
}

export function parseSse(body: string): ParsedStream {
  const frames: SseFrame[] = [];
  const comments: string[] = [];
  const parser = createParser({
    onEvent: (e) => frames.push({ event: e.event, data: e.data }),
    onComment: (c) => comments.push(c),
    onError: (err) => {
      throw err;
    },
  });
  parser.feed(body);
  const events = frames.filter((f) => f.data !== '[DONE]').map((f) => JSON.parse(f.data) as Record<string, unknown>);
  return { frames, comments, events };
}

/** POSTs and returns the raw SSE text (for a started emulator). */
export async function postStream(baseURL: string, body: object, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${baseURL}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ stream: true, ...body }),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
