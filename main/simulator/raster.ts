// A tiny RGB canvas for drawing the simulator's picture once, before it is cut into MCU tiles.

import { MCU_RGB_BYTES, MCU_SIZE } from './jpeg-encoder.ts';

export type Rgb = readonly [number, number, number];

// 5x7 bitmap glyphs, one string per row, '#' = ink.
const GLYPHS: Record<string, readonly string[]> = {
  '0': ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
};
export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

/** Small deterministic PRNG (mulberry32), so the picture is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Raster {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.rgb = new Uint8Array(width * height * 3);
  }

  set(x: number, y: number, [r, g, b]: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    this.rgb[i] = r;
    this.rgb[i + 1] = g;
    this.rgb[i + 2] = b;
  }

  fillRect(x0: number, y0: number, w: number, h: number, color: Rgb): void {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) this.set(x, y, color);
  }

  fillDisc(cx: number, cy: number, radius: number, color: Rgb): void {
    for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++) {
      for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++) {
        if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius * radius) this.set(x, y, color);
      }
    }
  }

  /** Draws text in the 5x7 font, each font pixel `scale` pixels square, glyphs one font pixel apart. */
  drawText(text: string, x0: number, y0: number, scale: number, color: Rgb): void {
    let x = x0;
    for (const char of text) {
      const glyph = GLYPHS[char];
      if (!glyph) throw new Error(`the simulator font has no glyph for '${char}'`);
      glyph.forEach((row, gy) => {
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (row[gx] === '#') this.fillRect(x + gx * scale, y0 + gy * scale, scale, scale, color);
        }
      });
      x += (GLYPH_WIDTH + 1) * scale;
    }
  }

  /** Copies the 16x16 block at MCU (col, row) into `out` (MCU_RGB_BYTES long). */
  mcu(col: number, row: number, out = new Uint8Array(MCU_RGB_BYTES)): Uint8Array {
    for (let y = 0; y < MCU_SIZE; y++) {
      const start = ((row * MCU_SIZE + y) * this.width + col * MCU_SIZE) * 3;
      out.set(this.rgb.subarray(start, start + MCU_SIZE * 3), y * MCU_SIZE * 3);
    }
    return out;
  }
}

export function textWidth(text: string, scale: number): number {
  return text.length * (GLYPH_WIDTH + 1) * scale - scale;
}
