/** Performs an endpoint's Reply (src/dialects/endpoint.ts) on a reply channel, whatever the transport. */
import type { Reply } from '../dialects/endpoint';
import type { ResponseDelivery } from '../core/services';
import type { ReplyChannel } from './context';
import { sendJson } from './reply';
import { sendCreated } from './send-created';
import { replayRecord, streamGeneration } from './stream-response';

export function performReply(res: ReplyChannel, core: ResponseDelivery, reply: Reply): void {
  switch (reply.kind) {
    case 'json':
      return sendJson(res, reply.status, reply.body);
    case 'created':
      return sendCreated(res, core, reply.request, reply.created, reply.rendering);
    case 'live':
      return streamGeneration(res, core, reply.generation, { after: reply.after, obfuscation: reply.obfuscation, ownsGeneration: false });
    case 'replay':
      return replayRecord(res, core, reply.record, { after: reply.after, obfuscation: reply.obfuscation });
  }
}
