// Where a tile's picture really is on screen, measured two ways: from the canvas (its intrinsic
// size fitted into its CSS box as `object-fit: contain` does) and from the pixels of a screenshot
// of the tile (the picture's edges against the black letterbox). The shape tests compare both
// with the camera's own aspect ratio.
import jpeg from 'jpeg-js';
import type { Page } from 'playwright-core';
import type { PageCanvas } from './page-dom.ts';

export type Rect = { x: number; y: number; width: number; height: number };

export type PictureGeometry = {
  /** The tile's box on the page, CSS pixels. */
  tile: Rect;
  /** The canvas's intrinsic size (its width and height attributes). */
  intrinsic: { width: number; height: number };
  /** The picture's rectangle inside the tile, as object-fit: contain draws the canvas. */
  fitted: Rect;
  /** The picture's rectangle inside the tile, found in the screenshot's pixels. */
  seen: Rect;
  /** The tile's data-picture-width / data-picture-height, null before the first paint. */
  reported: { width: number; height: number } | null;
};

/** Pixels whose R+G+B is above this are picture; the letterbox is black (JPEG noise stays far below). */
const BRIGHT_SUM = 60;
/** A row or column belongs to the picture when this share of its pixels is bright. */
const PICTURE_SHARE = 0.3;
/** The tile's rim (focus ring, rounded corners) is not looked at. */
const RIM_PX = 4;

export async function measurePicture(page: Page, tileSelector: string): Promise<PictureGeometry> {
  const tile = page.locator(tileSelector);
  const box = (await tile.boundingBox())!;
  const canvas = tile.locator('canvas');
  const intrinsic = await canvas.evaluate((c) => ({ width: (c as unknown as PageCanvas).width, height: (c as unknown as PageCanvas).height }));
  const canvasBox = (await canvas.boundingBox())!;
  const scale = Math.min(canvasBox.width / intrinsic.width, canvasBox.height / intrinsic.height);
  const fitted = {
    x: canvasBox.x - box.x + (canvasBox.width - intrinsic.width * scale) / 2,
    y: canvasBox.y - box.y + (canvasBox.height - intrinsic.height * scale) / 2,
    width: intrinsic.width * scale,
    height: intrinsic.height * scale,
  };
  const shot = await tile.screenshot({ type: 'jpeg', quality: 95 });
  const seen = pictureInScreenshot(shot);
  const [w, h] = await Promise.all([tile.getAttribute('data-picture-width'), tile.getAttribute('data-picture-height')]);
  const reported = w && h ? { width: Number(w), height: Number(h) } : null;
  return { tile: { x: box.x, y: box.y, width: box.width, height: box.height }, intrinsic, fitted, seen, reported };
}

/** The bounding rectangle of the rows and columns that are mostly picture, in screenshot pixels. */
export function pictureInScreenshot(jpegBytes: Buffer): Rect {
  const { width, height, data } = jpeg.decode(jpegBytes, { useTArray: true });
  const bright = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    return data[i]! + data[i + 1]! + data[i + 2]! > BRIGHT_SUM;
  };
  const inner = { x0: RIM_PX, x1: width - RIM_PX, y0: RIM_PX, y1: height - RIM_PX };
  const columns: number[] = [];
  for (let x = inner.x0; x < inner.x1; x++) {
    let n = 0;
    for (let y = inner.y0; y < inner.y1; y++) if (bright(x, y)) n++;
    if (n >= PICTURE_SHARE * (inner.y1 - inner.y0)) columns.push(x);
  }
  const rows: number[] = [];
  for (let y = inner.y0; y < inner.y1; y++) {
    let n = 0;
    for (let x = inner.x0; x < inner.x1; x++) if (bright(x, y)) n++;
    if (n >= PICTURE_SHARE * (inner.x1 - inner.x0)) rows.push(y);
  }
  if (columns.length === 0 || rows.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  // A rectangle that reaches the rim is taken to reach the tile's edge.
  const left = columns[0]! === inner.x0 ? 0 : columns[0]!;
  const right = columns.at(-1)! === inner.x1 - 1 ? width : columns.at(-1)! + 1;
  const top = rows[0]! === inner.y0 ? 0 : rows[0]!;
  const bottom = rows.at(-1)! === inner.y1 - 1 ? height : rows.at(-1)! + 1;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

export const aspect = (r: { width: number; height: number }): number => r.width / r.height;
