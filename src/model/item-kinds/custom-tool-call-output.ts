/** `custom_tool_call_output`: the client's result of a custom tool call (input only; listed with a status). */
import { storedWithStatus, type ItemKind } from '../item-kind';

export const customToolCallOutput: ItemKind = { type: 'custom_tool_call_output', stored: storedWithStatus, inputTokens: (item, count) => count.parts(item.output) };
