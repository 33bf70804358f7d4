// Zone editing, pure (no DOM): a zone is a polygon in fractions of the picture (shared/motion.ts),
// edited on screen in pixels of the picture's rectangle inside its box. The editor adds points
// with clicks, moves them by dragging, and every step keeps the zone inside the picture and
// within the contract's bounds (MAX_MOTION_ZONES zones, MAX_ZONE_POINTS points, names up to
// MAX_ZONE_NAME_LENGTH), so what is saved is what the core accepts.
import { MAX_MOTION_ZONES, MAX_ZONE_NAME_LENGTH, MAX_ZONE_POINTS, type MotionBox, type MotionZone, type ZonePoint } from '../../shared/motion.ts';

/** The picture's rectangle inside a box it is fitted into at its own aspect ratio (object-fit: contain). */
export type PictureRect = { left: number; top: number; width: number; height: number };

export function fitContain(boxWidth: number, boxHeight: number, pictureWidth: number, pictureHeight: number): PictureRect {
  if (boxWidth <= 0 || boxHeight <= 0 || pictureWidth <= 0 || pictureHeight <= 0) return { left: 0, top: 0, width: 0, height: 0 };
  const scale = Math.min(boxWidth / pictureWidth, boxHeight / pictureHeight);
  const width = pictureWidth * scale;
  const height = pictureHeight * scale;
  return { left: (boxWidth - width) / 2, top: (boxHeight - height) / 2, width, height };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
/** Fractions are kept to 4 decimals (a 10,000 px wide picture's pixel): short JSON, nothing visible lost. */
const round = (v: number) => Math.round(clamp01(v) * 10_000) / 10_000;

/** A point of the box (px) as fractions of the picture, clamped to its edges. */
export function toPicture(rect: PictureRect, x: number, y: number): ZonePoint {
  if (rect.width === 0 || rect.height === 0) return [0, 0];
  return [round((x - rect.left) / rect.width), round((y - rect.top) / rect.height)];
}

/** A picture point (fractions) in px of the box. */
export function toBox(rect: PictureRect, [x, y]: ZonePoint): [number, number] {
  return [rect.left + x * rect.width, rect.top + y * rect.height];
}

/** Within this many px of a point, a press takes the point (to drag it) rather than adding one. */
export const GRAB_RADIUS_PX = 9;

/** The index of the zone point nearest (x, y) px within GRAB_RADIUS_PX, or -1. */
export function pointAt(rect: PictureRect, zone: MotionZone, x: number, y: number, radius = GRAB_RADIUS_PX): number {
  let best = -1;
  let bestDistance = radius;
  zone.points.forEach((p, i) => {
    const [px, py] = toBox(rect, p);
    const distance = Math.hypot(px - x, py - y);
    if (distance <= bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  return best;
}

export type EditResult = { zone: MotionZone; error: string | null };

/**
 * Adds a point. Where the new point lies close to an edge of a closed polygon (3 or more points),
 * it goes into that edge (so a user refines a shape by clicking on its outline); otherwise after
 * the last point.
 */
export function addPoint(rect: PictureRect, zone: MotionZone, x: number, y: number): EditResult {
  if (zone.points.length >= MAX_ZONE_POINTS) return { zone, error: `A zone has at most ${MAX_ZONE_POINTS} points: move or delete one instead.` };
  const point = toPicture(rect, x, y);
  const edge = zone.points.length >= 3 ? edgeAt(rect, zone, x, y) : -1;
  const points = [...zone.points];
  points.splice(edge === -1 ? points.length : edge + 1, 0, point);
  return { zone: { ...zone, points }, error: null };
}

/** The index i of the edge (point i to point i+1, the last closing to the first) within GRAB_RADIUS_PX of (x, y), or -1. */
export function edgeAt(rect: PictureRect, zone: MotionZone, x: number, y: number, radius = GRAB_RADIUS_PX): number {
  const n = zone.points.length;
  let best = -1;
  let bestDistance = radius;
  for (let i = 0; i < n; i++) {
    const a = toBox(rect, zone.points[i]!);
    const b = toBox(rect, zone.points[(i + 1) % n]!);
    const distance = segmentDistance(x, y, a, b);
    if (distance <= bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}

function segmentDistance(x: number, y: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length2));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Moves point `index` to (x, y) px, clamped to the picture. */
export function movePoint(rect: PictureRect, zone: MotionZone, index: number, x: number, y: number): MotionZone {
  if (index < 0 || index >= zone.points.length) return zone;
  const points = zone.points.map((p, i) => (i === index ? toPicture(rect, x, y) : p));
  return { ...zone, points };
}

export function removePoint(zone: MotionZone, index: number): MotionZone {
  return { ...zone, points: zone.points.filter((_, i) => i !== index) };
}

/** A new zone's name: "Zone N" with the first N no other zone has. */
export function nextZoneName(zones: MotionZone[]): string {
  const taken = new Set(zones.map((z) => z.name));
  let n = zones.length + 1;
  while (taken.has(`Zone ${n}`)) n += 1;
  return `Zone ${n}`;
}

export function addZone(zones: MotionZone[], kind: MotionZone['kind']): { zones: MotionZone[]; error: string | null } {
  if (zones.length >= MAX_MOTION_ZONES) return { zones, error: `A camera has at most ${MAX_MOTION_ZONES} zones: delete one first.` };
  return { zones: [...zones, { name: nextZoneName(zones), kind, points: [] }], error: null };
}

export function renameZone(zone: MotionZone, name: string): MotionZone {
  return { ...zone, name: name.slice(0, MAX_ZONE_NAME_LENGTH) };
}

/** What is wrong with the zones before saving (the core checks them again), per zone index; empty when nothing. */
export function zoneProblems(zones: MotionZone[]): Map<number, string> {
  const problems = new Map<number, string>();
  const names = new Map<string, number>();
  zones.forEach((zone, i) => {
    const name = zone.name.trim();
    if (name === '') problems.set(i, 'needs a name');
    else if (names.has(name)) problems.set(i, `has the same name as zone ${names.get(name)! + 1}: names must differ (events say which zones saw motion)`);
    else if (zone.points.length < 3) problems.set(i, `needs at least 3 points (has ${zone.points.length}): click on the picture to add them`);
    else if (polygonArea(zone.points) < 1e-6) problems.set(i, 'has no area: spread its points apart');
    names.set(name, i);
  });
  return problems;
}

/** The polygon's area as a fraction of the picture (shoelace formula). */
export function polygonArea(points: ZonePoint[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x2, y2] = points[(i + 1) % points.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

/** The rectangle between two box points (px) as a picture box, clamped to the picture: the search region. */
export function boxBetween(rect: PictureRect, x1: number, y1: number, x2: number, y2: number): MotionBox {
  const [ax, ay] = toPicture(rect, Math.min(x1, x2), Math.min(y1, y2));
  const [bx, by] = toPicture(rect, Math.max(x1, x2), Math.max(y1, y2));
  return { x: ax, y: ay, w: round(bx - ax), h: round(by - ay) };
}

/** For the help overlay: what the zone editor does with the pointer and the keys (ZoneEditor). */
export const ZONE_SHORTCUTS: Array<[string, string]> = [
  ['Click', 'Add a point to the chosen zone (on its outline: into that edge)'],
  ['Drag', 'Move a point of the chosen zone'],
  ['Delete', 'Delete the chosen point (or Backspace)'],
];
