// The records the whole UI shows: cameras, layouts, settings and what the app says about itself.
// Loaded once, then kept current by the events that carry each list whole (no merging).
import { useEffect, useState } from 'preact/hooks';
import type { AppInfo, CamwallApi } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import type { Layout } from '../../shared/layout.ts';
import type { Settings } from '../../shared/settings.ts';

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
    const stops = [
      api.on('cameras.changed', ({ cameras }) => patch({ cameras })),
      api.on('layouts.changed', ({ layouts }) => patch({ layouts })),
      api.on('settings.changed', ({ settings }) => patch({ settings })),
    ];
    void (async () => {
      const [cameras, layouts, settings, info] = await Promise.all([
        api.cameras.list(),
        api.layouts.list(),
        api.settings.get(),
        api.app.info(),
      ]);
      const failed = [cameras, layouts, settings, info].find((r) => !r.ok);
      patch({
        cameras: cameras.ok ? cameras.value : [],
        layouts: layouts.ok ? layouts.value : [],
        settings: settings.ok ? settings.value : null,
        info: info.ok ? info.value : null,
        loadError: failed && !failed.ok ? failed.error.message : null,
        loaded: true,
      });
    })();
    return () => {
      alive = false;
      stops.forEach((stop) => stop());
    };
  }, [api]);
  return data;
}
