// ZoneMinder-style polygon zones on the analysed picture, rasterised once per picture size:
// which pixels count (inside an include zone, or anywhere when there is none, and never inside an
// exclude zone) and which include zones each pixel belongs to (a bit per zone, to name the zones
// an event touched). Pixels are tested at their centres with the even-odd rule.
import { MAX_MOTION_ZONES, type MotionZone, type ZonePoint } from '../../shared/motion.ts';

export type ZoneRaster = {
  width: number;
  height: number;
  /** 1 where motion counts, 0 where it never does. */
  counted: Uint8Array;
  /** Bit i set where include zone i (in `includeNames` order) covers the pixel. */
  includeBits: Uint16Array;
  includeNames: string[];
  /** Pixels that count. */
  countedPixels: number;
};

function inside(points: readonly ZonePoint[], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

export function rasteriseZones(zones: readonly MotionZone[], width: number, height: number): ZoneRaster {
  if (zones.length > MAX_MOTION_ZONES) throw new Error(`a camera has at most ${MAX_MOTION_ZONES} motion zones, got ${zones.length}`);
  const includes = zones.filter((z) => z.kind === 'include');
  const excludes = zones.filter((z) => z.kind === 'exclude');
  const counted = new Uint8Array(width * height);
  const includeBits = new Uint16Array(width * height);
  let countedPixels = 0;
  for (let y = 0; y < height; y++) {
    const fy = (y + 0.5) / height;
    for (let x = 0; x < width; x++) {
      const fx = (x + 0.5) / width;
      let bits = 0;
      includes.forEach((zone, i) => { if (inside(zone.points, fx, fy)) bits |= 1 << i; });
      const excluded = excludes.some((zone) => inside(zone.points, fx, fy));
      const counts = !excluded && (includes.length === 0 || bits !== 0);
      const i = y * width + x;
      includeBits[i] = bits;
      if (counts) { counted[i] = 1; countedPixels++; }
    }
  }
  return { width, height, counted, includeBits, includeNames: includes.map((z) => z.name), countedPixels };
}
