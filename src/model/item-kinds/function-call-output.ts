/** `function_call_output`: the client's result of a function call (input only; listed with a status). */
import { storedWithStatus, type ItemKind } from '../item-kind';

export const functionCallOutput: ItemKind = { type: 'function_call_output', stored: storedWithStatus, inputTokens: (item, count) => count.parts(item.output) };
