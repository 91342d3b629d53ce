/** The OpenAI dialect's rendering of a response: the Response object as render/ builds it, events as they are. */
import { renderResponse } from '../../render/response';
import { canonicalStream, type ResponseRendering } from '../dialect';

export const OPENAI_RENDERING: ResponseRendering = { json: (record) => renderResponse(record), stream: canonicalStream };
