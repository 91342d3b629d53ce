/** `server_error`: the API's generic 500. */
import { serverError } from '../../errors';
import { retryHeaders } from '../fault-params';
import { faultKind } from '../fault-kind';

export const serverErrorFault = faultKind({
  name: 'server_error',
  order: 30,
  summary: '500 server_error',
  action: (params) => ({ kind: 'error', error: serverError(params.message, retryHeaders(params).headers) }),
});
