/** `image_generation`: a seeded gradient PNG of the size and quality asked for. */
import type { GenericItem } from '../../../canonical/items';
import type { Tool } from '../../../canonical/request';
import { gradientPngBase64 } from '../../png';
import type { BuiltinContext, BuiltinResult } from '../builtin';
import { SERVER, type ToolKind } from '../tool-kind';

function imageGeneration(tool: Tool, ctx: BuiltinContext): BuiltinResult {
  const item: GenericItem = {
    id: ctx.ids.next('image_generation_call'),
    type: 'image_generation_call',
    status: 'completed',
    result: gradientPngBase64(ctx.rng.fork('image')),
    revised_prompt: ctx.values.text.slice(0, 500),
    size: typeof tool.size === 'string' && tool.size !== 'auto' ? tool.size : '1024x1024',
    quality: typeof tool.quality === 'string' && tool.quality !== 'auto' ? tool.quality : 'medium',
    output_format: 'png',
    background: 'opaque',
  };
  return { items: [item], report: (b) => b.append(`Here is the image: ${ctx.values.topic ?? 'as requested'}.`) };
}

export const imageGenerationTool: ToolKind = {
  name: 'image_generation',
  types: ['image_generation'],
  triggers: ['image', 'picture', 'draw', 'drawing', 'illustrate', 'illustration', 'sketch', 'logo', 'paint', 'painting', 'photo', 'render'],
  clientSide: SERVER,
  call: imageGeneration,
  echo(tool) {
    const echoed: Tool = { type: 'image_generation' };
    for (const [key, value] of Object.entries(IMAGE_GENERATION_DEFAULTS)) echoed[key] = tool[key] ?? value;
    for (const [key, value] of Object.entries(tool)) if (!(key in echoed) && !IMAGE_GENERATION_UNECHOED.has(key) && value !== null) echoed[key] = value;
    return echoed;
  },
};

/** image_generation settings the API always echoes, with its defaults. */
const IMAGE_GENERATION_DEFAULTS = { background: 'auto', moderation: 'auto', n: 1, output_compression: 100, output_format: 'png', quality: 'auto', size: 'auto' } as const;
/** image_generation fields the API accepts but does not echo. */
const IMAGE_GENERATION_UNECHOED = new Set(['partial_images', 'input_fidelity']);
