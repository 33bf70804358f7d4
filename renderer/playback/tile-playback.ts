// A tile in playback: which session's frames it takes, and the rule that keeps a tile from
// showing a picture that is not of the playhead's moment. A camera with nothing recorded at the
// playhead shows no picture at all (its last frame is cleared, never left frozen), and a frame
// still in flight from before a seek or from before a gap began is turned away when it lands.
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { RefObject } from 'preact';
import type { Frame } from '../../shared/frame.ts';
import type { TileRenderer } from '../wall/tile-renderer.ts';
import type { PlaybackFeed } from '../wall/use-frame-feed.ts';
import type { TilePlayback } from './use-wall-playback.ts';

export type { TileMode, TilePlayback } from './use-wall-playback.ts';

/** A recorded frame stands for this long after its capture (the core's FRAME_HOLD_MS). */
const FRAME_HOLD_MS = 3_000;
/** What a frame's trip from the core may take, in playhead time per unit of speed. */
const TRANSIT_MS = 500;

/** Whether a frame captured at `capturedAt` may be shown with the playhead at `positionMs`. */
export function frameFitsPlayhead(capturedAt: number, positionMs: number, speed: number, cleared: number | null, recorded: boolean): boolean {
  if (Math.abs(capturedAt - positionMs) > FRAME_HOLD_MS + TRANSIT_MS * Math.max(1, Math.abs(speed))) return false;
  // In a gap, only a frame from beyond the last one shown (in the direction of play) is new.
  if (!recorded && cleared !== null && (speed >= 0 ? capturedAt <= cleared : capturedAt >= cleared)) return false;
  return true;
}

export function usePlaybackFeed(playback: TilePlayback | null, root: RefObject<HTMLElement | null>, renderer: RefObject<TileRenderer | null>): PlaybackFeed | null {
  const current = useRef(playback);
  current.current = playback;
  /** Capture time of the picture cleared when the camera's recording stopped at the playhead. */
  const cleared = useRef<number | null>(null);
  const session = playback?.client.session ?? null;
  const state = playback?.camera?.state ?? null;

  const clearPicture = () => {
    renderer.current?.clear();
    delete root.current?.dataset.capturedAt;
  };

  // A new source (live to playback, another session, back to live) starts from a blank picture.
  useEffect(() => {
    cleared.current = null;
    clearPicture();
  }, [session]);

  // Nothing recorded at the playhead (or unreadable): no picture, not an older one.
  useEffect(() => {
    if (session === null || state === null || state === 'recorded') return;
    cleared.current = renderer.current?.currentFrame()?.capturedAt ?? cleared.current;
    clearPicture();
  }, [session, state]);

  return useMemo(() => {
    if (session === null) return null;
    const accept = (frame: Frame): boolean => {
      const p = current.current;
      if (!p) return true;
      const s = p.client.state;
      return frameFitsPlayhead(frame.capturedAt, p.client.position(), s.paused ? 0 : s.speed, cleared.current, p.camera?.state === 'recorded');
    };
    return { session, accept };
  }, [session]);
}
