/** `stream_error`: an `error` event after `after` events, as the API sends mid-stream. */
import { faultKind } from '../fault-kind';
import { interruptAfter } from '../stream-interrupt';

export const streamError = faultKind({
  name: 'stream_error',
  order: 110,
  summary: 'the stream stops after `after` events with an error event',
  action: (params) => interruptAfter('error', params),
});
