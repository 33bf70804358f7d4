// The window's bounds, maximized and full-screen state, kept in the data folder and restored at
// the next start, moved back onto a display when the one it was on is gone (a laptop undocked
// from the wall monitor). Pure except for load/save, which take the file path.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { BrowserWindowLike, RectangleLike } from './electron-like.ts';
import { systemClock, type Clock, type TimerHandle } from '../base/clock.ts';

export const WINDOW_STATE_FILE_NAME = 'window-state.json';
/** At least this much of the window must lie on a display for its saved place to be kept. */
export const MIN_VISIBLE_PX = 64;
export const DEFAULT_WIDTH = 1280;
export const DEFAULT_HEIGHT = 800;

const rectangle = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(1).max(100_000), height: z.number().int().min(1).max(100_000) });
const windowStateSchema = z.object({ bounds: rectangle, maximized: z.boolean(), fullScreen: z.boolean() });

export type WindowState = z.infer<typeof windowStateSchema>;

/** The saved state, or null when there is none or it is unreadable (a fresh start then). */
export function loadWindowState(file: string): WindowState | null {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

/**
 * Where to put a window with `saved` bounds given the displays' work areas (the first is the
 * primary display): kept when enough of it is visible, shrunk to fit its display; otherwise
 * centred on the primary display. No saved bounds: the default size, centred.
 */
export function placeWindow(saved: RectangleLike | null, workAreas: readonly RectangleLike[]): RectangleLike {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT };
  if (saved === null) return centreIn(primary, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  let best: RectangleLike | null = null;
  let bestArea = 0;
  for (const area of workAreas) {
    const overlap = intersection(saved, area);
    if (overlap !== null && overlap.width >= MIN_VISIBLE_PX && overlap.height >= MIN_VISIBLE_PX && overlap.width * overlap.height > bestArea) {
      best = area;
      bestArea = overlap.width * overlap.height;
    }
  }
  if (best === null) return centreIn(primary, saved.width, saved.height);
  const width = Math.min(saved.width, best.width);
  const height = Math.min(saved.height, best.height);
  return {
    x: clamp(saved.x, best.x, best.x + best.width - width),
    y: clamp(saved.y, best.y, best.y + best.height - height),
    width,
    height,
  };
}

function centreIn(area: RectangleLike, wantedWidth: number, wantedHeight: number): RectangleLike {
  const width = Math.min(wantedWidth, area.width);
  const height = Math.min(wantedHeight, area.height);
  return { x: area.x + Math.floor((area.width - width) / 2), y: area.y + Math.floor((area.height - height) / 2), width, height };
}

function intersection(a: RectangleLike, b: RectangleLike): RectangleLike | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

export type WindowStateTracking = { delayMs?: number; log?: (line: string) => void; clock?: Clock };

/**
 * Saves the window's state shortly after it moves or resizes, and when it closes. The normal
 * bounds are saved, so a maximized window comes back maximized over the right display and
 * un-maximizes to where it was.
 */
export function trackWindowState(window: BrowserWindowLike, file: string, options: WindowStateTracking = {}): () => void {
  const delayMs = options.delayMs ?? 500;
  const clock = options.clock ?? systemClock;
  let timer: TimerHandle | null = null;
  const save = (): void => {
    timer?.cancel();
    timer = null;
    if (window.isDestroyed()) return;
    try {
      saveWindowState(file, { bounds: window.getNormalBounds(), maximized: window.isMaximized(), fullScreen: window.isFullScreen() });
    } catch (error) {
      options.log?.(`could not save the window's place in ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const later = (): void => {
    timer?.cancel();
    timer = clock.setTimer(save, delayMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen']) window.on(event, later);
  window.on('close', save);
  return () => {
    timer?.cancel();
    timer = null;
  };
}
