// The playback timeline: a canvas (timeline-draw.ts) under a playhead that the animation frame
// moves by transform. Wheel, pinch (ctrl+wheel from a touchpad, or two pointers) and the bar's
// buttons zoom; dragging the track pans; a click seeks; dragging the playhead scrubs, painting
// frames as it goes (the session client sends one seek at a time, the newest waits). Hovering
// shows that instant's recorded frame of the camera under the pointer (recordings.frameAt,
// debounced, older answers ignored). The export's in and out marks shade their range; their
// handles drag, and a click on one brings the playhead to it.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CamwallApi, Timeline as TimelineData } from '../../shared/api/index.ts';
import { paintStill } from '../wall/tile-renderer.ts';
import type { Marks } from '../export/export-range.ts';
import { axisLabels, AXIS_PX, drawTimeline, GRAPH_PX, rowHeight } from './timeline-draw.ts';
import type { TimelineMotion } from './use-timeline-data.ts';
import type { PlaybackSessionClient } from './session-client.ts';
import { clockLabel, fullLabel, panView, timeToX, xToTime, zoomView, type TimeView } from './time-scale.ts';

const HOVER_DEBOUNCE_MS = 120;
/** A press that moves less than this is a click (seek), more is a drag (pan). */
const CLICK_SLOP_PX = 4;
/** While playing, the view pages when the playhead comes this close to its edge (unless the user moved it away). */
const FOLLOW_EDGE = 0.94;

type Props = {
  api: CamwallApi;
  client: PlaybackSessionClient;
  cameras: Array<{ id: string; name: string }>;
  view: TimeView;
  onView: (view: TimeView) => void;
  timeline: TimelineData | null;
  motion: TimelineMotion | null;
  onWidth: (width: number) => void;
  recordingNow: (cameraId: string) => boolean;
  marks: Marks;
  onMarks: (marks: Marks) => void;
};

type Drag = { kind: 'pan' | 'scrub' | 'press' | 'mark-in' | 'mark-out'; pointerId: number; startX: number; view: TimeView; moved?: boolean };
/** Dragged marks stay this far apart: the range never empties. */
const MIN_MARKED_MS = 100;
type Hover = { x: number; atMs: number; cameraId: string; name: string };

export function Timeline({ api, client, cameras, view, onView, timeline, motion, onWidth, recordingNow, marks, onMarks }: Props) {
  const track = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const playhead = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<Hover | null>(null);
  const drag = useRef<Drag | null>(null);
  const pointers = useRef(new Map<number, number>());
  const pinch = useRef<{ distance: number; view: TimeView } | null>(null);
  const latest = useRef({ view, onView, client });
  latest.current = { view, onView, client };
  const cameraIds = cameras.map((c) => c.id);
  const row = rowHeight(cameras.length);
  const height = AXIS_PX + cameras.length * row + GRAPH_PX + 14;

  useEffect(() => {
    const element = track.current!;
    const observer = new ResizeObserver(() => {
      setWidth(element.clientWidth);
      onWidth(element.clientWidth);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Redraws on a change of view, data or size, and when the now-line moves by a pixel.
  const drawnNowX = useRef(NaN);
  const draw = () => {
    const c = canvas.current;
    if (!c || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    if (c.width !== Math.round(width * ratio) || c.height !== Math.round(height * ratio)) {
      c.width = Math.round(width * ratio);
      c.height = Math.round(height * ratio);
    }
    const ctx = c.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const nowMs = Date.now();
    drawnNowX.current = Math.round(timeToX(view, width, nowMs));
    drawTimeline(ctx, { view, width, height, cameraIds, timeline, motion, nowMs, recordingNow });
  };
  const drawRef = useRef(draw);
  drawRef.current = draw;
  useEffect(draw, [view, width, height, timeline, motion, cameraIds.join('\n')]);

  // The animation frame: the playhead's transform, the now-line, and following the playhead: a
  // playhead that plays past the edge of the view pages it, and one that jumps (a seek, a step, a
  // gap) out of view is brought back; one the user panned away from stays where it is.
  useEffect(() => {
    let frame = 0;
    let wasInside = true;
    let moves = latest.current.client.moves;
    const tick = () => {
      frame = requestAnimationFrame(tick);
      const { view: v, client: session, onView: setView } = latest.current;
      if (width === 0) return;
      const at = session.position();
      const px = timeToX(v, width, at);
      const head = playhead.current;
      if (head) {
        head.style.transform = `translateX(${Math.round(px)}px)`;
        head.hidden = px < -2 || px > width + 2;
        head.dataset.positionMs = String(Math.round(at));
      }
      const nowX = Math.round(timeToX(v, width, Date.now()));
      if (nowX !== drawnNowX.current && nowX >= -1 && nowX <= width + 1) drawRef.current();
      const s = session.state;
      const inside = px >= 0 && px <= width;
      const jumped = session.moves !== moves;
      moves = session.moves;
      if (drag.current?.kind !== 'scrub' && drag.current?.kind !== 'pan') {
        const edge = s.speed > 0 ? px > width * FOLLOW_EDGE : px < width * (1 - FOLLOW_EDGE);
        if (!s.paused && wasInside && edge) setView({ startMs: Math.round(s.speed > 0 ? at - v.spanMs * 0.1 : at - v.spanMs * 0.9), spanMs: v.spanMs });
        else if (jumped && !inside) setView({ startMs: Math.round(at - v.spanMs / 2), spanMs: v.spanMs });
      }
      wasInside = inside;
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [width, height, timeline]);

  const localX = (event: { clientX: number }) => event.clientX - track.current!.getBoundingClientRect().left;

  const onWheel = (event: WheelEvent) => {
    event.preventDefault();
    const v = latest.current.view;
    // A touchpad pinch arrives as a wheel with ctrlKey; a horizontal swipe pans.
    if (!event.ctrlKey && Math.abs(event.deltaX) > Math.abs(event.deltaY)) onView(panView(v, width, -event.deltaX));
    else onView(zoomView(v, width, Math.exp(event.deltaY * (event.ctrlKey ? 0.01 : 0.0015)), localX(event)));
  };
  useEffect(() => {
    const element = track.current!;
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  });

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    const element = track.current!;
    element.setPointerCapture(event.pointerId);
    pointers.current.set(event.pointerId, event.clientX);
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()] as [number, number];
      pinch.current = { distance: Math.max(10, Math.abs(a - b)), view };
      drag.current = null;
      return;
    }
    const onHead = (event.target as HTMLElement).closest('.playhead') !== null;
    const mark = (event.target as HTMLElement).closest<HTMLElement>('[data-mark]')?.dataset.mark;
    const kind = mark === 'in' ? 'mark-in' : mark === 'out' ? 'mark-out' : onHead ? 'scrub' : 'press';
    drag.current = { kind, pointerId: event.pointerId, startX: localX(event), view };
    setHover(null);
  };

  const onPointerMove = (event: PointerEvent) => {
    if (pointers.current.has(event.pointerId)) pointers.current.set(event.pointerId, event.clientX);
    if (pinch.current && pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()] as [number, number];
      const rect = track.current!.getBoundingClientRect();
      onView(zoomView(pinch.current.view, width, pinch.current.distance / Math.max(10, Math.abs(a - b)), (a + b) / 2 - rect.left));
      return;
    }
    const d = drag.current;
    const x = localX(event);
    if (d && d.pointerId === event.pointerId) {
      if (d.kind === 'press' && Math.abs(x - d.startX) >= CLICK_SLOP_PX) d.kind = 'pan';
      if (d.kind === 'pan') onView(panView(d.view, width, x - d.startX));
      if (d.kind === 'scrub') client.seek(xToTime(view, width, Math.max(0, Math.min(width, x))));
      if ((d.kind === 'mark-in' || d.kind === 'mark-out') && (d.moved || Math.abs(x - d.startX) >= CLICK_SLOP_PX)) {
        d.moved = true;
        const at = Math.round(xToTime(view, width, Math.max(0, Math.min(width, x))));
        if (d.kind === 'mark-in') onMarks({ ...marks, inMs: marks.outMs === null ? at : Math.min(at, marks.outMs - MIN_MARKED_MS) });
        else onMarks({ ...marks, outMs: marks.inMs === null ? at : Math.max(at, marks.inMs + MIN_MARKED_MS) });
      }
      return;
    }
    hoverAt(event);
  };

  const onPointerUp = (event: PointerEvent) => {
    pointers.current.delete(event.pointerId);
    if (pointers.current.size < 2) pinch.current = null;
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    drag.current = null;
    if (d.kind === 'press') client.seek(xToTime(view, width, localX(event)));
    // A click on a mark (no drag) brings the playhead to it.
    const clicked = d.kind === 'mark-in' ? marks.inMs : d.kind === 'mark-out' ? marks.outMs : null;
    if (!d.moved && clicked !== null) client.seek(clicked);
  };

  // Hover thumbnails: the camera of the row under the pointer, debounced; only the newest answer shows.
  const hoverTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const hoverSeq = useRef(0);
  const thumb = useRef<HTMLCanvasElement>(null);
  const [thumbFor, setThumbFor] = useState<{ seq: number; text: string } | null>(null);
  const hoverAt = (event: PointerEvent) => {
    const rect = track.current!.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const index = Math.max(0, Math.min(cameras.length - 1, Math.floor((y - AXIS_PX) / row)));
    const camera = cameras[index];
    if (!camera) return;
    const atMs = xToTime(view, width, x);
    setHover({ x, atMs, cameraId: camera.id, name: camera.name });
    clearTimeout(hoverTimer.current);
    const seq = ++hoverSeq.current;
    hoverTimer.current = setTimeout(async () => {
      if (atMs > Date.now()) return setThumbFor({ seq, text: 'Not yet recorded' });
      const result = await api.recordings.frameAt({ cameraId: camera.id, atMs });
      if (seq !== hoverSeq.current) return;
      if (!result.ok) return setThumbFor({ seq, text: result.error.code === 'not-found' ? 'No recording' : 'Busy, move again' });
      if (!(await paintStill(() => thumb.current, result.value.jpeg, () => seq === hoverSeq.current))) return;
      setThumbFor({ seq, text: clockLabel(result.value.capturedAt, true) });
    }, HOVER_DEBOUNCE_MS);
  };
  const leave = () => {
    clearTimeout(hoverTimer.current);
    hoverSeq.current += 1;
    setHover(null);
    setThumbFor(null);
  };
  useEffect(() => () => clearTimeout(hoverTimer.current), []);

  const thumbReady = hover !== null && thumbFor?.seq === hoverSeq.current;
  const hoverLeft = hover ? Math.max(0, Math.min(width - 170, hover.x - 85)) : 0;
  return (
    <div class="timeline" data-testid="timeline">
      <div class="timeline-names" aria-hidden="true">
        <div class="timeline-axis-spacer" style={{ height: `${AXIS_PX}px` }} />
        {cameras.map((c) => (
          <div key={c.id} class="timeline-name" style={{ height: `${row}px`, fontSize: `${Math.min(11, row - 2)}px` }} title={c.name}>
            {row >= 9 ? c.name : ''}
          </div>
        ))}
        <div class="timeline-name timeline-graph-name" style={{ height: `${GRAPH_PX}px` }} title="Motion activity of these cameras (the peak of them)">
          Motion
        </div>
      </div>
      <div
        ref={track}
        class="timeline-track"
        style={{ height: `${height}px` }}
        data-view-start={view.startMs}
        data-view-span={view.spanMs}
        role="group"
        aria-label={`Timeline from ${fullLabel(view.startMs)} to ${fullLabel(view.startMs + view.spanMs)}; click to go to a moment, drag to pan, wheel to zoom`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onPointerLeave={leave}
      >
        <canvas ref={canvas} class="timeline-canvas" />
        <Axis view={view} width={width} />
        <MarkedRange view={view} width={width} marks={marks} />
        <div ref={playhead} class="playhead" data-testid="playhead" title="Drag to scrub">
          <div class="playhead-handle" />
        </div>
        {hover && (
          <div class="timeline-hover" style={{ transform: `translateX(${Math.round(hoverLeft)}px)` }} data-testid="timeline-hover">
            <canvas ref={thumb} class={`timeline-thumb${thumbReady && thumbFor?.text !== 'No recording' ? '' : ' timeline-thumb-empty'}`} />
            <span class="timeline-hover-text">
              {hover.name} · {thumbReady ? thumbFor!.text : clockLabel(hover.atMs, true)}
            </span>
          </div>
        )}
      </div>
    </div>
  );
}

/** The shaded range between the marks (to the track's edge for one alone) and the marks' handles. */
function MarkedRange({ view, width, marks }: { view: TimeView; width: number; marks: Marks }) {
  if (width === 0 || (marks.inMs === null && marks.outMs === null)) return null;
  const clampX = (x: number) => Math.max(-2, Math.min(width + 2, Math.round(x)));
  const left = marks.inMs === null ? 0 : clampX(timeToX(view, width, marks.inMs));
  const right = marks.outMs === null ? width : clampX(timeToX(view, width, marks.outMs));
  const handle = (which: 'in' | 'out', atMs: number | null) =>
    atMs !== null && (
      <div
        class={`mark-handle mark-${which}`}
        data-mark={which}
        data-testid={`mark-${which}`}
        data-at-ms={atMs}
        title={`${which === 'in' ? 'In' : 'Out'} mark ${fullLabel(atMs)}: drag to move, click to go there (${which === 'in' ? 'I' : 'O'} sets it at the playhead)`}
        style={{ transform: `translateX(${clampX(timeToX(view, width, atMs))}px)` }}
      >
        <span class="mark-flag">{which === 'in' ? '[' : ']'}</span>
      </div>
    );
  return (
    <>
      <div class="timeline-range" data-testid="marked-range" style={{ transform: `translateX(${left}px)`, width: `${Math.max(0, right - left)}px` }} />
      {handle('in', marks.inMs)}
      {handle('out', marks.outMs)}
    </>
  );
}

/** The axis's labels and the DST marks, a few DOM elements placed by transform, redrawn with the view. */
function Axis({ view, width }: { view: TimeView; width: number }) {
  if (width === 0) return null;
  const { ticks, changes } = axisLabels(view, width);
  return (
    <div class="timeline-axis">
      {ticks.map((t) => (
        <span key={t.atMs} class={`timeline-tick${t.dayStart ? ' timeline-day' : ''}`} data-at-ms={t.atMs} style={{ transform: `translateX(${Math.round(t.x) + 3}px)` }}>
          {t.label}
        </span>
      ))}
      {changes.map((c) => (
        <span key={c.atMs} class="timeline-dst" data-at-ms={c.atMs} style={{ transform: `translateX(${Math.round(Math.min(c.x + 4, width - 260))}px)` }}>
          {c.label}
        </span>
      ))}
    </div>
  );
}
