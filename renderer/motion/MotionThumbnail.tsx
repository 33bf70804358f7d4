// A motion event's thumbnail (motion.thumbnail: the JPEG of its peak frame), loaded only once its
// row is on screen (IntersectionObserver) and through one page-wide LoadQueue (two at a time),
// decoded into a bitmaprenderer canvas (the page's CSP allows no blob URLs for images); the
// canvas takes the picture's size and CSS fits it at its own aspect ratio.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useServices } from '../app/use-live.ts';
import { paintStill } from '../wall/tile-renderer.ts';
import { LoadQueue } from './load-queue.ts';

const queue = new LoadQueue();

type State = 'waiting' | 'loaded' | 'none' | 'failed';

export function MotionThumbnail({ eventId, hasThumbnail }: { eventId: number; hasThumbnail: boolean }) {
  const { api } = useServices();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<State>(hasThumbnail ? 'waiting' : 'none');
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    if (!hasThumbnail) return setState('none');
    const element = canvas.current!;
    let alive = true;
    let leave: (() => void) | null = null;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting) || leave) return;
      observer.disconnect();
      leave = queue.add(
        async () => {
          if (!alive) return;
          const result = await api.motion.thumbnail({ id: eventId });
          if (!alive) return;
          if (!result.ok) return setState(result.error.code === 'not-found' ? 'none' : 'failed');
          const painted = await paintStill(() => element, result.value.jpeg, () => alive);
          if (!alive) return;
          if (!painted) return setState('failed');
          setState('loaded');
        },
        // Dropped from a full line (the list scrolled past): ask again when next seen.
        () => alive && setRetry((n) => n + 1),
      );
    });
    observer.observe(element);
    return () => {
      alive = false;
      observer.disconnect();
      leave?.();
    };
  }, [api, eventId, hasThumbnail, retry]);

  return (
    <span class={`motion-thumb motion-thumb-${state}`} data-thumbnail={state}>
      <canvas ref={canvas} class="motion-thumb-canvas" />
      {state !== 'loaded' && <span class="motion-thumb-note">{state === 'waiting' ? '' : state === 'none' ? 'No picture' : 'Picture unavailable'}</span>}
    </span>
  );
}
