// A hook for measuring the wall from outside (the wall benchmark, test/bench/wall.bench.ts):
// when a page defines `window.__camwallPaintProbe` before the app starts, every tile reports
// each painted frame to it. Undefined in normal use, so it costs one property read per tile.
import type { Frame } from '../../shared/frame.ts';

export type PaintProbe = (frame: Frame, paintedAt: number) => void;

export function paintProbe(): PaintProbe | undefined {
  return (globalThis as { __camwallPaintProbe?: PaintProbe }).__camwallPaintProbe;
}
