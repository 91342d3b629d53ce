/** The OpenAI dialect's wire traits: the API's own error body and headers, events as they are. */
import type { WireDialect } from '../dialect';
import { renderOpenAIError } from '../../http/send';

export const OPENAI_VERSION = '2020-10-01';

export const openaiDialect: WireDialect = {
  name: 'openai',
  renderError: renderOpenAIError,
  headers: { 'openai-version': OPENAI_VERSION },
  processingHeader: 'openai-processing-ms',
  echoesOrganization: true,
};
