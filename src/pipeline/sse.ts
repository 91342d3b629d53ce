/**
 * Server-sent events on the wire: one `event: <type>` + `data: <one-line JSON>` frame per event,
 * written as produced (no compression, Nagle off). Long silences carry `: keep-alive` comments,
 * never empty `event:` frames. Frames produced in the same tick are corked into one write.
 */
import type { ReplyChannel } from './context';
import type { WireEvent } from '../dialects/dialect';
import { noteEvent } from './journal-notes';
import { prepareReply } from './reply';

export interface SseWriter {
  /** One frame: `event: <name>` and its JSON `data`. */
  event(frame: WireEvent): void;
  /** A raw data line, e.g. the `[DONE]` terminator of some dialects. */
  data(line: string): void;
  end(): void;
  readonly closed: boolean;
}

export function openSse(res: ReplyChannel, keepAliveMs: number): SseWriter {
  prepareReply(res);
  res.statusCode = 200;
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('connection', 'keep-alive');
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
  res.socket?.setNoDelay(true);

  let closed = false;
  let lastWrite = performance.now();
  let corked = false;
  const write = (chunk: string): void => {
    if (closed) return;
    if (!corked) {
      corked = true;
      res.cork();
      process.nextTick(() => {
        corked = false;
        res.uncork();
      });
    }
    res.write(chunk);
    lastWrite = performance.now();
  };
  const keepAlive =
    keepAliveMs > 0
      ? setInterval(() => {
          if (performance.now() - lastWrite >= keepAliveMs * 0.9) write(': keep-alive\n\n');
        }, keepAliveMs)
      : null;
  const stop = (): void => {
    closed = true;
    if (keepAlive) clearInterval(keepAlive);
  };
  res.once('close', stop);

  return {
    event: ({ name, data }) => {
      if (closed) return;
      // The journal lists events by type; a dialect whose payloads have none is listed by event name.
      noteEvent(res, 'type' in data ? data : { type: name, ...data });
      write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    data: (line) => write(`data: ${line}\n\n`),
    end: () => {
      if (closed) return;
      stop();
      res.end();
    },
    get closed() {
      return closed;
    },
  };
}
