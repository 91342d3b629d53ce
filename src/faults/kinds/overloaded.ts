/** `overloaded`: the API's 503 when it sheds load. */
import { ApiError } from '../../errors';
import { retryHeaders } from '../fault-params';
import { faultKind } from '../fault-kind';

export const overloaded = faultKind({
  name: 'overloaded',
  order: 40,
  summary: '503 server_error (overloaded)',
  action: (params) => ({
    kind: 'error',
    error: new ApiError(503, 'server_error', params.message ?? 'The server is overloaded or not ready yet.', null, null, retryHeaders(params).headers),
  }),
});
