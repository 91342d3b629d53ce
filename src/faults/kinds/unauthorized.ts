/** `unauthorized`: the API's 401 for a wrong key (shown masked, as the API shows it). */
import { ApiError } from '../../errors';
import { retryHeaders } from '../fault-params';
import { faultKind } from '../fault-kind';

const MESSAGE = 'Incorrect API key provided: sk-emul*********ator. You can find your API key at https://platform.openai.com/account/api-keys.';

export const unauthorized = faultKind({
  name: 'unauthorized',
  order: 50,
  summary: '401 invalid_api_key',
  action: (params) => ({ kind: 'error', error: new ApiError(401, 'invalid_request_error', params.message ?? MESSAGE, null, 'invalid_api_key', retryHeaders(params).headers) }),
});
