// The page: toolbar with the views (wall, cameras, events, settings), the wall with its camera
// list, the help overlay, the app-wide shortcuts ('?' help, F wall mode) and the Electron menu's
// commands (app.command). Wall mode shows the tiles alone, full screen, with a bar at the top
// edge to leave it; kiosk mode is wall mode without the bar, which the keyboard cannot leave.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CamwallApi } from '../../shared/api/index.ts';
import { CamerasView } from '../cameras/CamerasView.tsx';
import { EventsView } from '../events/EventsView.tsx';
import { RecordingsView } from '../recordings/RecordingsView.tsx';
import { SettingsView } from '../settings/SettingsView.tsx';
import { EmptyState } from '../shell/EmptyState.tsx';
import { enterFullscreen, exitFullscreen, toggleFullscreen } from '../shell/fullscreen.ts';
import { HelpOverlay } from '../shell/HelpOverlay.tsx';
import { PasswordNotice } from '../shell/PasswordWarning.tsx';
import { WallModeBar } from '../shell/WallModeBar.tsx';
import { CameraDrawer, focusCameraList } from '../wall/CameraDrawer.tsx';
import { assignCamera } from '../wall/layout-grid.ts';
import { LayoutBar } from '../wall/LayoutBar.tsx';
import { Wall } from '../wall/Wall.tsx';
import { StorageBanner } from './StorageBanner.tsx';
import { PlaybackBar } from '../playback/PlaybackBar.tsx';
import { useWallPlayback } from '../playback/use-wall-playback.ts';
import { removedCamera, soloLayout, type Solo } from '../playback/solo.ts';
import type { RecordedCamera, RecordingSegment } from '../../shared/api/index.ts';
import { useAppData } from './use-app-data.ts';
import { useLayouts } from './use-layouts.ts';
import { useTour } from './use-tour.ts';
import { ExportsView } from '../export/ExportsView.tsx';
import { activeJobs, useExports } from '../export/use-exports.ts';
import { NO_MARKS, type Marks } from '../export/export-range.ts';
import { actionFor, type CamerasRequest, type View } from './app-commands.ts';
import { FixCameraContext } from './fix-camera.ts';
import { useBrowserNotifications } from './browser-notifications.ts';

export type { View } from './app-commands.ts';
const VIEWS: Array<[View, string]> = [
  ['wall', 'Wall'],
  ['cameras', 'Cameras'],
  ['recordings', 'Recordings'],
  ['events', 'Events'],
  ['exports', 'Exports'],
  ['settings', 'Settings'],
];
/** The keys that show each view (HelpOverlay lists them). */
export const VIEW_KEYS: Readonly<Record<string, View>> = { w: 'wall', c: 'cameras', p: 'recordings', e: 'events', ',': 'settings' };
/** Shift+X shows the Exports view (x alone is playback's "Export…"). */
export const EXPORTS_VIEW_KEY = 'X';

/** `layoutId`: show this named layout rather than the active one (`?layout=`, a wall per display). */
export function App({ api, kiosk, layoutId = null }: { api: CamwallApi; kiosk: boolean; layoutId?: string | null }) {
  const data = useAppData(api);
  const layouts = useLayouts(api, data.layouts, data.cameras, data.loaded, layoutId);
  const [view, setView] = useState<View>('wall');
  const [help, setHelp] = useState(false);
  const [camerasRequest, setCamerasRequest] = useState<CamerasRequest | null>(null);
  const [wallMode, setWallMode] = useState(false);
  const requests = useRef(0);
  /** The wall's selected tile, where a camera chosen in the list goes. */
  const selectedTile = useRef(0);
  // A kiosk with a tour configured runs it: a wall monitor is what tours are for. Not a window
  // pinned to one layout (a wall per display): the tour switches the shared active layout.
  // A camera played back from the Recordings view that is not on the layout is shown alone.
  const [solo, setSolo] = useState<Solo | null>(null);
  const wallLayout = layouts.active && solo ? soloLayout(layouts.active, solo.camera.id) : layouts.active;
  const wallCameras = solo?.removed ? [...data.cameras, solo.camera] : data.cameras;
  const playback = useWallPlayback(api, wallLayout?.tiles ?? []);
  const exports = useExports(api);
  const [marks, setMarks] = useState<Marks>(NO_MARKS);
  const exportsToRun = activeJobs(exports.jobs);
  const wallKeys = view === 'wall' && !help;
  // Playback asked for before the wall shows its camera starts once the tiles hold it.
  const [pendingPlay, setPendingPlay] = useState<{ cameraId: string; atMs: number } | null>(null);
  useEffect(() => {
    if (!pendingPlay || !wallLayout?.tiles.includes(pendingPlay.cameraId)) return;
    setPendingPlay(null);
    void playback.start(pendingPlay.atMs, { paused: true });
  }, [pendingPlay, wallLayout?.tiles]);
  // Back to live ends a solo playback (a removed camera has no live picture).
  useEffect(() => {
    if (playback.mode === 'live' && solo && !pendingPlay) setSolo(null);
  }, [playback.mode]);
  const playRecording = (segment: RecordingSegment, recorded: RecordedCamera | null) => playCamera(segment.cameraId, segment.startMs, recorded);
  /** Plays a camera from `atMs`, paused: on the layout when it is there, alone otherwise. */
  const playCamera = (cameraId: string, atMs: number, recorded: RecordedCamera | null) => {
    const registered = data.cameras.find((c) => c.id === cameraId);
    // A removed camera's id may still sit in a tile, which then shows nothing.
    const onLayout = registered !== undefined && (layouts.active?.tiles.includes(cameraId) ?? false);
    if (!onLayout && (registered || recorded)) setSolo({ camera: registered ?? removedCamera(recorded!), removed: !registered });
    else if (onLayout) setSolo(null);
    else return;
    setView('wall');
    setPendingPlay({ cameraId, atMs });
  };
  /** A clicked notification: the camera in playback at that moment (alone when not on the layout). */
  const openPlayback = (cameraId: string, atMs: number) => {
    const camera = data.cameras.find((c) => c.id === cameraId);
    if (!camera) return;
    const onLayout = layouts.active?.tiles.includes(cameraId) ?? false;
    setSolo(onLayout ? null : { camera, removed: false });
    setView('wall');
    setPendingPlay({ cameraId, atMs });
  };
  useBrowserNotifications(api, data.info?.shell ?? null, (notice) => {
    if (notice.cameraId !== null) openPlayback(notice.cameraId, notice.atMs);
    else setView('events');
  });
  const tour = useTour(data.settings?.tour.steps ?? [], layouts.layouts, layouts.active?.id ?? null, layouts.switchTo, kiosk && layoutId === null);

  const enterWallMode = () => {
    setView('wall');
    setWallMode(true);
    enterFullscreen();
  };
  const leaveWallMode = () => {
    setWallMode(false);
    exitFullscreen();
  };
  // Leaving full screen the browser's way (its own Escape, F11) leaves wall mode as well: one
  // key gets the user all the way out.
  useEffect(() => {
    if (!wallMode) return;
    const onChange = () => !document.fullscreenElement && setWallMode(false);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [wallMode]);

  // The Electron menu's commands. The latest layouts controller is read through a ref: the
  // subscription lives as long as the API.
  const latestLayouts = useRef(layouts);
  latestLayouts.current = layouts;
  const openPlaybackRef = useRef(openPlayback);
  openPlaybackRef.current = openPlayback;
  useEffect(
    () =>
      api.on('app.command', ({ command }) => {
        const action = actionFor(command, kiosk);
        if (action.view) setView(action.view);
        if (action.help) setHelp(true);
        if (action.preset) latestLayouts.current.changePreset(action.preset);
        if (action.cameras) setCamerasRequest({ kind: action.cameras, seq: ++requests.current });
        if (action.play) openPlaybackRef.current(action.play.cameraId, action.play.atMs);
      }),
    [api, kiosk],
  );

  // Added once; reads the latest render's state through the ref. An effect re-adding the
  // listener after each render left the old closure answering until the next paint, so an Escape
  // pressed right after '?' found the overlay still closed and was lost.
  const onKeyRef = useRef<(event: KeyboardEvent) => void>(() => {});
  onKeyRef.current = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName))) return;
    if (event.key === '?') setHelp((h) => !h);
    else if (event.key === 'Escape' && help) setHelp(false);
    else if (help) return;
    else if (event.key === 'f' || event.key === 'F') {
      if (kiosk) toggleFullscreen();
      else if (wallMode) leaveWallMode();
      else enterWallMode();
    } else if ((event.key === '[' || event.key === ']') && view === 'wall') switchLayout(event.key === ']' ? 1 : -1);
    else if ((event.key === 't' || event.key === 'T') && view === 'wall') tour.toggle();
    else if (kiosk || wallMode) return;
    else if (event.key === EXPORTS_VIEW_KEY) setView('exports');
    else if (VIEW_KEYS[event.key.toLowerCase()]) setView(VIEW_KEYS[event.key.toLowerCase()]!);
    else if ((event.key === 'l' || event.key === 'L') && view === 'wall') focusCameraList();
    else return;
    event.preventDefault();
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => onKeyRef.current(event);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  /** The next (+1) or previous (-1) named layout becomes the active one. */
  const switchLayout = (step: 1 | -1) => {
    const list = layouts.layouts;
    const at = list.findIndex((l) => l.id === layouts.active?.id);
    const next = list[(at + step + list.length) % list.length];
    if (next && next.id !== layouts.active?.id) layouts.switchTo(next.id);
  };
  const placeInSelectedTile = (cameraId: string) => {
    const active = layouts.active;
    if (active) layouts.changeTiles(assignCamera(active.tiles, Math.min(selectedTile.current, active.tiles.length - 1), cameraId));
  };

  const wall =
    !data.loaded ? (
      <div class="loading">Connecting…</div>
    ) : data.cameras.length === 0 ? (
      <EmptyState onAddCamera={() => setView('cameras')} />
    ) : wallLayout ? (
      <Wall
        layout={wallLayout}
        cameras={wallCameras}
        keyboardActive={wallKeys}
        onChangeTiles={solo ? () => {} : layouts.changeTiles}
        onChangePreset={solo ? () => {} : layouts.changePreset}
        {...(wallMode ? { onEscape: leaveWallMode } : {})}
        showClock={data.settings?.tileClock ?? false}
        onSelectionChange={(index) => (selectedTile.current = index)}
        {...(kiosk ? {} : { playback })}
      />
    ) : (
      <div class="loading">Preparing the wall…</div>
    );

  if (kiosk) return <main class="app kiosk">{wall}</main>;

  const fixCamera = (cameraId: string) => {
    setView('cameras');
    setCamerasRequest({ kind: 'edit', cameraId, seq: ++requests.current });
  };

  // Wall mode hides the chrome around the same tree, so the tiles stay mounted and keep painting.
  return (
    <FixCameraContext.Provider value={wallMode ? null : fixCamera}>
    <div class={`app${wallMode ? ' wall-mode' : ''}`}>
      {!wallMode && (
        <header class="toolbar">
          <span class="brand">
            <span class="brand-mark" aria-hidden="true" />
            Camwall
          </span>
          <nav class="tabs" aria-label="Views">
            {VIEWS.map(([id, label]) => (
              <button key={id} type="button" class={`tab${view === id ? ' tab-active' : ''}`} aria-current={view === id ? 'page' : undefined} onClick={() => setView(id)}>
                {label}
                {id === 'exports' && exportsToRun > 0 && (
                  <span class="tab-count" aria-label={`, ${exportsToRun} to finish`}>
                    {exportsToRun}
                  </span>
                )}
              </button>
            ))}
          </nav>
          {view === 'wall' && <LayoutBar layouts={layouts} tour={tour} />}
          <span class="toolbar-end">
            <button type="button" class="button ghost" title="The tiles alone, full screen (F); Escape leaves" onClick={enterWallMode}>
              Wall mode
            </button>
            <button type="button" class="button ghost" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" onClick={() => setHelp(true)}>
              ?
            </button>
          </span>
        </header>
      )}
      {!wallMode && <PasswordNotice info={data.info} cameras={data.cameras} onChoose={() => setView('settings')} />}
      {!wallMode && <StorageBanner storage={data.info?.storage} />}
      {data.loadError && (
        <p class="banner-error" role="alert">
          {data.loadError}
        </p>
      )}
      <main class={`content view-${view}`}>
        {view === 'wall' && (
          <div class="wall-view">
            {data.cameras.length > 0 && !wallMode && <CameraDrawer cameras={data.cameras} onManage={() => setView('cameras')} onPlace={placeInSelectedTile} />}
            <div class="wall-column">
              {solo && (
                <p class="banner-solo" role="status">
                  Playing back {solo.camera.name}{solo.removed ? ' (removed)' : ''} alone: it is not on the layout “{layouts.active?.name}”.
                  <button type="button" class="button small" onClick={() => setSolo(null)}>
                    Back to the layout
                  </button>
                </p>
              )}
              {wall}
              {wallLayout && data.cameras.length > 0 && (
                <PlaybackBar api={api} wall={playback} cameras={layoutCameras(wallLayout.tiles, wallCameras)} keyboardActive={wallKeys} selectedTile={() => selectedTile.current} hidden={wallMode}
                  marks={marks}
                  onMarks={setMarks}
                  onExported={exports.put}
                  onShowExports={() => setView('exports')}
                />
              )}
            </div>
          </div>
        )}
        {view === 'cameras' && (
          <CamerasView
            cameras={data.cameras}
            settings={data.settings}
            info={data.info}
            request={camerasRequest}
            onRequestHandled={() => setCamerasRequest(null)}
            onAdded={(camera) => layouts.placeCamera(camera.id)}
          />
        )}
        {view === 'recordings' && <RecordingsView cameras={data.cameras} onPlay={playRecording} />}
        {view === 'events' && <EventsView cameras={data.cameras} onPlay={(cameraId, atMs) => playCamera(cameraId, atMs, null)} />}
        {view === 'exports' && <ExportsView exports={exports} cameraNames={new Map(wallCameras.map((c) => [c.id, c.name]))} />}
        {view === 'settings' && <SettingsView settings={data.settings} info={data.info} layouts={data.layouts} cameras={data.cameras} />}
      </main>
      {wallMode && <WallModeBar shell={data.info?.shell ?? null} tour={tour} onExit={leaveWallMode} />}
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
    </FixCameraContext.Provider>
  );
}

/** The layout's cameras in tile order, each once: the rows of the playback timeline. */
function layoutCameras(tiles: ReadonlyArray<string | null>, cameras: Array<{ id: string; name: string }>): Array<{ id: string; name: string }> {
  const byId = new Map(cameras.map((c) => [c.id, c]));
  return [...new Set(tiles)].flatMap((id) => (id !== null && byId.has(id) ? [{ id, name: byId.get(id)!.name }] : []));
}
