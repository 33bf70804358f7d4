// Hooks that read the app-wide stores from components.
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { CamwallApi } from '../../shared/api/index.ts';
import type { CameraLive, LiveStore } from './live-store.ts';

export type AppServices = { api: CamwallApi; live: LiveStore };

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesContext.Provider>');
  return services;
}

/** The camera's live entry, re-rendering the caller when it changes. */
export function useCameraLive(cameraId: string | null): CameraLive | null {
  const { live } = useServices();
  const [, setVersion] = useState(0);
  useEffect(() => (cameraId === null ? undefined : live.watch(cameraId, () => setVersion((v) => v + 1))), [live, cameraId]);
  return cameraId === null ? null : live.get(cameraId);
}

/** Date.now(), refreshed every `intervalMs` while the caller is mounted. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
