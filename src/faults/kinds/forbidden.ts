/** `forbidden`: the API's 403 for a caller from an unsupported region. */
import { ApiError } from '../../errors';
import { retryHeaders } from '../fault-params';
import { faultKind } from '../fault-kind';

export const forbidden = faultKind({
  name: 'forbidden',
  order: 60,
  summary: '403 unsupported_country_region_territory',
  action: (params) => ({
    kind: 'error',
    error: new ApiError(403, 'invalid_request_error', params.message ?? 'Country, region, or territory not supported', null, 'unsupported_country_region_territory', retryHeaders(params).headers),
  }),
});
