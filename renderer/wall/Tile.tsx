// One cell of the wall: a canvas that the TileRenderer paints (letterboxed by CSS object-fit),
// the DOM overlay above it, and the placeholder when no camera sits here. Also the drop target
// for a camera dragged from the list and a drag source for rearranging tiles.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StreamChoice } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import { useServices } from '../app/use-live.ts';
import { TileOverlay } from './TileOverlay.tsx';
import { TileRenderer } from './tile-renderer.ts';
import { paintProbe } from './paint-probe.ts';
import { useFrameFeed } from './use-frame-feed.ts';
import { dragPayload, setDragPayload } from './drag.ts';
import { isZoomed } from './tile-zoom.ts';
import { useTileZoom, type ZoomControls } from './use-tile-zoom.ts';
import { TilePlaybackOverlay } from '../playback/TilePlaybackOverlay.tsx';
import { usePlaybackFeed, type TileMode, type TilePlayback } from '../playback/tile-playback.ts';

export type TileProps = {
  index: number;
  camera: Camera | null;
  /** Every camera, for the placeholder's "choose a camera" list. */
  cameras: Camera[];
  stream: StreamChoice;
  maximized: boolean;
  selected: boolean;
  /** Show the painted frame's capture time over the picture. */
  showClock: boolean;
  gridArea: { gridColumn: string; gridRow: string };
  onSelect: (index: number) => void;
  onToggleMaximize: (index: number) => void;
  onAssign: (index: number, cameraId: string | null) => void;
  onMoveTile: (from: number, to: number) => void;
  onSnapshot: (index: number) => void;
  onRenderer: (index: number, renderer: TileRenderer | null) => void;
  /** The tile's zoom controls, for the wall's keys (+, -, 0). */
  onZoomControls?: (index: number, controls: ZoomControls | null) => void;
  /** Set while this tile plays recorded video (the wall's session or its own). */
  playback?: TilePlayback | null;
  /** The tile's live/playback switch; absent where there is none (kiosk). */
  playbackControls?: { mode: TileMode; wallPlaying: boolean; onMode: (index: number, mode: TileMode) => void } | undefined;
};

export function Tile(props: TileProps) {
  const { index, camera, maximized, selected } = props;
  const { api } = useServices();
  const root = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const renderer = useRef<TileRenderer>(null);
  const [dropping, setDropping] = useState(false);

  useEffect(() => {
    const element = root.current!;
    const probe = paintProbe();
    const tile = new TileRenderer(canvas.current!, {
      onPaint: ({ frame, paintedAt, width, height }) => {
        // For tests, tools and the playback views: what this tile painted, without the UI library.
        markPainted(element, tile.painted, frame.capturedAt, width, height);
        probe?.(frame, paintedAt);
      },
    });
    renderer.current = tile;
    props.onRenderer(index, tile);
    return () => {
      tile.dispose();
      renderer.current = null;
      props.onRenderer(index, null);
    };
  }, [index]);

  // A different camera in this tile starts from a blank picture, not the previous camera's.
  useEffect(() => {
    renderer.current?.clear();
    if (root.current) clearPainted(root.current);
  }, [camera?.id]);

  const { zoom, controls: zoomControls } = useTileZoom(root, canvas, camera?.id);
  const zoomed = isZoomed(zoom);
  useEffect(() => {
    props.onZoomControls?.(index, zoomControls);
    return () => props.onZoomControls?.(index, null);
  }, [index]);
  // A zoomed tile wants every pixel the camera has: its main stream, whatever the tile's size.
  const stream = zoomed ? 'main' : props.stream;
  const playback = props.playback ?? null;
  const feed = usePlaybackFeed(playback, root, renderer);
  // A camera the session does not play yet (just added to it) has no frames to ask for.
  const feedCamera = playback && !playback.camera ? null : (camera?.id ?? null);
  const receiving = useFrameFeed(api, feedCamera, stream, root, renderer, feed);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDropping(false);
    const payload = dragPayload(event);
    if (payload?.kind === 'camera') props.onAssign(index, payload.cameraId);
    if (payload?.kind === 'tile' && payload.index !== index) props.onMoveTile(payload.index, index);
  };

  return (
    <div
      ref={root}
      class={`tile${camera ? '' : ' tile-empty'}${selected ? ' tile-selected' : ''}${maximized ? ' tile-maximized' : ''}${dropping ? ' tile-dropping' : ''}${zoomed ? ' tile-zoomed' : ''}`}
      style={maximized ? undefined : props.gridArea}
      role="gridcell"
      tabIndex={selected ? 0 : -1}
      aria-selected={selected}
      aria-label={camera ? `Tile ${index + 1}: ${camera.name}` : `Tile ${index + 1}: empty`}
      data-tile={index}
      data-camera-id={camera?.id ?? ''}
      data-stream={receiving ? stream : 'none'}
      data-zoom={zoom.scale.toFixed(2)}
      data-mode={playback ? 'playback' : 'live'}
      data-playback-state={playback ? (playback.camera?.state ?? 'opening') : undefined}
      draggable={camera !== null && !zoomed}
      onDragStart={(event) => camera && setDragPayload(event, { kind: 'tile', index })}
      onDragOver={(event) => {
        if (dragPayload(event, true)) {
          event.preventDefault();
          setDropping(true);
        }
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
      onClick={() => props.onSelect(index)}
      onDblClick={() => camera && props.onToggleMaximize(index)}
    >
      <canvas ref={canvas} class="tile-canvas" aria-hidden="true" />
      {camera && props.playbackControls && <TilePlaybackOverlay index={index} cameraName={camera.name} playback={playback} {...props.playbackControls} />}
      {camera ? (
        <TileOverlay
          camera={camera}
          rendererRef={renderer}
          maximized={maximized}
          showClock={props.showClock}
          playback={playback !== null}
          zoom={zoomed ? zoom.scale : null}
          onResetZoom={zoomControls.reset}
          onSnapshot={() => props.onSnapshot(index)}
          onToggleMaximize={() => props.onToggleMaximize(index)}
          onClear={() => props.onAssign(index, null)}
        />
      ) : (
        <EmptyTile index={index} cameras={props.cameras} onAssign={(id) => props.onAssign(index, id)} />
      )}
    </div>
  );
}

/**
 * Mirrors the painted picture into the tile's attributes: `data-painted` (frames painted),
 * `data-captured-at` (the frame's capture time, ms since the epoch) and `data-picture-width` /
 * `data-picture-height` (its decoded size). Attribute writes only, and the size only when it changes.
 */
function markPainted(element: HTMLElement, painted: number, capturedAt: number, width: number, height: number): void {
  const data = element.dataset;
  data.painted = String(painted);
  data.capturedAt = String(capturedAt);
  const w = String(width);
  const h = String(height);
  if (data.pictureWidth !== w) data.pictureWidth = w;
  if (data.pictureHeight !== h) data.pictureHeight = h;
}

function clearPainted(element: HTMLElement): void {
  element.dataset.painted = '0';
  delete element.dataset.capturedAt;
  delete element.dataset.pictureWidth;
  delete element.dataset.pictureHeight;
}

function EmptyTile({ index, cameras, onAssign }: { index: number; cameras: Camera[]; onAssign: (cameraId: string) => void }) {
  const id = `tile-${index}-camera`;
  return (
    <div class="tile-placeholder">
      <span class="tile-placeholder-title">Drop a camera here</span>
      {cameras.length > 0 && (
        <>
          <label class="visually-hidden" for={id}>
            Camera for tile {index + 1}
          </label>
          <select
            id={id}
            class="tile-picker"
            value=""
            onClick={(event) => event.stopPropagation()}
            onChange={(event) => {
              const value = (event.currentTarget as HTMLSelectElement).value;
              if (value !== '') onAssign(value);
            }}
          >
            <option value="">or choose one…</option>
            {cameras.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}
