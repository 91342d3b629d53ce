/** `image_generation`: a seeded gradient PNG of the size and quality asked for. */
import { imageGeneration } from '../builtin';
import { SERVER, type ToolKind } from './tool-kind';

export const imageGenerationTool: ToolKind = {
  name: 'image_generation',
  types: ['image_generation'],
  triggers: ['image', 'picture', 'draw', 'drawing', 'illustrate', 'illustration', 'sketch', 'logo', 'paint', 'painting', 'photo', 'render'],
  clientSide: SERVER,
  call: imageGeneration,
};
