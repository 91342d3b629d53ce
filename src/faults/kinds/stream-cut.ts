/** `stream_cut`: the stream's connection drops after `after` events, with no closing event. */
import { faultKind } from './descriptor';
import { interruptAfter } from './stream-interrupt';

export const streamCut = faultKind({
  name: 'stream_cut',
  summary: 'the stream stops after `after` events: the connection drops',
  action: (params) => interruptAfter('cut', params),
});
