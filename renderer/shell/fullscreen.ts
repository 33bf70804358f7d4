// Full screen through the Fullscreen API, on the whole document so the toolbar can still be
// reached (kiosk mode hides it instead).
export function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen().catch(() => undefined);
}

/** `?kiosk=1`: a wall monitor with no chrome (the Electron shell maps its --kiosk flag to it). */
export function kioskRequested(): boolean {
  const value = new URLSearchParams(location.search).get('kiosk');
  return value === '1' || value === 'true';
}
