// The one place that knows there are two shells: Electron's preload exposes the API as
// `window.camwall`; in a browser (`camwall serve`) the WebSocket client builds the same object.
import type { CamwallApi } from '../shared/api/index.ts';

export async function connectCamwallApi(): Promise<CamwallApi> {
  const exposed = (globalThis as { camwall?: CamwallApi }).camwall;
  if (exposed) return exposed;
  throw new Error('No Camwall API in this page.');
}
