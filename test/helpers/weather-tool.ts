/** The function tool the recording tests hand to the model (the same definition on every turn they record). */
import type OpenAI from 'openai';

export const WEATHER: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Get the weather for a city',
  strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
