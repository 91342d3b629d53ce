/**
 * `image_generation_call`: announced bare, in_progress → generating, the partial images the tool asks
 * for (`partial_images`, at most 3), completed.
 */
import { TOOL_WEIGHT } from '../stream-events';
import type { ItemKind } from '../item-kind';

export const imageGenerationCall: ItemKind = {
  type: 'image_generation_call',
  idPrefix: 'ig_',
  announcedBare: true,
  stream(item, s) {
    s.stages(item.type, ['in_progress', 'generating']);
    const tool = s.record.request.tools.find((t) => t.type === 'image_generation');
    const count = Math.min(3, Math.max(0, Number(tool?.partial_images ?? 0)));
    for (let partial_image_index = 0; partial_image_index < count; partial_image_index++) {
      s.push(
        {
          type: 'response.image_generation_call.partial_image',
          ...s.at,
          partial_image_index,
          partial_image_b64: item.result ?? '',
          ...(typeof item.size === 'string' ? { size: item.size } : {}),
          ...(typeof item.quality === 'string' ? { quality: item.quality } : {}),
          ...(typeof item.background === 'string' ? { background: item.background } : {}),
          output_format: typeof tool?.output_format === 'string' ? tool.output_format : 'png',
        },
        TOOL_WEIGHT,
      );
    }
    s.stages(item.type, ['completed']);
  },
};
