// What a tile adds for playback, over its picture: "No recording" (or why it cannot play) when
// nothing was recorded at the playhead (the frame's recorded time is the tile's clock), the buttons that
// switch this tile between live, the wall's playback and a clock of its own, and, for a tile out
// of sync, its own small controls. Re-rendered on session states and twice a second, never per frame.
import type { TileMode, TilePlayback } from './tile-playback.ts';
import { useNow } from '../app/use-live.ts';
import { clockLabel } from './time-scale.ts';

type Props = {
  index: number;
  cameraName: string;
  playback: TilePlayback | null;
  mode: TileMode;
  /** The wall plays back (so a live tile may rejoin its clock). */
  wallPlaying: boolean;
  onMode: (index: number, mode: TileMode) => void;
};

export function TilePlaybackOverlay({ index, cameraName, playback, mode, wallPlaying, onMode }: Props) {
  const set = (next: TileMode) => (event: Event) => {
    event.stopPropagation();
    onMode(index, next);
  };
  return (
    <>
      {playback && <PlaybackStatus playback={playback} />}
      <div class="tile-playback-actions">
        {mode === 'own' && playback && <OwnControls playback={playback} cameraName={cameraName} />}
        {mode === 'live' && (
          <button type="button" class="icon-button" title={wallPlaying ? 'Follow the wall’s playback' : 'Play back this tile (O)'} aria-label={wallPlaying ? `Play ${cameraName} with the wall` : `Play back ${cameraName}`} onClick={set(wallPlaying ? 'sync' : 'own')}>
            ⟲
          </button>
        )}
        {mode === 'sync' && (
          <button type="button" class="icon-button" title="Take this tile out of sync (O)" aria-label={`Take ${cameraName} out of sync`} onClick={set('own')}>
            ⇄
          </button>
        )}
        {mode === 'own' && wallPlaying && (
          <button type="button" class="icon-button" title="Back in sync with the wall (O)" aria-label={`Put ${cameraName} back in sync`} onClick={set('sync')}>
            ⇆
          </button>
        )}
        {mode !== 'live' && (
          <button type="button" class="icon-button tile-live-button" title="Live" aria-label={`${cameraName} live`} onClick={set('live')}>
            ●
          </button>
        )}
      </div>
    </>
  );
}

function PlaybackStatus({ playback }: { playback: TilePlayback }) {
  useNow(500);
  const camera = playback.camera;
  if (camera?.state === 'no-recording') {
    return (
      <div class="tile-no-recording" role="status" data-testid="no-recording">
        No recording
        <span class="tile-no-recording-at">at {clockLabel(playback.client.position(), true)}</span>
      </div>
    );
  }
  if (camera?.state === 'error') return <div class="tile-reason tile-playback-error">{camera.message ?? 'Its recordings cannot be read.'}</div>;
  return null;
}

/** Play/pause and frame steps for a tile that keeps its own clock. */
function OwnControls({ playback, cameraName }: { playback: TilePlayback; cameraName: string }) {
  const { client } = playback;
  const paused = client.state.paused;
  const act = (run: () => unknown) => (event: Event) => {
    event.stopPropagation();
    void run();
  };
  return (
    <span class="tile-own-controls" role="group" aria-label={`${cameraName}: its own playback`}>
      <button type="button" class="icon-button" title="One frame back" aria-label={`${cameraName}: one frame back`} onClick={act(() => client.step(-1))}>
        ⏮
      </button>
      <button type="button" class="icon-button" title={paused ? 'Play' : 'Pause'} aria-label={`${cameraName}: ${paused ? 'play' : 'pause'}`} onClick={act(() => client.pause(!paused))}>
        {paused ? '▶' : '⏸'}
      </button>
      <button type="button" class="icon-button" title="One frame forward" aria-label={`${cameraName}: one frame forward`} onClick={act(() => client.step(1))}>
        ⏭
      </button>
      <button type="button" class="icon-button" title="Back 10 s" aria-label={`${cameraName}: back 10 seconds`} onClick={act(() => client.jump(-10_000))}>
        ↺
      </button>
    </span>
  );
}
