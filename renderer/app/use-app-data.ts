// The records the whole UI shows: cameras, layouts, settings and what the app says about itself.
// Loaded once, then kept current by the events that carry each list whole (no merging).
import { useEffect, useState } from 'preact/hooks';
import type { AppInfo, CamwallApi } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import type { Layout } from '../../shared/layout.ts';
import type { Settings } from '../../shared/settings.ts';
import { onReconnected } from '../app-api.ts';

export type AppData = {
  cameras: Camera[];
  layouts: Layout[];
  settings: Settings | null;
  info: AppInfo | null;
  /** Set when the first load failed; the UI shows it instead of an empty wall. */
  loadError: string | null;
  loaded: boolean;
};

const INITIAL: AppData = { cameras: [], layouts: [], settings: null, info: null, loadError: null, loaded: false };

export function useAppData(api: CamwallApi): AppData {
  const [data, setData] = useState<AppData>(INITIAL);
  useEffect(() => {
    let alive = true;
    const patch = (change: Partial<AppData>) => alive && setData((d) => ({ ...d, ...change }));
    // app.info depends on settings (the password choice changes the protection it reports).
    const refreshInfo = () =>
      void api.app.info().then((info) => {
        if (info.ok) patch({ info: info.value });
      });
    const stops = [
      api.on('cameras.changed', ({ cameras }) => patch({ cameras })),
      api.on('layouts.changed', ({ layouts }) => patch({ layouts })),
      api.on('settings.changed', ({ settings }) => {
        patch({ settings });
        refreshInfo();
      }),
      api.on('storage.changed', ({ storage }) => alive && setData((d) => (d.info ? { ...d, info: { ...d.info, storage } } : d))),
      // Changes made while the connection was down came as events nobody received: load again.
      onReconnected(api, () => void load()),
    ];
    const load = async () => {
      const [cameras, layouts, settings, info] = await Promise.all([
        api.cameras.list(),
        api.layouts.list(),
        api.settings.get(),
        api.app.info(),
      ]);
      const failed = [cameras, layouts, settings, info].find((r) => !r.ok);
      // What failed keeps what this window had (nothing on the first load).
      if (alive)
        setData((d) => ({
          cameras: cameras.ok ? cameras.value : d.cameras,
          layouts: layouts.ok ? layouts.value : d.layouts,
          settings: settings.ok ? settings.value : d.settings,
          info: info.ok ? info.value : d.info,
          loadError: failed && !failed.ok ? failed.error.message : null,
          loaded: true,
        }));
    };
    void load();
    return () => {
      alive = false;
      stops.forEach((stop) => stop());
    };
  }, [api]);
  return data;
}
