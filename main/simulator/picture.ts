// The simulator's picture, pre-encoded as MCU tiles: a textured background per resolution,
// digit glyphs for the frame number, and a ball on a track at every sub-MCU phase. Nothing here
// runs per frame; frame-source.ts pastes these tiles together.

import { MCU_SIZE, McuEncoder } from './jpeg-encoder.ts';
import { GLYPH_HEIGHT, GLYPH_WIDTH, Raster, seededRandom, textWidth, type Rgb } from './raster.ts';

/** Landscape sizes, and 480x640 for a camera turned on its side (Axis "corridor format"). */
export const SUPPORTED_RESOLUTIONS = ['1920x1080', '1280x720', '800x600', '640x480', '320x240', '480x640'] as const;
export type Resolution = (typeof SUPPORTED_RESOLUTIONS)[number];
/** Digits of the frame number shown in the picture (it wraps after 10^8 frames, 77 days at 15 fps). */
export const FRAME_NUMBER_DIGITS = 8;
/** The ball moves in steps of this many pixels, so each MCU needs 16 / step pre-encoded phases. */
export const BALL_PHASE_STEP = 4;
/** Amplitude of the background's pixel noise: it makes frame sizes realistic (VGA about 40 KB). */
const NOISE_AMPLITUDE = 10;
const JPEG_QUALITY = 75;

const BACKGROUND_TOP: Rgb = [40, 70, 110];
const BACKGROUND_BOTTOM: Rgb = [90, 120, 80];
const PANEL: Rgb = [16, 16, 16];
const INK: Rgb = [240, 240, 240];
const TRACK: Rgb = [48, 48, 48];
const BALL: Rgb = [255, 160, 20];

export function isSupportedResolution(value: string): value is Resolution {
  return (SUPPORTED_RESOLUTIONS as readonly string[]).includes(value);
}

/** Where things sit, in MCUs (16x16 pixel blocks). */
export interface Layout {
  width: number;
  height: number;
  cols: number;
  rows: number;
  /** Size of one frame-number digit cell, in MCUs. */
  digitCols: number;
  digitRows: number;
  /** Pixels per font pixel. */
  fontScale: number;
  label: { col: number; row: number };
  number: { col: number; row: number };
  track: { row: number; rows: number };
  ballDiameter: number;
  /** MCUs the ball can touch at any phase. */
  ballStripCols: number;
  /** Pixels the ball moves per frame. */
  ballSpeed: number;
}

export function layoutFor(resolution: Resolution): Layout {
  const [width, height] = resolution.split('x').map(Number) as [number, number];
  const cols = Math.ceil(width / MCU_SIZE);
  const rows = Math.ceil(height / MCU_SIZE);
  const visibleRows = Math.floor(height / MCU_SIZE);
  // Sized by the shorter side, so a portrait picture gets the glyphs of its landscape twin.
  const digitCols = Math.max(1, Math.round((2 * Math.min(width, height)) / 480));
  const digitRows = Math.round(1.5 * digitCols);
  const fontScale = Math.min(
    Math.floor((digitCols * MCU_SIZE - 2) / GLYPH_WIDTH),
    Math.floor((digitRows * MCU_SIZE - 4) / GLYPH_HEIGHT),
  );
  const ballDiameter = digitRows * MCU_SIZE - 4;
  return {
    width, height, cols, rows, digitCols, digitRows, fontScale,
    label: { col: 1, row: 1 },
    number: { col: 1, row: visibleRows - 1 - digitRows },
    track: { row: Math.floor((visibleRows - digitRows) / 2), rows: digitRows },
    ballDiameter,
    ballStripCols: Math.ceil((MCU_SIZE - BALL_PHASE_STEP + ballDiameter) / MCU_SIZE),
    ballSpeed: BALL_PHASE_STEP * digitCols,
  };
}

/** Left edge of the ball, in pixels, for a frame number: it bounces between the track's ends. */
export function ballX(layout: Layout, seq: number): number {
  const travel = Math.floor((layout.width - layout.ballDiameter) / BALL_PHASE_STEP) * BALL_PHASE_STEP;
  const period = 2 * travel;
  const position = (seq * layout.ballSpeed) % period;
  return position <= travel ? position : period - position;
}

/** Tiles shared by every camera at one resolution. */
export interface ResolutionArt {
  layout: Layout;
  encoder: McuEncoder;
  /** DQT..SOS for this size. */
  header: Uint8Array;
  /** Background tile per MCU, row-major. */
  background: Uint8Array[];
  /** digits[d][i]: MCU i (row-major inside the cell) of digit d. */
  digits: Uint8Array[][];
  /** emptyTrack[r]: a track tile of row r without the ball. */
  emptyTrack: Uint8Array[];
  /** ballPhases[p][r * ballStripCols + c]: the ball at pixel offset p * BALL_PHASE_STEP. */
  ballPhases: Uint8Array[][];
}

function encodeRegion(encoder: McuEncoder, raster: Raster, cols: number, rows: number): Uint8Array[] {
  const tiles: Uint8Array[] = [];
  const scratch = new Uint8Array(MCU_SIZE * MCU_SIZE * 3);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) tiles.push(encoder.encode(raster.mcu(c, r, scratch)));
  return tiles;
}

export function drawBackground(raster: Raster): void {
  const random = seededRandom(0xca3a11);
  const { width, height } = raster;
  for (let y = 0; y < height; y++) {
    const f = y / Math.max(1, height - 1);
    for (let x = 0; x < width; x++) {
      const stripe = ((x + y) >> 5) & 1 ? 12 : -12;
      const noise = (random() - 0.5) * 2 * NOISE_AMPLITUDE;
      const channel = (i: 0 | 1 | 2) => Math.max(0, Math.min(255, Math.round(BACKGROUND_TOP[i] * (1 - f) + BACKGROUND_BOTTOM[i] * f + stripe + noise)));
      raster.set(x, y, [channel(0), channel(1), channel(2)]);
    }
  }
}

export function buildResolutionArt(resolution: Resolution): ResolutionArt {
  const layout = layoutFor(resolution);
  const encoder = new McuEncoder(JPEG_QUALITY);
  const background = new Raster(layout.cols * MCU_SIZE, layout.rows * MCU_SIZE);
  drawBackground(background);

  const cellWidth = layout.digitCols * MCU_SIZE;
  const cellHeight = layout.digitRows * MCU_SIZE;
  const digits: Uint8Array[][] = [];
  for (let d = 0; d < 10; d++) {
    const cell = new Raster(cellWidth, cellHeight);
    cell.fillRect(0, 0, cellWidth, cellHeight, PANEL);
    const s = layout.fontScale;
    cell.drawText(String(d), Math.floor((cellWidth - GLYPH_WIDTH * s) / 2), Math.floor((cellHeight - GLYPH_HEIGHT * s) / 2), s, INK);
    digits.push(encodeRegion(encoder, cell, layout.digitCols, layout.digitRows));
  }

  const trackRows = layout.track.rows;
  const empty = new Raster(MCU_SIZE, trackRows * MCU_SIZE);
  empty.fillRect(0, 0, MCU_SIZE, trackRows * MCU_SIZE, TRACK);
  const emptyTrack = encodeRegion(encoder, empty, 1, trackRows);

  const ballPhases: Uint8Array[][] = [];
  const stripWidth = layout.ballStripCols * MCU_SIZE;
  const radius = layout.ballDiameter / 2;
  for (let offset = 0; offset < MCU_SIZE; offset += BALL_PHASE_STEP) {
    const strip = new Raster(stripWidth, trackRows * MCU_SIZE);
    strip.fillRect(0, 0, stripWidth, trackRows * MCU_SIZE, TRACK);
    strip.fillDisc(offset + radius, (trackRows * MCU_SIZE) / 2, radius, BALL);
    ballPhases.push(encodeRegion(encoder, strip, layout.ballStripCols, trackRows));
  }

  return {
    layout,
    encoder,
    header: encoder.headerAfterComments(layout.width, layout.height),
    background: encodeRegion(encoder, background, layout.cols, layout.rows),
    digits,
    emptyTrack,
    ballPhases,
  };
}

/** The per-camera label ("CAM 12") on its panel, as tiles; its size in MCUs depends on the text. */
export function buildCameraLabel(art: ResolutionArt, camera: number): { cols: number; rows: number; tiles: Uint8Array[] } {
  const { layout } = art;
  const text = `CAM ${camera}`;
  const s = layout.fontScale;
  const margin = 2 * s;
  const cols = Math.min(layout.cols - layout.label.col, Math.ceil((textWidth(text, s) + 2 * margin) / MCU_SIZE));
  const rows = layout.digitRows;
  const panel = new Raster(cols * MCU_SIZE, rows * MCU_SIZE);
  // A hue per camera, so tiles on a wall tell themselves apart at a glance.
  const hue = (camera * 47) % 360;
  const tint: Rgb = [0, 1, 2].map((i) => Math.round(60 + 50 * Math.cos(((hue - i * 120) * Math.PI) / 180))) as unknown as Rgb;
  panel.fillRect(0, 0, cols * MCU_SIZE, rows * MCU_SIZE, tint);
  panel.drawText(text, margin, Math.floor((rows * MCU_SIZE - GLYPH_HEIGHT * s) / 2), s, INK);
  return { cols, rows, tiles: encodeRegion(art.encoder, panel, cols, rows) };
}
