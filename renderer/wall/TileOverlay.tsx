// The figures over a tile's picture: name, state (with its reason), frames per second as painted
// here, resolution, the recording dot, and how long ago the last frame came once that is more
// than STALE_AFTER_MS. Re-rendered once a second, never per frame.
import { useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import type { Camera } from '../../shared/camera.ts';
import { describeState } from '../app/camera-state.ts';
import { useCameraLive, useNow, useServices } from '../app/use-live.ts';
import { localDay, localTime } from '../shell/local-time.ts';
import type { TileRenderer } from './tile-renderer.ts';
import { toggleRecording } from './recording-toggle.ts';
import { useFixCamera } from '../app/fix-camera.ts';

export const STALE_AFTER_MS = 2_000;

type Props = {
  camera: Camera;
  /** Read at each tick: the renderer outlives renders and counts its own paints. */
  rendererRef: RefObject<TileRenderer | null>;
  maximized: boolean;
  /** Show the painted frame's capture time (the tileClock setting). */
  showClock: boolean;
  /** The digital zoom's scale while zoomed, null at 1x. */
  zoom: number | null;
  onResetZoom: () => void;
  /** Recorded video: the live state, frame rate and staleness say nothing about it (TilePlaybackOverlay does); the clock always shows. */
  playback?: boolean;
  onSnapshot: () => void;
  onToggleMaximize: () => void;
  onClear: () => void;
};

export function TileOverlay({ camera, rendererRef, maximized, showClock, zoom, onResetZoom, playback = false, onSnapshot, onToggleMaximize, onClear }: Props) {
  const now = useNow(1_000);
  const renderer = rendererRef.current;
  const live = useCameraLive(camera.id);
  const fps = usePaintedFps(renderer, now);
  const lastPaintAt = renderer?.lastPaintAt ?? 0;
  const sinceFrame = lastPaintAt === 0 ? null : Math.max(0, now - lastPaintAt);
  const receiving = sinceFrame !== null && sinceFrame < STALE_AFTER_MS;
  const state = describeState(live?.status ?? null, receiving, camera.enabled, now);
  const frame = renderer?.currentFrame() ?? null;
  const recorder = live?.recording ?? null;
  const fixCamera = useFixCamera();
  // Auth failed, offline, an error: the camera's settings are the likely cure, one click away.
  const fixable = !playback && fixCamera !== null && state.tone === 'error';
  return (
    <div class="tile-overlay">
      <div class="tile-overlay-top">
        <span class="tile-name" title={camera.name}>{camera.name}</span>
        <RecordingDot state={recorder?.state ?? null} message={recorder?.message ?? null} />
        {playback ? (
          <span class="state-badge tone-playback" data-state="playback">Playback</span>
        ) : (
          <span class={`state-badge tone-${state.tone}`} data-state={live?.status?.state ?? 'unknown'} title={state.reason ? `${state.label}: ${state.reason}` : state.label}>
            {state.label}
          </span>
        )}
      </div>
      {!playback && state.reason && state.tone !== 'live' && <div class="tile-reason">{state.reason}</div>}
      {fixable && (
        <button type="button" class="button small tile-fix" aria-label={`Fix ${camera.name}: open its settings`} title="Open this camera's settings"
          onClick={(e) => { e.stopPropagation(); fixCamera(camera.id); }}>
          Fix…
        </button>
      )}
      {!playback && !receiving && sinceFrame !== null && <div class="tile-stale">last frame {formatAge(sinceFrame)} ago</div>}
      <div class="tile-overlay-bottom">
        {(showClock || playback) && frame && (
          <time class="tile-clock" dateTime={new Date(frame.capturedAt).toISOString()}>
            <span class="tile-clock-date">{localDay(frame.capturedAt)} </span>
            {localTime(frame.capturedAt)}
          </time>
        )}
        <span class="tile-figures">
          {!playback && receiving && `${fps.toFixed(fps < 10 ? 1 : 0)} fps`}
          {frame && frame.width > 0 && `${!playback && receiving ? ' · ' : ''}${frame.width}×${frame.height}`}
        </span>
        {zoom !== null && (
          <button type="button" class="zoom-reset" title="Reset the zoom (0)" aria-label={`Reset the zoom of ${camera.name}`} onClick={(e) => { e.stopPropagation(); onResetZoom(); }}>
            {zoom.toFixed(1)}× ⟲
          </button>
        )}
        <span class="tile-actions">
          <RecordToggle camera={camera} />
          <button type="button" class="icon-button" title="Save a snapshot (S)" aria-label={`Snapshot of ${camera.name}`} disabled={!frame} onClick={onSnapshot}>
            ⤓
          </button>
          <button type="button" class="icon-button" title={maximized ? 'Restore (Escape)' : 'Maximize (Enter)'} aria-label={maximized ? 'Restore' : `Maximize ${camera.name}`} onClick={onToggleMaximize}>
            {maximized ? '⤡' : '⤢'}
          </button>
          <button type="button" class="icon-button" title="Take the camera off this tile" aria-label={`Take ${camera.name} off this tile`} onClick={onClear}>
            ×
          </button>
        </span>
      </div>
    </div>
  );
}

/** Red while frames are written, amber with the reason when the recorder stopped on an error. */
function RecordingDot({ state, message }: { state: string | null; message: string | null }) {
  if (state === 'recording') return <span class="rec-dot" data-recording="recording" title="Recording" aria-label="Recording" />;
  if (state === 'error') {
    const text = message ?? 'Recording stopped on an error';
    return <span class="rec-dot rec-dot-error" data-recording="error" title={text} aria-label={`Recording error: ${text}`} role="img" />;
  }
  return null;
}

/** Turns recording on (continuous) or off for this camera (recording-toggle.ts). */
function RecordToggle({ camera }: { camera: Camera }) {
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const on = camera.recordMode !== 'off';
  const toggle = async (event: Event) => {
    event.stopPropagation();
    setBusy(true);
    await toggleRecording(api, camera);
    setBusy(false);
  };
  const label = on ? `Stop recording ${camera.name}` : `Record ${camera.name}`;
  return (
    <button type="button" class={`icon-button record-toggle${on ? ' record-on' : ''}`} title={on ? `Stop recording (${camera.recordMode}) (R)` : 'Record continuously (R)'}
      aria-label={label} aria-pressed={on} disabled={busy} onClick={(e) => void toggle(e)}>
      ●
    </button>
  );
}

/** Frames painted per second over the last overlay tick. */
function usePaintedFps(renderer: TileRenderer | null, now: number): number {
  const previous = useRef({ at: now, painted: renderer?.painted ?? 0, fps: 0 });
  const p = previous.current;
  const painted = renderer?.painted ?? 0;
  if (now - p.at >= 900) {
    p.fps = painted >= p.painted ? ((painted - p.painted) * 1000) / (now - p.at) : 0;
    p.at = now;
    p.painted = painted;
  }
  return p.fps;
}

function formatAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}
