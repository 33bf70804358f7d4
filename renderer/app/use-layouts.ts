// The named layouts and the active one: switching, saving as, deleting, and editing the active
// layout's tiles. Edits show at once (an optimistic copy) and are saved straight away; the
// `layouts.changed` event then replaces the copy with what the core stored.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CamwallApi } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import type { Layout, LayoutPreset } from '../../shared/layout.ts';
import { presetFor, resizeTiles } from '../wall/layout-grid.ts';

export type LayoutsController = {
  layouts: Layout[];
  active: Layout | null;
  error: string | null;
  changeTiles: (tiles: Array<string | null>) => void;
  changePreset: (preset: LayoutPreset) => void;
  switchTo: (id: string) => void;
  saveAs: (name: string) => Promise<string | null>;
  remove: (id: string) => void;
  /** Puts a newly added camera into the first empty tile of the active layout (growing a full grid). */
  placeCamera: (cameraId: string) => void;
};

/** `pinnedId`: a window that shows one named layout (`?layout=`) whatever the active one is. */
export function useLayouts(api: CamwallApi, stored: Layout[], cameras: Camera[], loaded: boolean, pinnedId: string | null = null): LayoutsController {
  const [draft, setDraft] = useState<Layout | null>(null);
  const [error, setError] = useState<string | null>(null);
  const creating = useRef(false);
  const droppedByShrink = useRef(new Map<string, string[]>());
  const storedActive = stored.find((l) => l.id === pinnedId) ?? stored.find((l) => l.active) ?? stored[0] ?? null;

  // What the core stored wins as soon as it arrives.
  useEffect(() => setDraft(null), [stored]);

  // First start: one layout that shows every camera there is.
  useEffect(() => {
    if (!loaded || stored.length > 0 || creating.current) return;
    creating.current = true;
    const preset = presetFor(cameras.length);
    const tiles = resizeTiles(cameras.map((c) => c.id), preset);
    void api.layouts.save({ layout: { name: 'Wall', preset, tiles } }).then(async (result) => {
      if (result.ok) await api.layouts.setActive({ id: result.value.id });
      else setError(result.error.message);
    });
  }, [loaded, stored.length]);

  const active = draft ?? storedActive;

  const save = (layout: Layout) => {
    setDraft(layout);
    void api.layouts.save({ layout: { id: layout.id, name: layout.name, preset: layout.preset, tiles: [...layout.tiles] } }).then((result) => {
      setError(result.ok ? null : result.error.message);
      if (!result.ok) setDraft(null);
    });
  };

  return {
    layouts: stored,
    active,
    error,
    changeTiles: (tiles) => active && save({ ...active, tiles }),
    changePreset: (preset) => {
      if (!active || active.preset === preset) return;
      // Cameras that fell off a smaller grid come back when the grid grows again (this session).
      const offWall = [...(droppedByShrink.current.get(active.id) ?? []), ...active.tiles].filter(
        (id): id is string => id !== null && cameras.some((c) => c.id === id),
      );
      const tiles = resizeTiles([...active.tiles, ...offWall.filter((id) => !active.tiles.includes(id))], preset);
      droppedByShrink.current.set(active.id, offWall.filter((id) => !tiles.includes(id)));
      save({ ...active, preset, tiles });
    },
    switchTo: (id) => {
      void api.layouts.setActive({ id }).then((result) => setError(result.ok ? null : result.error.message));
    },
    saveAs: async (name) => {
      const base = active ?? { preset: presetFor(cameras.length), tiles: [] };
      const result = await api.layouts.save({ layout: { name, preset: base.preset, tiles: resizeTiles(base.tiles, base.preset) } });
      if (!result.ok) return result.error.fields?.[0]?.message ?? result.error.message;
      const activated = await api.layouts.setActive({ id: result.value.id });
      return activated.ok ? null : activated.error.message;
    },
    remove: (id) => {
      void api.layouts.remove({ id }).then(async (result) => {
        setError(result.ok ? null : result.error.message);
        const next = stored.find((l) => l.id !== id);
        if (result.ok && id === storedActive?.id && next) await api.layouts.setActive({ id: next.id });
      });
    },
    placeCamera: (cameraId) => {
      if (!active || active.tiles.includes(cameraId)) return;
      // A full uniform grid grows to the next size; a focus layout stays as the user chose it.
      const full = !active.tiles.includes(null);
      const preset = full && !active.preset.includes('+') ? presetFor(active.tiles.length + 1) : active.preset;
      const tiles = resizeTiles(active.tiles, preset);
      const free = tiles.indexOf(null);
      if (free === -1) return;
      tiles[free] = cameraId;
      save({ ...active, preset, tiles });
    },
  };
}
