// A wall window on every other display: View → "Wall on every display" opens one kiosk window
// per display the main window is not on, each pinned to a named layout (`?layout=`), so a
// control room's monitors show different layouts from one app. The plan is pure; opening takes
// the BrowserWindow constructor like the main window does (tested with the fake Electron).
import type { BrowserWindowLike, RectangleLike } from './electron-like.ts';
import { createMainWindow, type WindowFactory } from './window.ts';

export type DisplayLike = { id: number; bounds: RectangleLike };
export type LayoutRef = { id: string; active: boolean };
export type WallWindowPlan = { displayId: number; bounds: RectangleLike; layoutId: string };

/**
 * One window per display other than `mainDisplayId`, in the displays' order, each on the next
 * named layout after the active one (wrapping round, so with fewer layouts than displays some
 * repeat). No layout, no window.
 */
export function planWallWindows(displays: readonly DisplayLike[], mainDisplayId: number, layouts: readonly LayoutRef[]): WallWindowPlan[] {
  if (layouts.length === 0) return [];
  const activeAt = Math.max(0, layouts.findIndex((layout) => layout.active));
  return displays
    .filter((display) => display.id !== mainDisplayId)
    .map((display, n) => ({ displayId: display.id, bounds: display.bounds, layoutId: layouts[(activeAt + 1 + n) % layouts.length]!.id }));
}

/** Opens the planned windows: kiosk windows covering their displays, hardened like the main one. */
export function openWallWindows(electron: WindowFactory, plans: readonly WallWindowPlan[], preloadPath: string, log: (line: string) => void): BrowserWindowLike[] {
  return plans.map((plan) => createMainWindow(electron, { preloadPath, bounds: plan.bounds, kiosk: true, layoutId: plan.layoutId, title: 'Camwall wall' }, log));
}
