// The wall: the active layout's tiles in a CSS grid, the selection (arrows), maximize and restore
// (double-click, Enter, Escape), drops from the camera list, and the wall's keyboard shortcuts.
// Layout edits are saved at once; the `layouts.changed` event that follows brings them back.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Camera } from '../../shared/camera.ts';
import type { Layout, LayoutPreset } from '../../shared/layout.ts';
import { Tile } from './Tile.tsx';
import { assignCamera, gridTemplate, neighbourTile, streamForTile, swapTiles, tileAreas } from './layout-grid.ts';
import { downloadSnapshot } from './snapshot.ts';
import { dragPayload } from './drag.ts';
import type { TileRenderer } from './tile-renderer.ts';
import { toggleRecording } from './recording-toggle.ts';
import { KEY_ZOOM_STEP } from './tile-zoom.ts';
import type { ZoomControls } from './use-tile-zoom.ts';
import { useServices } from '../app/use-live.ts';
import type { WallPlayback } from '../playback/use-wall-playback.ts';
import { isTyping, useDocumentKeys } from '../shell/keys.ts';

/** Number keys pick presets; 8 cycles through the focus layouts. */
const PRESET_KEYS: Record<string, LayoutPreset> = { '1': '1', '2': '2x2', '3': '3x3', '4': '4x4', '5': '5x5', '6': '6x6', '7': '8x8' };
const FOCUS_CYCLE: LayoutPreset[] = ['1+5', '1+7', '1+12'];

type Props = {
  layout: Layout;
  cameras: Camera[];
  /** Whether shortcuts apply (the wall is the visible view and no dialog is open). */
  keyboardActive: boolean;
  onChangeTiles: (tiles: Array<string | null>) => void;
  onChangePreset: (preset: LayoutPreset) => void;
  /** Escape with no tile maximized (wall mode leaves); without it Escape only restores a tile. */
  onEscape?: () => void;
  /** Show each frame's capture time on the tiles (the tileClock setting). */
  showClock?: boolean;
  /** Told the selected tile's index whenever it changes (the camera list places cameras there). */
  onSelectionChange?: (index: number) => void;
  /** Live or playback, per tile and for the layout (renderer/playback/). */
  playback?: WallPlayback;
};

export function Wall({ layout, cameras, keyboardActive, onChangeTiles, onChangePreset, onEscape, showClock = false, onSelectionChange, playback }: Props) {
  const { api } = useServices();
  const [selected, setSelected] = useState(0);
  const [maximized, setMaximized] = useState<number | null>(null);
  const renderers = useRef(new Map<number, TileRenderer>());
  const zooms = useRef(new Map<number, ZoomControls>());
  const gridRef = useRef<HTMLDivElement>(null);
  const dragging = useDragInProgress();
  const byId = new Map(cameras.map((c) => [c.id, c]));
  const areas = tileAreas(layout.preset);
  const tiles = layout.tiles;

  // A preset with fewer tiles, or a camera taken off, can leave selection or maximize dangling.
  useEffect(() => {
    if (selected >= tiles.length) setSelected(0);
    if (maximized !== null && (maximized >= tiles.length || tiles[maximized] === null)) setMaximized(null);
  }, [layout.preset, tiles, selected, maximized]);

  const toggleMaximize = (index: number) => {
    setSelected(index);
    setMaximized((m) => (m === index ? null : tiles[index] ? index : null));
  };

  const snapshot = (index: number) => {
    const frame = renderers.current.get(index)?.currentFrame();
    const camera = byId.get(tiles[index] ?? '');
    if (frame && camera) downloadSnapshot(frame, camera.name);
  };

  // The listener is added once and reads this render's state through the ref: an effect that
  // re-added it after each render left the old closure in place between a render's paint and its
  // effect, so an Escape pressed right after Enter maximized a tile saw `maximized === null`.
  const onKeyRef = useRef<(event: KeyboardEvent) => void>(() => {});
  onKeyRef.current = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const preset = PRESET_KEYS[event.key];
    if (preset) onChangePreset(preset);
    else if (event.key === '8') onChangePreset(FOCUS_CYCLE[(FOCUS_CYCLE.indexOf(layout.preset) + 1) % FOCUS_CYCLE.length]!);
    else if (arrows[event.key] && maximized === null) {
      const [dx, dy] = arrows[event.key]!;
      setSelected((s) => neighbourTile(layout.preset, s, dx, dy));
    } else if (event.key === 'Enter' && (event.target === document.body || isTile(event.target))) toggleMaximize(selected);
    else if (event.key === 'Escape' && maximized !== null) setMaximized(null);
    else if (event.key === 'Escape' && onEscape) onEscape();
    else if (event.key === 's' || event.key === 'S') snapshot(maximized ?? selected);
    else if (event.key === '+' || event.key === '=') zooms.current.get(maximized ?? selected)?.zoomBy(KEY_ZOOM_STEP);
    else if (event.key === '-') zooms.current.get(maximized ?? selected)?.zoomBy(1 / KEY_ZOOM_STEP);
    else if (event.key === '0') zooms.current.get(maximized ?? selected)?.reset();
    else if (event.key === 'r' || event.key === 'R') {
      const camera = byId.get(tiles[maximized ?? selected] ?? '');
      if (camera) void toggleRecording(api, camera);
    }
    else return;
    event.preventDefault();
  };
  useDocumentKeys(onKeyRef, keyboardActive);

  // Before paint: the keys that act on the selected tile (the playback bar's) read it as soon as
  // the selection shows; an effect after paint left a moment when they drove the tile before.
  useLayoutEffect(() => onSelectionChange?.(selected), [selected]);

  // Keep keyboard focus on the selected tile so the focus ring shows where Enter goes.
  useEffect(() => {
    const grid = gridRef.current;
    if (!grid || !grid.contains(document.activeElement)) return;
    grid.querySelector<HTMLElement>(`[data-tile="${selected}"]`)?.focus();
  }, [selected]);

  return (
    <div
      ref={gridRef}
      class={`wall${maximized !== null ? ' wall-has-maximized' : ''}${dragging ? ' wall-dragging' : ''}`}
      style={gridTemplate(layout.preset)}
      role="grid"
      aria-label={`Wall: layout ${layout.name}, ${layout.preset}`}
      data-preset={layout.preset}
    >
      {tiles.map((cameraId, index) => (
        <Tile
          key={index}
          index={index}
          camera={cameraId ? (byId.get(cameraId) ?? null) : null}
          cameras={cameras}
          stream={streamForTile(layout.preset, index, maximized === index)}
          maximized={maximized === index}
          selected={selected === index}
          showClock={showClock}
          gridArea={areas[index]!}
          onSelect={setSelected}
          onToggleMaximize={toggleMaximize}
          onAssign={(i, id) => onChangeTiles(assignCamera(tiles, i, id))}
          onMoveTile={(from, to) => onChangeTiles(swapTiles(tiles, from, to))}
          onSnapshot={snapshot}
          onRenderer={(i, renderer) => (renderer ? renderers.current.set(i, renderer) : renderers.current.delete(i))}
          onZoomControls={(i, controls) => (controls ? zooms.current.set(i, controls) : zooms.current.delete(i))}
          playback={playback?.tilePlayback(index) ?? null}
          playbackControls={playback && { mode: playback.tileMode(index), wallPlaying: playback.mode === 'playback', onMode: (i, mode) => void playback.setTileMode(i, mode) }}
        />
      ))}
    </div>
  );
}

function isTile(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.dataset.tile !== undefined;
}

/** True while a camera or a tile of ours is being dragged anywhere in the page: every empty tile then shows it is a drop target. */
function useDragInProgress(): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const start = (event: DragEvent) => dragPayload(event, true) && setDragging(true);
    const end = () => setDragging(false);
    const listening = new AbortController();
    const { signal } = listening;
    document.addEventListener('dragstart', start, { signal });
    document.addEventListener('dragend', end, { signal });
    document.addEventListener('drop', end, { signal });
    return () => listening.abort();
  }, []);
  return dragging;
}
