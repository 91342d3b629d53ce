/** `stream_failed`: `response.failed` after `after` events. */
import { faultKind } from '../fault-kind';
import { interruptAfter } from '../stream-interrupt';

export const streamFailed = faultKind({
  name: 'stream_failed',
  order: 120,
  summary: 'the stream stops after `after` events with response.failed',
  action: (params) => interruptAfter('failed', params),
});
