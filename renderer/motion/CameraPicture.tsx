// A camera's picture to draw on (motion zones, a search region): its current frame
// (cameras.snapshot), or, where the camera has none (disabled, offline), the frame it recorded
// at `recordedAtMs`. The canvas is placed at the picture's rectangle inside the box (fitContain:
// its own aspect ratio, never stretched), and the overlay (an SVG over the whole box) gets that
// rectangle, so what is drawn in px maps onto picture fractions exactly.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useServices } from '../app/use-live.ts';
import { paintStill } from '../wall/tile-renderer.ts';
import { fitContain, type PictureRect } from './zone-edit.ts';
import { fullLabel } from '../playback/time-scale.ts';

type Props = {
  cameraId: string;
  /** Where the recorded frame comes from when the camera has no live picture (a change loads the picture again). */
  recordedAtMs?: number;
  /** The overlay, given the picture's rectangle in the box (px). */
  children: (rect: PictureRect) => ComponentChildren;
  label: string;
};

type Loaded = { width: number; height: number; capturedAt: number; live: boolean };

export function CameraPicture({ cameraId, recordedAtMs, children, label }: Props) {
  const { api } = useServices();
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [picture, setPicture] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const element = box.current!;
    const observer = new ResizeObserver(() => setSize({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    let alive = true;
    setError(null);
    void (async () => {
      let result = await api.cameras.snapshot({ id: cameraId });
      let live = true;
      let missing = result.ok ? '' : result.error.message;
      if (!result.ok && recordedAtMs !== undefined) {
        const recorded = await api.recordings.frameAt({ cameraId, atMs: recordedAtMs });
        if (recorded.ok) {
          result = recorded;
          live = false;
        } else missing = `${missing} Nor was anything recorded at ${fullLabel(recordedAtMs)}: choose a time with recordings.`;
      }
      if (!alive) return;
      if (!result.ok) return setError(missing);
      const frame = result.value;
      const painted = await paintStill(() => canvas.current, frame.jpeg, () => alive);
      if (!alive) return;
      if (!painted) return setError('The camera’s picture could not be decoded: try "New picture".');
      setPicture({ ...painted, capturedAt: frame.capturedAt, live });
    })();
    return () => {
      alive = false;
    };
  }, [api, cameraId, reload, recordedAtMs]);

  // Whole pixels, so the canvas and the overlay agree exactly.
  const fitted = picture ? fitContain(size.width, size.height, picture.width, picture.height) : fitContain(size.width, size.height, 4, 3);
  const rect = { left: Math.round(fitted.left), top: Math.round(fitted.top), width: Math.round(fitted.width), height: Math.round(fitted.height) };
  return (
    <div class="camera-picture-wrap">
      <div
        ref={box}
        class="camera-picture"
        data-testid="camera-picture"
        data-picture-width={picture?.width}
        data-picture-height={picture?.height}
        role="group"
        aria-label={label}
      >
        <canvas
          ref={canvas}
          class={`camera-picture-canvas${picture ? '' : ' camera-picture-empty'}`}
          style={{ transform: `translate(${rect.left}px, ${rect.top}px)`, width: `${rect.width}px`, height: `${rect.height}px` }}
        />
        {picture && size.width > 0 && children(rect)}
        {!picture && <p class="camera-picture-note">{error ?? 'Loading the camera’s picture…'}</p>}
      </div>
      <div class="camera-picture-foot">
        <span class="hint">
          {picture ? `${picture.live ? 'Live picture' : 'Recorded picture'} of ${new Date(picture.capturedAt).toLocaleString()}, ${picture.width}×${picture.height}` : ''}
        </span>
        <button type="button" class="button small ghost" onClick={() => setReload((n) => n + 1)}>
          New picture
        </button>
      </div>
    </div>
  );
}
