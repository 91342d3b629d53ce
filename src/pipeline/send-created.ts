/**
 * Sends a created response in the caller's dialect: as JSON at once, as JSON when a timed generation
 * finishes, as a stream, or (queued in the background) at once — after a fixture's `slow` delay.
 */
import type { ReplyChannel } from './context';
import type { CanonicalRequest } from '../canonical/request';
import type { ResponseRendering } from '../dialects/dialect';
import type { ResponseDelivery } from '../core/services';
import type { CreatedResponse } from '../emulator-types';
import type { ResponseRecord } from '../model/response-record';
import { noteCreated } from './journal-notes';
import { sendError, sendJson } from './reply';
import { respondWhenDone, streamGeneration } from './stream-response';

export function sendCreated(res: ReplyChannel, core: Pick<ResponseDelivery, 'config' | 'abandon'>, request: CanonicalRequest, created: CreatedResponse, rendering: ResponseRendering): void {
  noteCreated(res, created.record);
  // Finished at once, with no delay (most responses): sent here, without the closures below that a
  // delayed, timed or streamed answer needs.
  if (created.delayMs === 0 && !created.generation) return sendRecord(res, created.record, rendering);
  const json = (record: ResponseRecord): void => sendRecord(res, record, rendering);
  const send = (): void => {
    const { record, generation } = created;
    if (!generation) return json(record);
    if (request.stream) {
      // A background stream can be dropped and resumed; a foreground one stops when its client leaves.
      return streamGeneration(res, core, generation, {
        after: -1,
        obfuscation: request.include_obfuscation,
        ownsGeneration: !request.background,
        rendering: rendering.stream,
      });
    }
    if (request.background) return sendJson(res, 200, rendering.json(record)); // queued; it runs on its own
    respondWhenDone(res, core, generation, () => json(record));
  };
  if (created.delayMs === 0) return send();
  const { generation } = created;
  if (generation && !request.background) res.once('close', () => !res.headersSent && core.abandon(generation));
  delayThen(res, created.delayMs, send);
}

/** The finished response as JSON, or the dialect's error when it renders this outcome as one. */
function sendRecord(res: ReplyChannel, record: ResponseRecord, rendering: ResponseRendering): void {
  const error = rendering.failure?.(record);
  if (error) sendError(res, error);
  else sendJson(res, 200, rendering.json(record));
}

/** Runs `then` after `ms`, unless the client leaves first. */
export function delayThen(res: ReplyChannel, ms: number, then: () => void): void {
  const timer = setTimeout(then, ms);
  res.once('close', () => clearTimeout(timer));
}
