/** `computer_use_preview` (tool_choice may call it `computer_use`): look, click, type, one action per turn. */
import { computerCall } from '../calls';
import { CLIENT, type ToolKind } from '../tool-kind';

export const computerUsePreviewTool: ToolKind = {
  name: 'computer_use_preview',
  types: ['computer_use_preview'],
  choiceNames: ['computer_use'],
  triggers: ['click', 'browser', 'screen', 'screenshot', 'navigate', 'open the', 'type into', 'scroll'],
  clientSide: CLIENT,
  call: (_tool, ctx) => ({ items: [computerCall(0, ctx)], awaitsClient: true }),
};
