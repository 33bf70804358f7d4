// The tile's digital zoom from the pointer: the wheel (and a trackpad's pinch, which Chromium
// sends as a wheel with ctrlKey) zooms about the pointer, two touch pointers pinch, one pointer
// drags the zoomed picture. The zoom is a CSS transform on the canvas (tile-zoom.ts): painting
// is not touched. The wall's keys (+, -, 0) reach a tile through the controls it returns.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { NO_ZOOM, isZoomed, panBy, zoomAt, zoomTransform, type TilePoint, type Zoom } from './tile-zoom.ts';

/** Zoom factor per pixel of wheel movement: one notch (100 px) is about 1.2x. */
const WHEEL_ZOOM_RATE = 0.0018;

export type ZoomControls = { zoomBy(factor: number): void; reset(): void };

type Point = { x: number; y: number };

/** Zoom state for one tile; it goes back to none when `resetKey` changes (another camera). */
export function useTileZoom(root: RefObject<HTMLElement | null>, canvas: RefObject<HTMLCanvasElement | null>, resetKey: unknown): { zoom: Zoom; controls: ZoomControls } {
  const [zoom, setZoom] = useState<Zoom>(NO_ZOOM);
  const latest = useRef(zoom);
  latest.current = zoom;

  useEffect(() => setZoom(NO_ZOOM), [resetKey]);

  useEffect(() => {
    const style = canvas.current?.style;
    const transform = zoomTransform(zoom);
    if (!style) return;
    if (transform === '') style.removeProperty('transform');
    else style.setProperty('transform', transform);
  }, [zoom]);

  useEffect(() => {
    const element = root.current;
    if (!element) return;
    const toTile = (p: Point): TilePoint => {
      const r = element.getBoundingClientRect();
      return { x: (p.x - r.left) / r.width - 0.5, y: (p.y - r.top) / r.height - 0.5 };
    };
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const at = toTile({ x: event.clientX, y: event.clientY });
      setZoom((z) => zoomAt(z, Math.exp(-event.deltaY * WHEEL_ZOOM_RATE), at));
    };
    const pointers = new Map<number, Point>();
    const onPointerDown = (event: PointerEvent) => {
      // Controls keep their clicks; an unzoomed tile keeps its mouse drag (moving tiles around).
      if ((event.target as Element).closest('button, select, a, input')) return;
      if (event.pointerType === 'mouse' && (event.button !== 0 || !isZoomed(latest.current))) return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      element.setPointerCapture(event.pointerId);
    };
    const onPointerMove = (event: PointerEvent) => {
      const before = pointers.get(event.pointerId);
      if (!before) return;
      const now = { x: event.clientX, y: event.clientY };
      const other = [...pointers].find(([id]) => id !== event.pointerId)?.[1];
      pointers.set(event.pointerId, now);
      const r = element.getBoundingClientRect();
      if (other) {
        // Pinch: the distance between the fingers scales, their midpoint pans.
        const factor = distance(now, other) / Math.max(1, distance(before, other));
        const mid = toTile(midpoint(now, other));
        const dx = (now.x - before.x) / 2 / r.width;
        const dy = (now.y - before.y) / 2 / r.height;
        setZoom((z) => panBy(zoomAt(z, factor, mid), dx, dy));
      } else if (isZoomed(latest.current)) {
        setZoom((z) => panBy(z, (now.x - before.x) / r.width, (now.y - before.y) / r.height));
      }
    };
    const onPointerEnd = (event: PointerEvent) => pointers.delete(event.pointerId);
    const listening = new AbortController();
    const { signal } = listening;
    element.addEventListener('wheel', onWheel, { passive: false, signal });
    element.addEventListener('pointerdown', onPointerDown, { signal });
    element.addEventListener('pointermove', onPointerMove, { signal });
    element.addEventListener('pointerup', onPointerEnd, { signal });
    element.addEventListener('pointercancel', onPointerEnd, { signal });
    return () => listening.abort();
  }, [root]);

  const controls = useRef<ZoomControls>({ zoomBy: (factor) => setZoom((z) => zoomAt(z, factor)), reset: () => setZoom(NO_ZOOM) });
  return { zoom, controls: controls.current };
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function midpoint(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}
