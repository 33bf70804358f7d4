// The page: toolbar with the views (wall, cameras, events, settings), the wall with its camera
// list, the help overlay, the app-wide shortcuts ('?' help, F full screen) and the Electron
// menu's commands (app.command). Kiosk mode shows the wall alone.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CamwallApi } from '../../shared/api/index.ts';
import { CamerasView } from '../cameras/CamerasView.tsx';
import { EventsView } from '../events/EventsView.tsx';
import { RecordingsView } from '../recordings/RecordingsView.tsx';
import { SettingsView } from '../settings/SettingsView.tsx';
import { EmptyState } from '../shell/EmptyState.tsx';
import { toggleFullscreen } from '../shell/fullscreen.ts';
import { HelpOverlay } from '../shell/HelpOverlay.tsx';
import { PasswordNotice } from '../shell/PasswordWarning.tsx';
import { CameraDrawer } from '../wall/CameraDrawer.tsx';
import { LayoutBar } from '../wall/LayoutBar.tsx';
import { Wall } from '../wall/Wall.tsx';
import { StorageBanner } from './StorageBanner.tsx';
import { useAppData } from './use-app-data.ts';
import { useLayouts } from './use-layouts.ts';
import { actionFor, type CamerasRequest, type View } from './app-commands.ts';

export type { View } from './app-commands.ts';
const VIEWS: Array<[View, string]> = [
  ['wall', 'Wall'],
  ['cameras', 'Cameras'],
  ['recordings', 'Recordings'],
  ['events', 'Events'],
  ['settings', 'Settings'],
];

export function App({ api, kiosk }: { api: CamwallApi; kiosk: boolean }) {
  const data = useAppData(api);
  const layouts = useLayouts(api, data.layouts, data.cameras, data.loaded);
  const [view, setView] = useState<View>('wall');
  const [help, setHelp] = useState(false);
  const [camerasRequest, setCamerasRequest] = useState<CamerasRequest | null>(null);
  const requests = useRef(0);

  // The Electron menu's commands. The latest layouts controller is read through a ref: the
  // subscription lives as long as the API.
  const latestLayouts = useRef(layouts);
  latestLayouts.current = layouts;
  useEffect(
    () =>
      api.on('app.command', ({ command }) => {
        const action = actionFor(command, kiosk);
        if (action.view) setView(action.view);
        if (action.help) setHelp(true);
        if (action.preset) latestLayouts.current.changePreset(action.preset);
        if (action.cameras) setCamerasRequest({ kind: action.cameras, seq: ++requests.current });
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
    else if ((event.key === 'f' || event.key === 'F') && !help) toggleFullscreen();
    else return;
    event.preventDefault();
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => onKeyRef.current(event);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const wall =
    !data.loaded ? (
      <div class="loading">Connecting…</div>
    ) : data.cameras.length === 0 ? (
      <EmptyState onAddCamera={() => setView('cameras')} />
    ) : layouts.active ? (
      <Wall
        layout={layouts.active}
        cameras={data.cameras}
        keyboardActive={view === 'wall' && !help}
        onChangeTiles={layouts.changeTiles}
        onChangePreset={layouts.changePreset}
      />
    ) : (
      <div class="loading">Preparing the wall…</div>
    );

  if (kiosk) return <main class="app kiosk">{wall}</main>;

  return (
    <div class="app">
      <header class="toolbar">
        <span class="brand">
          <span class="brand-mark" aria-hidden="true" />
          Camwall
        </span>
        <nav class="tabs" aria-label="Views">
          {VIEWS.map(([id, label]) => (
            <button key={id} type="button" class={`tab${view === id ? ' tab-active' : ''}`} aria-current={view === id ? 'page' : undefined} onClick={() => setView(id)}>
              {label}
            </button>
          ))}
        </nav>
        {view === 'wall' && <LayoutBar layouts={layouts} />}
        <span class="toolbar-end">
          <button type="button" class="button ghost" title="Full screen (F)" onClick={toggleFullscreen}>
            Full screen
          </button>
          <button type="button" class="button ghost" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" onClick={() => setHelp(true)}>
            ?
          </button>
        </span>
      </header>
      <PasswordNotice info={data.info} cameras={data.cameras} onChoose={() => setView('settings')} />
      <StorageBanner storage={data.info?.storage} />
      {data.loadError && (
        <p class="banner-error" role="alert">
          {data.loadError}
        </p>
      )}
      <main class={`content view-${view}`}>
        {view === 'wall' && (
          <div class="wall-view">
            {data.cameras.length > 0 && <CameraDrawer cameras={data.cameras} onManage={() => setView('cameras')} />}
            {wall}
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
        {view === 'recordings' && <RecordingsView cameras={data.cameras} />}
        {view === 'events' && <EventsView cameras={data.cameras} />}
        {view === 'settings' && <SettingsView settings={data.settings} info={data.info} />}
      </main>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
