/**
 * `computer` (the GA computer tool): the same actions as computer_use_preview. It has no trigger
 * words of its own, so "auto" uses it only when it is forced or named (as before these descriptors).
 */
import { computerCall } from '../calls';
import { CLIENT, type ToolKind } from '../tool-kind';

export const computerTool: ToolKind = {
  name: 'computer',
  types: ['computer'],
  clientSide: CLIENT,
  call: (_tool, ctx) => ({ items: [computerCall(0, ctx)], awaitsClient: true }),
};
