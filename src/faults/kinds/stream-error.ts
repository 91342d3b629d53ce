/** `stream_error`: an `error` event after `after` events, as the API sends mid-stream. */
import { faultKind } from './descriptor';
import { interruptAfter } from './stream-interrupt';

export const streamError = faultKind({
  name: 'stream_error',
  summary: 'the stream stops after `after` events with an error event',
  action: (params) => interruptAfter('error', params),
});
