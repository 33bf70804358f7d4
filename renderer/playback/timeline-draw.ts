// Draws the playback timeline into a 2D canvas: the local-time axis's lines (ticks, day starts,
// the DST jump; their labels are DOM, axisLabels below), then one row per camera with its recorded spans (gaps are the dark track between them),
// its logged events and its motion (spans in the row's lower third), the motion activity graph
// under the rows (the peak of the layout's cameras), the future (after now) shaded, and the
// now-line. The playhead is not drawn
// here: it is a DOM element moved by transform every animation frame, so the canvas is redrawn
// only when the view, the data or the now-line's pixel changes.
import type { Timeline } from '../../shared/api/index.ts';
import { activityBars, peakActivity } from './motion-activity.ts';
import type { TimelineMotion } from './use-timeline-data.ts';
import { happensTwice, offsetChanges, ticks, timeToX, zoneName, type TimeView } from './time-scale.ts';

export const AXIS_PX = 22;
/** The motion activity graph's strip under the rows. */
export const GRAPH_PX = 22;
/** Height of a camera's row, from the rows there are (an 8x8 wall still fits). */
export function rowHeight(cameras: number): number {
  return Math.max(2, Math.min(18, Math.floor(120 / Math.max(1, cameras))));
}

const COLORS = {
  track: '#2a1a1f',
  recorded: '#2f86f5',
  future: 'rgba(255, 255, 255, 0.04)',
  tick: 'rgba(255, 255, 255, 0.07)',
  day: 'rgba(255, 255, 255, 0.28)',
  label: '#9aa5b4',
  dayLabel: '#e6eaf0',
  now: '#ff5d5d',
  dst: '#f29b38',
  eventError: '#ff5d5d',
  eventWarning: '#f29b38',
  event: '#c7d0dc',
  motion: '#f2c94c',
  graphTrack: 'rgba(242, 201, 76, 0.06)',
  graph: '#d9b444',
};

export type TimelineDrawing = {
  view: TimeView;
  width: number;
  height: number;
  cameraIds: string[];
  timeline: Timeline | null;
  motion: TimelineMotion | null;
  nowMs: number;
  /** Cameras whose recorder writes now: their open span reaches the now-line. */
  recordingNow: (cameraId: string) => boolean;
};

/**
 * The segment being written ends, in the index, at its last update (about a second ago) and in
 * the timeline's data at its last refresh (a few seconds more): an open span that ended less
 * than this before now is drawn up to now, not with a false gap at the live edge.
 */
const LIVE_EDGE_MS = 10_000;

export function drawTimeline(ctx: CanvasRenderingContext2D, d: TimelineDrawing): void {
  const { view, width, height, cameraIds, timeline, motion, nowMs, recordingNow } = d;
  const x = (t: number) => timeToX(view, width, t);
  const row = rowHeight(cameraIds.length);
  ctx.clearRect(0, 0, width, height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';

  // Rows: the dark track is "nothing recorded"; spans paint over it. The lower third of each row
  // is left free for motion (below).
  const byCamera = new Map(timeline?.cameras.map((c) => [c.cameraId, c.spans]) ?? []);
  cameraIds.forEach((id, i) => {
    const top = AXIS_PX + i * row;
    const bar = row < 6 ? Math.max(1, row - 1) : Math.round(row * 0.66) - 1;
    ctx.fillStyle = COLORS.track;
    ctx.fillRect(0, top, Math.min(width, Math.max(0, x(nowMs))), bar);
    ctx.fillStyle = COLORS.recorded;
    const spans = byCamera.get(id) ?? [];
    const open = recordingNow(id) ? spans[spans.length - 1] : undefined;
    for (const span of spans) {
      const end = span === open && nowMs - span.endMs < LIVE_EDGE_MS ? nowMs : span.endMs;
      const a = Math.max(0, x(span.startMs));
      const b = Math.min(width, x(end));
      if (b >= 0 && a <= width) ctx.fillRect(a, top, Math.max(1, b - a), bar);
    }
  });

  // Motion: a span per event in the lower third of its camera's row (over the bar's bottom pixel
  // when rows are too thin for a third); an event still going on reaches the now-line.
  for (const event of motion?.events ?? []) {
    const i = cameraIds.indexOf(event.cameraId);
    if (i < 0) continue;
    const a = Math.max(0, x(event.startMs));
    const b = Math.min(width, x(event.endMs ?? nowMs));
    if (b < 0 || a > width) continue;
    const top = AXIS_PX + i * row;
    const bar = row < 6 ? Math.max(1, row - 1) : Math.round(row * 0.66) - 1;
    const [y, h] = row < 6 ? [top + bar - 1, 1] : [top + bar + 1, Math.max(1, row - bar - 2)];
    ctx.fillStyle = COLORS.motion;
    ctx.fillRect(a, y, Math.max(2, b - a), h);
  }

  // The activity graph under the rows: the peak score of the layout's cameras per bucket.
  const graphTop = AXIS_PX + cameraIds.length * row + 2;
  ctx.fillStyle = COLORS.graphTrack;
  ctx.fillRect(0, graphTop, Math.min(width, Math.max(0, x(nowMs))), GRAPH_PX - 2);
  const peak = peakActivity(motion?.activity ?? []);
  if (peak) {
    ctx.fillStyle = COLORS.graph;
    // Whole pixels: a bar's edge never blurs into its neighbour.
    for (const bar of activityBars(peak, view, width)) {
      const h = Math.max(1, Math.round(bar.height * (GRAPH_PX - 2)));
      const a = Math.round(bar.x);
      ctx.fillRect(a, graphTop + GRAPH_PX - 2 - h, Math.max(1, Math.round(bar.x + bar.width) - a), h);
    }
  }

  // Events: a small mark on the row of their camera (on every row for events of no camera).
  for (const event of timeline?.events ?? []) {
    const ex = x(event.atMs);
    if (ex < -4 || ex > width + 4) continue;
    ctx.fillStyle = /error|failed|offline/.test(event.kind) ? (event.kind.includes('offline') ? COLORS.eventWarning : COLORS.eventError) : COLORS.event;
    const rows = event.cameraId === null ? cameraIds.map((_, i) => i) : [cameraIds.indexOf(event.cameraId)].filter((i) => i >= 0);
    for (const i of rows) {
      const top = AXIS_PX + i * row;
      ctx.beginPath();
      ctx.moveTo(ex - 3, top);
      ctx.lineTo(ex + 3, top);
      ctx.lineTo(ex, top + Math.max(4, row * 0.6));
      ctx.closePath();
      ctx.fill();
    }
  }

  // The future: nothing can be recorded there yet.
  const nowX = x(nowMs);
  if (nowX < width) {
    ctx.fillStyle = COLORS.future;
    ctx.fillRect(Math.max(0, nowX), 0, width - Math.max(0, nowX), height);
  }

  // Axis: ticks at local clock multiples, stronger at local midnight.
  for (const t of axisLabels(view, width).ticks) {
    const tx = Math.round(t.x) + 0.5;
    ctx.fillStyle = t.dayStart ? COLORS.day : COLORS.tick;
    ctx.fillRect(tx - 0.5, t.dayStart ? 0 : AXIS_PX - 6, 1, height);
  }
  for (const change of offsetChanges(view)) {
    const cx = Math.round(x(change.atMs)) + 0.5;
    ctx.strokeStyle = COLORS.dst;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(cx, 0);
    ctx.lineTo(cx, height);
    ctx.stroke();
    ctx.setLineDash([]);
  }

  if (nowX >= 0 && nowX <= width) {
    ctx.fillStyle = COLORS.now;
    ctx.fillRect(Math.round(nowX) - 1, 0, 2, height);
    ctx.fillText('now', Math.max(2, Math.round(nowX) - 26), AXIS_PX / 2 - 1);
  }
}

export type AxisLabels = {
  ticks: Array<{ x: number; atMs: number; dayStart: boolean; label: string }>;
  changes: Array<{ x: number; atMs: number; label: string }>;
};

/**
 * The axis's labels, drawn as DOM over the canvas (readable by assistive tools and tests). A
 * clock time that the day has twice (the autumn hour) is labelled with its zone, so each
 * occurrence reads once: "02:00 GMT+2", then an hour later "02:00 GMT+1".
 */
export function axisLabels(view: TimeView, width: number): AxisLabels {
  return {
    ticks: ticks(view, width).map((t) => ({ x: timeToX(view, width, t.atMs), atMs: t.atMs, dayStart: t.dayStart, label: happensTwice(t.atMs) ? `${t.label} ${zoneName(t.atMs)}` : t.label })),
    changes: offsetChanges(view).map((c) => ({ x: timeToX(view, width, c.atMs), atMs: c.atMs, label: c.label })),
  };
}
