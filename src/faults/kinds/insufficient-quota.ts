/** `insufficient_quota`: the API's 429 for an account out of credit (retrying does not help). */
import { ApiError } from '../../errors';
import { retryHeaders } from '../fault-params';
import { faultKind } from '../fault-kind';

const MESSAGE =
  'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.';

export const insufficientQuota = faultKind({
  name: 'insufficient_quota',
  order: 20,
  summary: '429 insufficient_quota',
  action: (params) => ({ kind: 'error', error: new ApiError(429, 'insufficient_quota', params.message ?? MESSAGE, null, 'insufficient_quota', retryHeaders(params).headers) }),
});
