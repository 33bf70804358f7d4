// Builds a scene camera's frames (scenes.ts) the way frame-source.ts builds the usual picture:
// pasting MCU tiles encoded once (DRI=1, so any tile fits anywhere). Per frame only the choice of
// tile per MCU changes: the background in the scene's light (normal, lights up, infrared gray)
// and noise variant, the walker's solid tiles where it is, the clock panel's tiles.
import { assembleFrame, type ComposedFrame, type FrameSource, type Wrapping } from './frame-source.ts';
import { MCU_SIZE, McuEncoder } from './jpeg-encoder.ts';
import { drawBackground, layoutFor, type Resolution } from './picture.ts';
import { GLYPH_HEIGHT, Raster, seededRandom, textWidth, type Rgb } from './raster.ts';
import { sceneState, type SceneLayer, type SceneState } from './scenes.ts';

/** Noisy encodings of each background block a `noise` scene picks from, per frame and block. */
export const NOISE_VARIANTS = 4;
/** Amplitude of the noise layer's per-pixel noise, in gray levels (on top of the texture's fixed noise). */
export const NOISE_AMPLITUDE = 6;
/** The walker crosses the picture's width in this long. */
export const WALKER_CROSSING_MS = 4_000;
/** Clock panels kept encoded (one per second shown); the cache is emptied when full. */
const MAX_CLOCK_PANELS = 64;
const JPEG_QUALITY = 75;
/** How much brighter green turns, and blue darker, in the infrared picture (gray levels per level of green over the rest). */
const INFRARED_FOLIAGE_GAIN = 0.5;
const WALKER: Rgb = [230, 200, 40];
const CLOCK_PANEL: Rgb = [20, 20, 20];
const CLOCK_INK: Rgb = [250, 250, 250];

type Light = 'normal' | 'bright' | 'infrared';

/** The scene's light applied to one colour: lights up (gain and lift), or infrared gray. */
function lit(light: Light, [r, g, b]: Rgb): Rgb {
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  if (light === 'bright') return [clamp(r * 1.3 + 40), clamp(g * 1.3 + 40), clamp(b * 1.3 + 40)];
  if (light === 'infrared') {
    // Under infrared, foliage (green) turns bright and blue sky dark: the luma changes in part of
    // the picture only, not everywhere as when the lights go on.
    const gray = clamp(0.299 * r + 0.587 * g + 0.114 * b + INFRARED_FOLIAGE_GAIN * (g - (r + b) / 2));
    return [gray, gray, gray];
  }
  return [clamp(r), clamp(g), clamp(b)];
}

/** Where the scene's things sit, in MCUs. */
export type SceneGeometry = {
  width: number; height: number; cols: number; rows: number;
  walker: { size: number; row: number };
  clock: { col: number; row: number; cols: number; rows: number; fontScale: number };
};

export function sceneGeometry(resolution: Resolution): SceneGeometry {
  const { width, height, cols, rows } = layoutFor(resolution);
  const fontScale = Math.max(2, Math.floor(Math.min(width, height) / 160));
  const clockCols = Math.ceil((textWidth('0000', fontScale) + 4 * fontScale) / MCU_SIZE);
  const clockRows = Math.ceil((GLYPH_HEIGHT * fontScale + 4 * fontScale) / MCU_SIZE);
  return {
    width, height, cols, rows,
    walker: { size: Math.max(2, Math.round(Math.min(cols, rows) / 10)), row: Math.floor(rows * 0.55) },
    clock: { col: cols - clockCols - 1, row: 1, cols: clockCols, rows: clockRows, fontScale },
  };
}

/** The clock's panel as fractions of the picture, for an exclude zone. */
export function clockBox(resolution: Resolution): { x: number; y: number; w: number; h: number } {
  const g = sceneGeometry(resolution);
  return { x: (g.clock.col * MCU_SIZE) / g.width, y: (g.clock.row * MCU_SIZE) / g.height, w: (g.clock.cols * MCU_SIZE) / g.width, h: (g.clock.rows * MCU_SIZE) / g.height };
}

export class SceneFrameSource implements FrameSource {
  readonly camera: number;
  readonly width: number;
  readonly height: number;
  readonly layers: readonly SceneLayer[];
  private readonly epochMs: number;
  private readonly geometry: SceneGeometry;
  private readonly encoder = new McuEncoder(JPEG_QUALITY);
  private readonly header: Uint8Array;
  private readonly texture: Raster;
  /** backgrounds[light][variant][mcu] */
  private readonly backgrounds = new Map<Light, Uint8Array[][]>();
  private readonly walkerTiles = new Map<Light, Uint8Array>();
  private readonly clockPanels = new Map<string, Uint8Array[]>();
  private readonly chosen: Uint8Array[];

  constructor(resolution: Resolution, camera: number, layers: readonly SceneLayer[], epochMs: number) {
    this.camera = camera;
    this.layers = layers;
    this.epochMs = epochMs;
    this.geometry = sceneGeometry(resolution);
    const { width, height, cols, rows } = this.geometry;
    this.width = width;
    this.height = height;
    this.header = this.encoder.headerAfterComments(width, height);
    this.texture = new Raster(cols * MCU_SIZE, rows * MCU_SIZE);
    drawBackground(this.texture);
    this.chosen = new Array<Uint8Array>(cols * rows);
    // Every light the scene uses is encoded now, so a switch never holds up a frame.
    this.background('normal');
    if (layers.includes('lights')) this.background('bright');
    if (layers.includes('infrared')) this.background('infrared');
  }

  /** Builds the frame `t` (Date.now() ms) shows, stamped with `seq` and `t`. */
  compose(seq: number, t: number, wrapping?: Wrapping): ComposedFrame {
    const state = sceneState(this.layers, t - this.epochMs);
    const light: Light = state.infrared ? 'infrared' : state.bright ? 'bright' : 'normal';
    const { cols, rows } = this.geometry;
    const variants = this.background(light);
    const random = seededRandom(seq * 7919 + 1);
    let scanLength = 0;
    for (let i = 0; i < cols * rows; i++) {
      const tile = variants.length === 1 ? variants[0]![i]! : variants[Math.floor(random() * variants.length)]![i]!;
      this.chosen[i] = tile;
    }
    this.placeWalker(state, light);
    this.placeClock(state, light);
    for (let i = 0; i < cols * rows; i++) scanLength += this.chosen[i]!.length + (i < cols * rows - 1 ? 2 : 0);

    return assembleFrame({ t, seq, cam: this.camera }, this.header, scanLength, (bytes, at) => {
      let offset = at;
      for (let i = 0; i < cols * rows; i++) {
        const tile = this.chosen[i]!;
        bytes.set(tile, offset); offset += tile.length;
        // Restart markers RST0..RST7 in turn after every MCU but the last (T.81 B.2.1).
        if (i < cols * rows - 1) { bytes[offset++] = 0xff; bytes[offset++] = 0xd0 + (i % 8); }
      }
      return offset;
    }, wrapping);
  }

  private placeWalker(state: SceneState, light: Light): void {
    if (state.walkerMs === null) return;
    const { cols, walker } = this.geometry;
    const travel = cols - walker.size + 1;
    const col = Math.floor((state.walkerMs / WALKER_CROSSING_MS) * cols) % travel;
    let tile = this.walkerTiles.get(light);
    if (!tile) {
      const block = new Raster(MCU_SIZE, MCU_SIZE);
      block.fillRect(0, 0, MCU_SIZE, MCU_SIZE, lit(light, WALKER));
      tile = this.encoder.encode(block.mcu(0, 0));
      this.walkerTiles.set(light, tile);
    }
    for (let r = 0; r < walker.size; r++) for (let c = 0; c < walker.size; c++) this.chosen[(walker.row + r) * cols + col + c] = tile;
  }

  private placeClock(state: SceneState, light: Light): void {
    if (!this.layers.includes('clock')) return;
    const { cols, clock } = this.geometry;
    const text = state.clockVisible ? String(state.clockSeconds % 10_000).padStart(4, '0') : '';
    const key = `${light}|${text}`;
    let panel = this.clockPanels.get(key);
    if (!panel) {
      const raster = new Raster(clock.cols * MCU_SIZE, clock.rows * MCU_SIZE);
      raster.fillRect(0, 0, raster.width, raster.height, lit(light, CLOCK_PANEL));
      if (text) raster.drawText(text, 2 * clock.fontScale, 2 * clock.fontScale, clock.fontScale, lit(light, CLOCK_INK));
      panel = [];
      for (let r = 0; r < clock.rows; r++) for (let c = 0; c < clock.cols; c++) panel.push(this.encoder.encode(raster.mcu(c, r)));
      if (this.clockPanels.size >= MAX_CLOCK_PANELS) this.clockPanels.clear();
      this.clockPanels.set(key, panel);
    }
    for (let r = 0; r < clock.rows; r++) for (let c = 0; c < clock.cols; c++) this.chosen[(clock.row + r) * cols + clock.col + c] = panel[r * clock.cols + c]!;
  }

  /** The background's tiles in this light, one set per noise variant, encoded on first use. */
  private background(light: Light): Uint8Array[][] {
    let variants = this.backgrounds.get(light);
    if (variants) return variants;
    const { cols, rows } = this.geometry;
    const count = this.layers.includes('noise') ? NOISE_VARIANTS : 1;
    variants = [];
    const block = new Uint8Array(MCU_SIZE * MCU_SIZE * 3);
    for (let v = 0; v < count; v++) {
      const random = seededRandom(0x5ce2e + v);
      const tiles: Uint8Array[] = [];
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          this.texture.mcu(c, r, block);
          for (let p = 0; p < block.length; p += 3) {
            const noise = count > 1 ? Math.round((random() * 2 - 1) * NOISE_AMPLITUDE) : 0;
            const [red, green, blue] = lit(light, [block[p]! + noise, block[p + 1]! + noise, block[p + 2]! + noise]);
            block[p] = red; block[p + 1] = green; block[p + 2] = blue;
          }
          tiles.push(this.encoder.encode(block));
        }
      }
      variants.push(tiles);
    }
    this.backgrounds.set(light, variants);
    return variants;
  }
}
