// Decides when a tile receives frames: only while it has a camera, is on screen (an
// IntersectionObserver: tiles hidden behind a maximized one or scrolled away report false) and
// the page is visible (a hidden tab or a minimized window reports 'hidden'). Anything else
// unsubscribes, so the core stops sending (and may stop the camera's connection entirely).
import { useEffect, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import type { CamwallApi, StreamChoice } from '../../shared/api/index.ts';
import type { Frame } from '../../shared/frame.ts';
import type { TileRenderer } from './tile-renderer.ts';

/** Recorded frames of a playback session instead of the live stream; `accept` turns stale ones away. */
export type PlaybackFeed = { session: number; accept: (frame: Frame) => boolean };

export function useFrameFeed(
  api: CamwallApi,
  cameraId: string | null,
  stream: StreamChoice,
  element: RefObject<HTMLElement | null>,
  renderer: RefObject<TileRenderer | null>,
  playback: PlaybackFeed | null = null,
): boolean {
  const onScreen = useOnScreen(element);
  const pageVisible = usePageVisible();
  const active = cameraId !== null && onScreen && pageVisible;
  useEffect(() => {
    const tile = renderer.current;
    if (!active || cameraId === null || !tile) return;
    const accept = playback?.accept;
    const source = playback ? { stream, playback: playback.session } : { stream };
    // The returned promise settles after the paint (or the drop): that is the transport's ack.
    return api.frames.subscribe(cameraId, source, (frame) => (accept && !accept(frame) ? undefined : new Promise<void>((resolve) => tile.offer(frame, resolve))));
  }, [api, cameraId, stream, active, renderer, playback?.session]);
  return active;
}

function useOnScreen(element: RefObject<HTMLElement | null>): boolean {
  const [onScreen, setOnScreen] = useState(false);
  useEffect(() => {
    const target = element.current;
    if (!target) return;
    const observer = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (last) setOnScreen(last.isIntersecting);
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return onScreen;
}

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}
