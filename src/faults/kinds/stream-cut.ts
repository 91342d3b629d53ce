/** `stream_cut`: the stream's connection drops after `after` events, with no closing event. */
import { faultKind } from '../fault-kind';
import { interruptAfter } from '../stream-interrupt';

export const streamCut = faultKind({
  name: 'stream_cut',
  order: 100,
  summary: 'the stream stops after `after` events: the connection drops',
  action: (params) => interruptAfter('cut', params),
});
