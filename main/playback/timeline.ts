// What the playback timeline draws: each camera's recorded spans over a range, from the segment
// index, and the logged events of those cameras. Bounded: spans closer than FRAME_HOLD_MS are
// one span (a rotation is not a gap), and when a camera has more than `maxSpans` in the range
// (a flapping camera over a month), neighbours are joined at a coarser grain that says so.
import type { Database, Statement } from 'better-sqlite3';
import type { Timeline, TimelineEvent, TimelineSpan } from '../../shared/api/calls.ts';
import { DEFAULT_TIMELINE_SPANS, MAX_TIMELINE_EVENTS } from '../../shared/api/calls.ts';
import { FRAME_HOLD_MS } from './frame-at.ts';

/** Segment rows read per camera and query at most; beyond it the newest part of the range is cut. */
export const MAX_SEGMENT_ROWS_PER_CAMERA = 50_000;

export type TimelineQuery = { cameraIds: string[]; fromMs: number; toMs: number; maxSpans?: number };

export class TimelineReader {
  readonly #segments: Statement;
  readonly #events: Statement;

  constructor(db: Database) {
    this.#segments = db.prepare(`SELECT start_wall_ms AS startMs, end_wall_ms AS endMs FROM segments
      WHERE camera_id = ? AND start_wall_ms < ? AND end_wall_ms >= ? ORDER BY start_wall_ms, id LIMIT ${MAX_SEGMENT_ROWS_PER_CAMERA}`);
    this.#events = db.prepare(`SELECT id, at_ms AS atMs, camera_id AS cameraId, kind, message FROM events
      WHERE at_ms >= ? AND at_ms < ? AND camera_id IN (SELECT value FROM json_each(?)) ORDER BY at_ms DESC, id DESC LIMIT ?`);
  }

  query(q: TimelineQuery): Timeline {
    const maxSpans = q.maxSpans ?? DEFAULT_TIMELINE_SPANS;
    const cameras = q.cameraIds.map((cameraId) => {
      const rows = this.#segments.all(cameraId, q.toMs, q.fromMs) as TimelineSpan[];
      return { cameraId, ...mergeSpans(rows, maxSpans, q.toMs - q.fromMs) };
    });
    const events = (this.#events.all(q.fromMs, q.toMs, JSON.stringify(q.cameraIds), MAX_TIMELINE_EVENTS + 1) as TimelineEvent[]).reverse();
    const eventsTruncated = events.length > MAX_TIMELINE_EVENTS;
    return { fromMs: q.fromMs, toMs: q.toMs, cameras, events: eventsTruncated ? events.slice(1) : events, eventsTruncated };
  }
}

/**
 * Joins spans that overlap or lie within FRAME_HOLD_MS of each other; then, while more than
 * `maxSpans` remain, joins those within a grain that doubles from rangeMs / maxSpans.
 */
export function mergeSpans(rows: readonly TimelineSpan[], maxSpans: number, rangeMs: number): { spans: TimelineSpan[]; mergedWithinMs: number } {
  let spans = joinWithin(rows, FRAME_HOLD_MS);
  let mergedWithinMs = 0;
  let grain = Math.max(Math.ceil(rangeMs / maxSpans), FRAME_HOLD_MS);
  while (spans.length > maxSpans) {
    spans = joinWithin(spans, grain);
    mergedWithinMs = grain;
    grain *= 2;
  }
  return { spans, mergedWithinMs };
}

function joinWithin(rows: readonly TimelineSpan[], withinMs: number): TimelineSpan[] {
  const out: TimelineSpan[] = [];
  for (const row of rows) {
    const last = out[out.length - 1];
    if (last && row.startMs - last.endMs <= withinMs) last.endMs = Math.max(last.endMs, row.endMs);
    else out.push({ startMs: row.startMs, endMs: Math.max(row.endMs, row.startMs) });
  }
  return out;
}
