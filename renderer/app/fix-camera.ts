// "Fix…" on a failing tile opens that camera's settings. The wall sits deep below App, so App
// hands the opener down through a context; where there is nowhere to open settings (a kiosk, the
// wall mode) the context holds null and tiles show no button.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const FixCameraContext = createContext<((cameraId: string) => void) | null>(null);

export function useFixCamera(): ((cameraId: string) => void) | null {
  return useContext(FixCameraContext);
}
