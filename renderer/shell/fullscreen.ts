// Full screen through the Fullscreen API, and the start options a URL can carry. Wall mode
// (WallModeBar.tsx) asks for full screen on the whole document; kiosk mode is wall mode that the
// keyboard cannot leave.
export function toggleFullscreen(): void {
  if (document.fullscreenElement) exitFullscreen();
  else enterFullscreen();
}

/** Best effort: a browser may refuse without a user gesture, and the wall works without it. */
export function enterFullscreen(): void {
  if (!document.fullscreenElement) void document.documentElement.requestFullscreen().catch(() => undefined);
}

export function exitFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
}

/** `?kiosk=1`: a wall monitor with no chrome (the Electron shell maps its --kiosk flag to it). */
export function kioskRequested(): boolean {
  const value = new URLSearchParams(location.search).get('kiosk');
  return value === '1' || value === 'true';
}

/** `?layout=ID`: this window shows that named layout instead of the active one (a wall per display). */
export function layoutRequested(): string | null {
  return new URLSearchParams(location.search).get('layout');
}

/** This page's address as a kiosk (browser shell): the same page with `kiosk=1`, the token kept in its cookie. */
export function kioskUrl(): string {
  const url = new URL(location.href);
  url.searchParams.delete('token');
  url.searchParams.set('kiosk', '1');
  return url.pathname + url.search;
}
