// One Camwall per user: two processes on one database and one set of camera connections would
// double the load on every camera. A second start hands over to the first, which shows and
// focuses its window, and quits.
import type { BrowserWindowLike } from './electron-like.ts';

export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  quit(): void;
}

/** Returns false (after asking the app to quit) when another instance already runs. */
export function claimSingleInstance(app: SingleInstanceApp, mainWindow: () => BrowserWindowLike | null): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => focusWindow(mainWindow()));
  return true;
}

export function focusWindow(window: BrowserWindowLike | null): void {
  if (window === null || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
