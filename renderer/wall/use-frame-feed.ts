// Decides when a tile receives frames: only while it has a camera, is on screen (an
// IntersectionObserver: tiles hidden behind a maximized one or scrolled away report false) and
// the page is visible (a hidden tab or a minimized window reports 'hidden'). Anything else
// unsubscribes, so the core stops sending (and may stop the camera's connection entirely).
import { useEffect, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import type { CamwallApi, StreamChoice } from '../../shared/api/index.ts';
import type { TileRenderer } from './tile-renderer.ts';

export function useFrameFeed(
  api: CamwallApi,
  cameraId: string | null,
  stream: StreamChoice,
  element: RefObject<HTMLElement | null>,
  renderer: RefObject<TileRenderer | null>,
): boolean {
  const onScreen = useOnScreen(element);
  const pageVisible = usePageVisible();
  const active = cameraId !== null && onScreen && pageVisible;
  useEffect(() => {
    const tile = renderer.current;
    if (!active || cameraId === null || !tile) return;
    // The returned promise settles after the paint (or the drop): that is the transport's ack.
    return api.frames.subscribe(cameraId, { stream }, (frame) => new Promise<void>((resolve) => tile.offer(frame, resolve)));
  }, [api, cameraId, stream, active, renderer]);
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
