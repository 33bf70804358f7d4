// The one place that knows there are two shells: Electron's preload exposes the API as
// `window.camwall`; in a browser (`camwall serve`) the WebSocket client builds the same object.
// Nothing else in the renderer can tell them apart.
import type { CamwallApi } from '../shared/api/index.ts';
import { connectCamwall, type CamwallClient } from './api/ws-client.ts';

/** How long the first WebSocket connection may take before the page says it cannot connect. */
const FIRST_CONNECT_TIMEOUT_MS = 15_000;

export async function connectCamwallApi(): Promise<CamwallApi> {
  const exposed = (globalThis as { camwall?: CamwallApi }).camwall;
  if (exposed) return exposed;
  const client = connectCamwall();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer from the Camwall server at ${location.host} within ${FIRST_CONNECT_TIMEOUT_MS / 1000} s.`)), FIRST_CONNECT_TIMEOUT_MS);
  });
  try {
    await Promise.race([client.ready, timeout]);
  } catch (error) {
    client.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/**
 * Calls `handler` each time the API connection opens again after it dropped. Only the browser
 * shell's WebSocket can drop; Electron's IPC cannot, so there this never calls.
 */
export function onReconnected(api: CamwallApi, handler: () => void): () => void {
  const client = api as Partial<CamwallClient>;
  if (typeof client.onConnectionChange !== 'function') return () => {};
  return client.onConnectionChange((state) => {
    if (state === 'open') handler();
  });
}
