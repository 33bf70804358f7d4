// Turns a preset's geometry (shared/layout.ts, the table the registry validates against) into
// CSS grid placement, and edits a layout's tile list when the preset or a tile changes.
import { PRESET_GEOMETRY, type LayoutPreset } from '../../shared/layout.ts';

export type GridArea = { gridColumn: string; gridRow: string };

export function gridTemplate(preset: LayoutPreset): { gridTemplateColumns: string; gridTemplateRows: string } {
  const { cols, rows } = PRESET_GEOMETRY[preset];
  return { gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` };
}

export function tileAreas(preset: LayoutPreset): GridArea[] {
  return PRESET_GEOMETRY[preset].tiles.map((t) => ({
    gridColumn: `${t.col + 1} / span ${t.colSpan}`,
    gridRow: `${t.row + 1} / span ${t.rowSpan}`,
  }));
}

/**
 * Which stream a tile asks for: the camera's full stream for a tile at least half the wall wide
 * (preset 1, 2x2, the big tile of the focus layouts) or a maximized one, its smaller stream
 * otherwise. The core falls back to the full stream when no smaller one is configured.
 */
export function streamForTile(preset: LayoutPreset, index: number, maximized: boolean): 'main' | 'sub' {
  if (maximized) return 'main';
  const { cols, tiles } = PRESET_GEOMETRY[preset];
  const tile = tiles[index];
  return tile && tile.colSpan / cols >= 0.5 ? 'main' : 'sub';
}

/** The tile list for another preset: cameras keep their order, extra ones fall off the end. */
export function resizeTiles(tiles: ReadonlyArray<string | null>, preset: LayoutPreset): Array<string | null> {
  const count = PRESET_GEOMETRY[preset].tiles.length;
  const kept = tiles.filter((id): id is string => id !== null);
  const out: Array<string | null> = [];
  // Keep cameras where they were when they still fit; otherwise pack them into the free cells.
  for (let i = 0; i < count; i++) out.push(tiles[i] ?? null);
  const placed = new Set(out.filter((id) => id !== null));
  for (const id of kept) {
    if (placed.has(id)) continue;
    const free = out.indexOf(null);
    if (free === -1) break;
    out[free] = id;
    placed.add(id);
  }
  return out;
}

/** Puts a camera in a tile; when the camera already sits in another tile the two swap. */
export function assignCamera(tiles: ReadonlyArray<string | null>, index: number, cameraId: string | null): Array<string | null> {
  const out = [...tiles];
  const previous = cameraId === null ? -1 : out.indexOf(cameraId);
  if (previous !== -1 && previous !== index) out[previous] = out[index] ?? null;
  out[index] = cameraId;
  return out;
}

export function swapTiles(tiles: ReadonlyArray<string | null>, from: number, to: number): Array<string | null> {
  const out = [...tiles];
  [out[from], out[to]] = [out[to] ?? null, out[from] ?? null];
  return out;
}

/** The smallest uniform preset that shows `count` cameras (up to 8x8). */
export function presetFor(count: number): LayoutPreset {
  for (const preset of ['1', '2x2', '3x3', '4x4', '5x5', '6x6'] as const) {
    if (PRESET_GEOMETRY[preset].tiles.length >= count) return preset;
  }
  return '8x8';
}

/** Moves the selection to the nearest tile in a direction, by tile centres. */
export function neighbourTile(preset: LayoutPreset, from: number, dx: number, dy: number): number {
  const tiles = PRESET_GEOMETRY[preset].tiles;
  const here = tiles[from];
  if (!here) return 0;
  const centre = (t: (typeof tiles)[number]) => ({ x: t.col + t.colSpan / 2, y: t.row + t.rowSpan / 2 });
  const c = centre(here);
  let best = from;
  let bestScore = Infinity;
  tiles.forEach((tile, index) => {
    if (index === from) return;
    const p = centre(tile);
    const along = (p.x - c.x) * dx + (p.y - c.y) * dy;
    if (along <= 0) return;
    const across = Math.abs((p.x - c.x) * dy) + Math.abs((p.y - c.y) * dx);
    const score = along + across * 2;
    if (score < bestScore) {
      bestScore = score;
      best = index;
    }
  });
  return best;
}
