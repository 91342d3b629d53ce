/**
 * The image_generation tool's result: a small, valid PNG (64×64, a seeded two-colour gradient),
 * base64-encoded. Deterministic for a seed; cheap to make and to carry in a stream.
 */
import type { PNG as PngClass } from 'pngjs';
import type { Rng } from '../random';

export const IMAGE_SIDE = 64;

export function gradientPngBase64(rng: Rng): string {
  const { PNG } = require('pngjs') as { PNG: typeof PngClass }; // loaded on first use
  const png = new PNG({ width: IMAGE_SIDE, height: IMAGE_SIDE });
  const from = [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
  const to = [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
  for (let y = 0; y < IMAGE_SIDE; y++) {
    for (let x = 0; x < IMAGE_SIDE; x++) {
      const t = (x + y) / (2 * (IMAGE_SIDE - 1));
      const i = (y * IMAGE_SIDE + x) * 4;
      for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(from[c] + (to[c] - from[c]) * t);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png).toString('base64');
}
