/** The OpenAI dialect's wire traits: the API's own error body and headers, events as they are. */
import type { ErrorRenderer, WireDialect } from '../dialect';

/** The canonical error as it is: `{"error": {message, type, param, code}}` and the error's own headers. */
export const renderOpenAIError: ErrorRenderer = (error) => ({ status: error.status, body: error.toBody(), headers: { ...error.headers } });

export const OPENAI_VERSION = '2020-10-01';

export const openaiDialect: WireDialect = {
  name: 'openai',
  renderError: renderOpenAIError,
  headers: { 'openai-version': OPENAI_VERSION },
  processingHeader: 'openai-processing-ms',
  echoesOrganization: true,
};
