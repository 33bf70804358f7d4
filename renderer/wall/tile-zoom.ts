// Digital zoom inside a tile, as pure arithmetic: a scale and a translation of the canvas, the
// translation in fractions of the tile (so it survives the tile changing size, e.g. maximized)
// and applied as `translate(x%, y%) scale(s)` about the tile's centre. The frame path never sees
// it: the canvas keeps its picture, CSS moves it.

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 8;
/** One key press (+ or -) zooms by this factor. */
export const KEY_ZOOM_STEP = 1.25;

/** `x`, `y`: where the picture's centre sits, in tile widths and heights from the tile's centre. */
export type Zoom = { scale: number; x: number; y: number };

export const NO_ZOOM: Zoom = { scale: 1, x: 0, y: 0 };

/** A point of the tile in the same units: fractions of its size from its centre (-0.5..0.5). */
export type TilePoint = { x: number; y: number };

/**
 * Zooms by `factor` keeping the picture point under `at` where it is (the pointer for the wheel
 * and a pinch, the centre for the keys).
 */
export function zoomAt(zoom: Zoom, factor: number, at: TilePoint = { x: 0, y: 0 }): Zoom {
  const scale = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom.scale * factor));
  const ratio = scale / zoom.scale;
  return clamp({ scale, x: at.x - (at.x - zoom.x) * ratio, y: at.y - (at.y - zoom.y) * ratio });
}

/** Moves the picture by a drag of (dx, dy) tile fractions. */
export function panBy(zoom: Zoom, dx: number, dy: number): Zoom {
  return clamp({ scale: zoom.scale, x: zoom.x + dx, y: zoom.y + dy });
}

/** Keeps the zoomed picture covering the whole tile: no edge of it comes inside. */
function clamp(zoom: Zoom): Zoom {
  const limit = (zoom.scale - 1) / 2;
  const bound = (v: number) => Math.min(limit, Math.max(-limit, v));
  if (zoom.scale <= MIN_ZOOM + 1e-6) return NO_ZOOM;
  return { scale: zoom.scale, x: bound(zoom.x), y: bound(zoom.y) };
}

export function isZoomed(zoom: Zoom): boolean {
  return zoom.scale > MIN_ZOOM + 1e-6;
}

/** The CSS transform for a zoom (an empty string for none, so the canvas keeps no transform). */
export function zoomTransform(zoom: Zoom): string {
  if (!isZoomed(zoom)) return '';
  return `translate(${(zoom.x * 100).toFixed(3)}%, ${(zoom.y * 100).toFixed(3)}%) scale(${zoom.scale.toFixed(4)})`;
}
