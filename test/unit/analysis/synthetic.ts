// Synthetic gray pictures for the detector's unit tests: a textured still background, and
// pictures made from it with a square object, a lighting change or noise.
import type { GrayPicture } from '../../../main/analysis/gray-picture.ts';

export const WIDTH = 160;
export const HEIGHT = 120;

/** A deterministic texture (gradient plus stripes), like a scene a camera looks at. */
export function background(width = WIDTH, height = HEIGHT): GrayPicture {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data[y * width + x] = 60 + Math.round((y / height) * 80) + ((x + y) >> 3 & 1 ? 12 : -12);
  }
  return { width, height, data };
}

/** The picture with a square of `size` px and gray `value` at (x, y). */
export function withSquare(base: GrayPicture, x: number, y: number, size: number, value = 230): GrayPicture {
  const data = base.data.slice();
  for (let row = Math.max(0, y); row < Math.min(base.height, y + size); row++) {
    for (let col = Math.max(0, x); col < Math.min(base.width, x + size); col++) data[row * base.width + col] = value;
  }
  return { ...base, data };
}

/** Every pixel changed by `offset` gray levels (lights on or off), clamped. */
export function brightened(base: GrayPicture, offset: number, gain = 1): GrayPicture {
  return { ...base, data: Uint8Array.from(base.data, (v) => Math.max(0, Math.min(255, Math.round(v * gain + offset)))) };
}

/** Independent noise of up to ±amplitude per pixel, from a seeded generator. */
export function noisy(base: GrayPicture, amplitude: number, seed: number): GrayPicture {
  let a = seed >>> 0;
  const random = () => { a = (a * 1664525 + 1013904223) >>> 0; return a / 4294967296; };
  return { ...base, data: Uint8Array.from(base.data, (v) => Math.max(0, Math.min(255, Math.round(v + (random() * 2 - 1) * amplitude)))) };
}
