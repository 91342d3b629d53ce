/**
 * The OpenAI dialect: the API's own error body and headers, events as they are, the Response object
 * as render/ builds it. It answers every path no other dialect owns (the registry's fallback).
 */
import { canonicalStream, type Dialect, type ErrorRenderer } from '../dialect';
import { openaiEndpoints } from './endpoints';
import { parseCreateResponse } from './parse-request';
import { OPENAI_RENDERING } from './rendering';

/** The canonical error as it is: `{"error": {message, type, param, code}}` and the error's own headers. */
export const renderOpenAIError: ErrorRenderer = (error) => ({ status: error.status, body: error.toBody(), headers: { ...error.headers } });

export const OPENAI_VERSION = '2020-10-01';

export const openaiDialect: Dialect = {
  name: 'openai',
  // Owns nothing outright: it answers what the other dialects leave.
  paths: { owned: null, asDefault: /^/ },
  parseCreate: (raw, { schemas, policy }) => ({ request: parseCreateResponse(schemas, raw, policy), rendering: OPENAI_RENDERING }),
  renderError: renderOpenAIError,
  headers: { 'openai-version': OPENAI_VERSION },
  processingHeader: 'openai-processing-ms',
  echoesOrganization: true,
  webSocket: {
    paths: (config) => (config.dialect === 'openai' ? ['/v1/responses', '/responses'] : []),
    // A mid-stream error is the same nested `error` event, then `response.failed`, as over SSE.
    stream: canonicalStream,
    // ResponseWsError frames.
    errorFrame: (error) => ({ type: 'error', status: error.status, error: error.toBody().error }),
  },
  endpoints: openaiEndpoints,
  // The fallback: served at `/v1` and the root only.
  mount: null,
};
